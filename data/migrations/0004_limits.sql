-- Failed tries in a row since the last successful sign-in, across timed
-- locks: at 100 the account stays locked until the clinic unlocks it.
ALTER TABLE accounts ADD COLUMN failures_in_row INTEGER NOT NULL DEFAULT 0;

-- Why a code was issued: to set up a new account, or (staff-assisted, after
-- checking the person's identity in person) to reset an existing one.
ALTER TABLE access_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT 'setup'
    CHECK (purpose IN ('setup', 'reset'));

-- Failed tries of things that are not an account's sign-in: a username that
-- may not exist, a recovery for one username or identity, an account's
-- attempts to link a paper-filed case. key_hash is a hash (keyed with the
-- data key for usernames and identities), so the table names nobody.
CREATE TABLE throttles (
    kind         TEXT NOT NULL,
    key_hash     TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    in_row       INTEGER NOT NULL DEFAULT 0,
    window_start TEXT NOT NULL DEFAULT '',
    locked_until TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, key_hash)
) WITHOUT ROWID;
