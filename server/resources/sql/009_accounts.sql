-- Personal accounts (docs/security.md, "Accounts"): administrators and managers
-- who sign in to /manager with a login and a password. Only PBKDF2 hashes of the
-- passwords and SHA-256 hashes of the session tokens are stored: a copy of the
-- database signs nobody in.
CREATE TABLE accounts (
    login               TEXT PRIMARY KEY,
    name                TEXT    NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('administrator', 'manager')),
    password_hash       TEXT    NOT NULL,   -- pbkdf2-sha256$<iterations>$<salt>$<hash>
    active              INTEGER NOT NULL DEFAULT 1,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,   -- ms since the epoch
    password_changed_at INTEGER NOT NULL,
    failed_logins       INTEGER NOT NULL DEFAULT 0,   -- wrong passwords in a row
    locked_until        INTEGER NOT NULL DEFAULT 0    -- ms since the epoch; 0: not locked
);
CREATE TABLE account_sessions (
    token_hash   TEXT PRIMARY KEY,   -- SHA-256 hex of the bearer token / session cookie
    login        TEXT    NOT NULL REFERENCES accounts(login) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL    -- idle expiry counts from here
);
CREATE INDEX account_sessions_login ON account_sessions(login);
