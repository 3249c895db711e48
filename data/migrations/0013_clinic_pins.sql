-- The clinic whose case packets a household's computer takes: the first
-- packet pins the clinic's public key (Ed25519), and a later packet is
-- applied only when signed with it, newer than last_seq and for the same
-- person. A household follows one clinic: the table holds at most one row.
CREATE TABLE clinic_pins (
    clinic_id        TEXT PRIMARY KEY,
    one              INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (one = 1),
    name             TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    public_key       BLOB NOT NULL CHECK (length(public_key) = 32),
    -- The clinic's id of the person the packets are for, and that
    -- person's id in this store.
    clinic_person_id TEXT NOT NULL,
    person_id        TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    last_seq         INTEGER NOT NULL CHECK (last_seq >= 1),
    last_made        TEXT NOT NULL,
    applied_at       TEXT NOT NULL
);
