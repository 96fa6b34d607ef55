-- Tickets: one row per visit, kept forever (the history the reports read).
CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    number           TEXT    NOT NULL,
    prefix           TEXT    NOT NULL,
    seq_no           INTEGER NOT NULL,
    business_day     TEXT    NOT NULL,
    service          TEXT    NOT NULL,
    original_service TEXT    NOT NULL,
    called_service   TEXT,
    priority         TEXT,
    state            TEXT    NOT NULL,
    issued_at        INTEGER NOT NULL,
    called_at        INTEGER,
    last_called_at   INTEGER,
    started_at       INTEGER,
    finished_at      INTEGER,
    postponed_until  INTEGER,
    window           INTEGER,
    target_window    INTEGER,
    operator         TEXT,
    recalls          INTEGER NOT NULL DEFAULT 0,
    redirects        INTEGER NOT NULL DEFAULT 0,
    outcome          TEXT,
    comment          TEXT
);
CREATE INDEX tickets_state ON tickets(state);
CREATE INDEX tickets_day ON tickets(business_day, service);
CREATE INDEX tickets_issued ON tickets(issued_at);

-- The last number given out per prefix and the day it belongs to.
CREATE TABLE counters (
    prefix       TEXT PRIMARY KEY,
    business_day TEXT    NOT NULL,
    last         INTEGER NOT NULL
);

CREATE TABLE windows (
    number       INTEGER PRIMARY KEY,
    state        TEXT    NOT NULL,
    pause_reason TEXT,
    operator     TEXT,
    ticket_id    INTEGER,
    since        INTEGER NOT NULL
);

-- Operator sessions; only a hash of the token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    login      TEXT    NOT NULL,
    window     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Every change, in order: the event stream and the audit trail (standard 1.4.6).
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    ticket_id INTEGER,
    window    INTEGER,
    data      TEXT    NOT NULL
);
CREATE INDEX events_ticket ON events(ticket_id);

-- Answers to requests that carried an Idempotency-Key.
CREATE TABLE idempotency (
    principal  TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    status     INTEGER NOT NULL,
    body       BLOB    NOT NULL,
    PRIMARY KEY (principal, key)
);
