-- Funders' reports count a period's status events, cases received,
-- appointments, clients added and printed notices; these indexes let a
-- year's report on a large clinic read only that year's rows.
CREATE INDEX case_events_date ON case_events(event_date, case_id);
CREATE INDEX cases_received ON cases(received_date);
CREATE INDEX appointments_starts ON appointments(starts_at);
CREATE INDEX people_created ON people(created_at) WHERE staff = 0;
CREATE INDEX audit_events_action ON audit_events(action, at);
