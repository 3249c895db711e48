-- Funders' reports count a period's status events, cases received,
-- appointments, clients added and printed notices; these indexes let a
-- year's report on a large clinic read only that year's rows, from the
-- index alone where it holds every column asked for.
CREATE INDEX case_events_date ON case_events(event_date, case_id);
CREATE INDEX cases_received ON cases(received_date);
CREATE INDEX appointments_starts ON appointments(starts_at, status, person_id);
CREATE INDEX people_created ON people(created_at, id) WHERE staff = 0;
CREATE INDEX audit_events_action ON audit_events(action, at);
-- A case's form and status, for the active cases by form and outcome.
CREATE INDEX cases_form_status ON cases(form_type, status_code, status_date);
