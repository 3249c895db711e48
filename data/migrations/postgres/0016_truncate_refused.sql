-- TRUNCATE removes every row without firing the row triggers that keep the
-- audit log append-only and notices immutable (0001_initial.sql): refuse it
-- with a statement trigger, for every role, the tables' owner too.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION casedesk_refuse('the audit log is append-only');
CREATE TRIGGER notices_no_truncate BEFORE TRUNCATE ON notices
    FOR EACH STATEMENT EXECUTE FUNCTION casedesk_refuse('notices are immutable');
