-- Paper-filed cases a person added to their account by receipt number,
-- after the case's person matched their identity.
CREATE TABLE case_links (
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    case_id   TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (person_id, case_id)
);
CREATE INDEX case_links_case ON case_links(case_id);
