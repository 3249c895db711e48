-- The case packets the clinic wrote for its clients: one row a packet, with
-- its place in the clinic's count for the client (seq, which a later packet
-- must exceed at home) and how many records it holds. Neither its code nor
-- its contents are kept: the file and its printed notice are the only copy.
CREATE TABLE packets (
    id        TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL CHECK (seq >= 1),
    made_at   TEXT NOT NULL,
    made_by   TEXT NOT NULL DEFAULT '',
    counts    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)),
    UNIQUE (person_id, seq)
);
