-- Name search without ranking. For each word of a person's names, folded in
-- Go (case and accents removed, see app.FoldName), its first one, two and
-- three letters, each with the person and the whole folded name. A search
-- reads the rows of one typed prefix, newest person first, keeps those whose
-- name has a word starting with every typed word, and stops at its limit:
-- names are spread evenly over person ids, so the rows read before the limit
-- is reached do not grow with the store, where people_fts ranked and sorted
-- every match. A row of people with none here (clinic staff, say) is never
-- found by the search.
CREATE TABLE name_prefixes (
    prefix    TEXT NOT NULL,
    person_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (prefix, person_id)
) WITHOUT ROWID;

-- people_fts holds the same folded names, single-spaced.
WITH RECURSIVE split (person_id, name, word, rest) AS (
    SELECT person_id, name, '', name || ' ' FROM people_fts
    UNION ALL
    SELECT person_id, name, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest != ''
), lengths (n) AS (VALUES (1), (2), (3))
INSERT OR IGNORE INTO name_prefixes (prefix, person_id, name)
SELECT substr(word, 1, n), person_id, name FROM split, lengths WHERE length(word) >= n;

DROP TABLE people_fts;
