-- ../0009_name_prefixes.sql without SQLite's WITHOUT ROWID, and with no
-- FTS5 table to carry over (version 1 on a server has none). The search
-- reads prefix rows through the primary key, as on SQLite: a folded name
-- ("munoz" for "Muñoz", app.FoldName) makes it accent- and case-blind.
CREATE TABLE name_prefixes (
    prefix    TEXT NOT NULL,
    person_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (prefix, person_id)
);
