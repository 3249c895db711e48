-- CaseDesk schema, version 1, on PostgreSQL: the same tables, columns and
-- indexes as ../0001_initial.sql, where SQLite's own features are
-- PostgreSQL's: BYTEA for BLOB, DOUBLE PRECISION for REAL, CITEXT for a
-- username that ignores case (COLLATE NOCASE), a json_valid function for
-- the JSON checks, and trigger functions for the triggers. The FTS5 table
-- is left out: version 9 replaced it with name_prefixes.

CREATE EXTENSION IF NOT EXISTS citext;

-- SQLite's json_valid: whether t is JSON.
CREATE FUNCTION json_valid(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM t::json;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END
$$;

-- A trigger that refuses the change with its first argument as the reason,
-- as SQLite's RAISE(ABORT, …) does (an integrity constraint violation).
CREATE FUNCTION casedesk_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    id               TEXT PRIMARY KEY,
    given_name       TEXT NOT NULL,
    middle_name      TEXT NOT NULL DEFAULT '',
    family_name      TEXT NOT NULL,
    other_names      TEXT NOT NULL DEFAULT '',
    date_of_birth    TEXT NOT NULL DEFAULT '',
    country_of_birth TEXT NOT NULL DEFAULT '',
    a_number         TEXT UNIQUE,
    address_line1    TEXT NOT NULL DEFAULT '',
    address_line2    TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT '',
    zip              TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT 'en',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (a_number IS NULL OR length(a_number) = 10)
);

CREATE TABLE accounts (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL UNIQUE REFERENCES people(id) ON DELETE CASCADE,
    username         CITEXT UNIQUE,
    account_number   TEXT NOT NULL UNIQUE CHECK (length(account_number) = 12),
    password_hash    TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT 'applicant' CHECK (role IN ('applicant', 'staff', 'admin')),
    totp_secret      BYTEA,
    totp_last_step   BIGINT NOT NULL DEFAULT 0,
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    last_sign_in_at  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE backup_codes (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX backup_codes_account ON backup_codes(account_id);

CREATE TABLE access_codes (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL UNIQUE,
    expires_at  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    revoked_at  TEXT NOT NULL DEFAULT '',
    redeemed_at TEXT NOT NULL DEFAULT '',
    issued_by   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX access_codes_person ON access_codes(person_id);

CREATE TABLE cases (
    id             TEXT PRIMARY KEY,
    receipt_number TEXT NOT NULL UNIQUE CHECK (length(receipt_number) = 13),
    form_type      TEXT NOT NULL,
    form_title     TEXT NOT NULL DEFAULT '',
    applicant_id   TEXT NOT NULL REFERENCES people(id),
    petitioner_id  TEXT REFERENCES people(id),
    beneficiary_id TEXT REFERENCES people(id),
    received_date  TEXT NOT NULL,
    priority_date  TEXT NOT NULL DEFAULT '',
    office         TEXT NOT NULL DEFAULT '',
    status_code    TEXT NOT NULL,
    status_date    TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX cases_applicant ON cases(applicant_id);
CREATE INDEX cases_petitioner ON cases(petitioner_id) WHERE petitioner_id IS NOT NULL;
CREATE INDEX cases_beneficiary ON cases(beneficiary_id) WHERE beneficiary_id IS NOT NULL;

CREATE TABLE case_events (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    status_code TEXT NOT NULL,
    event_date  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, event_date);

CREATE TABLE notices (
    id          TEXT PRIMARY KEY,
    case_id     TEXT REFERENCES cases(id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    notice_date TEXT NOT NULL,
    due_date    TEXT NOT NULL DEFAULT '',
    fields      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
    created_at  TEXT NOT NULL
);
CREATE INDEX notices_case ON notices(case_id);
CREATE INDEX notices_person ON notices(person_id, notice_date);
CREATE INDEX notices_date ON notices(notice_date);
-- A notice is a record of what was mailed: it never changes.
CREATE TRIGGER notices_immutable BEFORE UPDATE ON notices
    FOR EACH ROW EXECUTE FUNCTION casedesk_refuse('notices are immutable');

CREATE TABLE appointments (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    case_id       TEXT REFERENCES cases(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('biometrics', 'interview', 'oath')),
    starts_at     TEXT NOT NULL,
    place_name    TEXT NOT NULL DEFAULT '',
    place_address TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'scheduled'
);
CREATE INDEX appointments_person ON appointments(person_id, starts_at);

CREATE TABLE messages (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    case_id    TEXT REFERENCES cases(id) ON DELETE CASCADE,
    from_staff INTEGER NOT NULL DEFAULT 1,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    read_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_person ON messages(person_id, sent_at);
CREATE INDEX messages_unread ON messages(person_id) WHERE read_at = '';

CREATE TABLE address_changes (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL,
    state         TEXT NOT NULL,
    zip           TEXT NOT NULL,
    changed_by    TEXT NOT NULL DEFAULT '',
    changed_at    TEXT NOT NULL
);
CREATE INDEX address_changes_person ON address_changes(person_id, changed_at);

CREATE TABLE processing_times (
    form_type  TEXT NOT NULL,
    office     TEXT NOT NULL,
    min_months DOUBLE PRECISION NOT NULL CHECK (min_months >= 0),
    max_months DOUBLE PRECISION NOT NULL CHECK (max_months >= min_months),
    as_of      TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (form_type, office)
);

-- Append-only: who did what to which record, and when. Never a secret.
CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL DEFAULT '',
    record_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION casedesk_refuse('the audit log is append-only');
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION casedesk_refuse('the audit log is append-only');
