-- ../0004_limits.sql without SQLite's WITHOUT ROWID.
ALTER TABLE accounts ADD COLUMN failures_in_row INTEGER NOT NULL DEFAULT 0;

ALTER TABLE access_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT 'setup'
    CHECK (purpose IN ('setup', 'reset'));

CREATE TABLE throttles (
    kind         TEXT NOT NULL,
    key_hash     TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    in_row       INTEGER NOT NULL DEFAULT 0,
    window_start TEXT NOT NULL DEFAULT '',
    locked_until TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, key_hash)
);
