-- An appointment is a time on the clock where it is held: starts_at is the
-- instant (UTC) and time_zone the place's zone, such as America/Chicago.
-- Rows from before have no zone: their starts_at holds the place's clock
-- time as if it were UTC, and they are shown as that clock time.
ALTER TABLE appointments ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
