-- Where an appointment came from at home: 'clinic' when a clinic's case
-- packet brought it, '' when it was entered on this computer. A later
-- packet changes only the clinic's, so a packet record with the id of one
-- entered by hand cannot move it.
ALTER TABLE appointments ADD COLUMN source TEXT NOT NULL DEFAULT '';

-- A household that took packets before: every appointment typed at home
-- has an audit row of its own (household.appointment.add, by its id); the
-- packets' have none.
UPDATE appointments SET source = 'clinic'
 WHERE EXISTS (SELECT 1 FROM clinic_pins)
   AND id NOT IN (SELECT record_id FROM audit_events WHERE record_type = 'appointment');
