-- ../0014_household.sql with BYTEA for BLOB.
-- A household's own CaseDesk (install.kind = household): the people whose
-- cases its owner follows, the letters attached to those cases, and the
-- response a request for evidence needs.

-- The owner and the family members they added. owner_id is the owner's own
-- person; the owner's row has person_id = owner_id and relationship 'self'.
CREATE TABLE household_members (
    person_id    TEXT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    owner_id     TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    relationship TEXT NOT NULL DEFAULT '',
    added_at     TEXT NOT NULL
);
CREATE INDEX household_members_owner ON household_members(owner_id);

-- A scanned letter or a photo of it, sealed with the install's data key
-- (AES-256-GCM). size is the plain file's, for the list; the list never
-- reads the sealed column.
CREATE TABLE case_attachments (
    id       TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
    size     INTEGER NOT NULL,
    sealed   BYTEA NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id, added_at);

-- A request for evidence: when the response is due, and the evidence to send.
CREATE TABLE case_rfe (
    case_id    TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    due_date   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE rfe_items (
    id       TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    text     TEXT NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);
CREATE INDEX rfe_items_case ON rfe_items(case_id, added_at);
