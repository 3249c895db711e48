-- ../0006_earlier_addresses.sql: a database on a server starts at the
-- schema of today, so there are no older rows to carry over; the table is
-- made as that migration leaves it.
DROP TABLE address_changes;
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
