-- ../0013_clinic_pins.sql with BYTEA for BLOB.
CREATE TABLE clinic_pins (
    clinic_id        TEXT PRIMARY KEY,
    one              INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (one = 1),
    name             TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    public_key       BYTEA NOT NULL CHECK (length(public_key) = 32),
    clinic_person_id TEXT NOT NULL,
    person_id        TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    last_seq         INTEGER NOT NULL CHECK (last_seq >= 1),
    last_made        TEXT NOT NULL,
    applied_at       TEXT NOT NULL
);
