-- Version 16 refuses TRUNCATE of the audit log and of notices on a
-- database server (postgres/0016_truncate_refused.sql): PostgreSQL's
-- TRUNCATE passes by the row triggers that keep them append-only and
-- immutable. SQLite has no TRUNCATE (its DELETE runs the row triggers), so
-- here there is nothing to change.
SELECT 1;
