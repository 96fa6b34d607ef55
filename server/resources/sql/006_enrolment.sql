-- Devices paired with a one-time code (queue-server --enrol, POST /api/v1/devices/enrol)
-- instead of a token written in the office configuration. Only SHA-256 hashes of the
-- codes and of the tokens are kept: a copy of the database authenticates nobody.
CREATE TABLE enrolment_codes (
    code_hash   TEXT PRIMARY KEY,   -- SHA-256 hex of the normalised code
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL,   -- kiosk, display, booking
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER             -- NULL: not used yet
);
CREATE TABLE enrolled_devices (
    name        TEXT PRIMARY KEY,
    role        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,   -- SHA-256 hex of the device's bearer token
    enrolled_at INTEGER NOT NULL
);
