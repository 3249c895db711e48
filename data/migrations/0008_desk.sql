-- The clinic's desk: staff members, clients assigned to them, the clinic's
-- side of the inbox, and each client's earlier details.

-- A staff member's own person row (1) is never a client: it has no search
-- entry and no client query returns it. Rows from before are all clients.
ALTER TABLE people ADD COLUMN staff INTEGER NOT NULL DEFAULT 0 CHECK (staff IN (0, 1));
-- The staff account a client is assigned to; '' for nobody.
ALTER TABLE people ADD COLUMN assigned_to TEXT NOT NULL DEFAULT '';
CREATE INDEX people_assigned ON people(assigned_to, family_name, given_name) WHERE assigned_to != '';
CREATE INDEX people_recent ON people(updated_at, id) WHERE staff = 0;

-- A staff account is disabled, never deleted. A one-time password given by
-- an administrator must be replaced at the first sign-in.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
CREATE INDEX accounts_staff ON accounts(role) WHERE role != 'applicant';

-- read_at is the applicant's side of a message; clinic_read_at is when the
-- clinic read a client's message. The clinic has read its own messages.
ALTER TABLE messages ADD COLUMN clinic_read_at TEXT NOT NULL DEFAULT '';
UPDATE messages SET clinic_read_at = sent_at WHERE from_staff = 1;
CREATE INDEX messages_clinic_inbox ON messages(sent_at, id) WHERE from_staff = 0;
CREATE INDEX messages_clinic_unread ON messages(sent_at, id) WHERE from_staff = 0 AND clinic_read_at = '';

-- A client's details as they were before each change: details is a JSON
-- object of the people row's columns, the sealed column kept sealed (hex).
CREATE TABLE person_history (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    details     TEXT NOT NULL CHECK (json_valid(details)),
    assigned_to TEXT NOT NULL DEFAULT '',
    changed_by  TEXT NOT NULL DEFAULT '',
    changed_at  TEXT NOT NULL
);
CREATE INDEX person_history_person ON person_history(person_id, changed_at);

-- The audit log is read by record (a client's page) and by who wrote it.
CREATE INDEX audit_events_record ON audit_events(record_id);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at);
