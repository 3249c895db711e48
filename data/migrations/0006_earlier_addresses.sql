-- address_changes held each new address; from now on it holds the address
-- each change replaced and when, so that a person's earlier addresses,
-- their first one included, can be listed (the current one is on people).
-- A row kept before this holds the address a change moved to: it becomes
-- the address the next change replaced. The address a person's first
-- change replaced was never kept, so that row has none to give.
CREATE TABLE address_changes_replaced (
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
INSERT INTO address_changes_replaced (id, person_id, address_line1, address_line2, city, state, zip, changed_by, changed_at)
SELECT id, person_id, line1, line2, city, state, zip, changed_by, changed_at FROM (
    SELECT id, person_id, changed_by, changed_at,
        lag(address_line1) OVER w AS line1, lag(address_line2) OVER w AS line2, lag(city) OVER w AS city,
        lag(state) OVER w AS state, lag(zip) OVER w AS zip
    FROM address_changes
    WINDOW w AS (PARTITION BY person_id ORDER BY changed_at, id)
) WHERE line1 IS NOT NULL;
DROP TABLE address_changes;
ALTER TABLE address_changes_replaced RENAME TO address_changes;
CREATE INDEX address_changes_person ON address_changes(person_id, changed_at);
