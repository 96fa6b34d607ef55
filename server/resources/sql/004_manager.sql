-- Satisfaction ratings (standard, section 5): one per ticket, 1..5.
CREATE TABLE ratings (
    ticket_id  INTEGER PRIMARY KEY REFERENCES tickets(id),
    score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reason     TEXT,
    channel    TEXT    NOT NULL,          -- kiosk, web, manager
    service    TEXT    NOT NULL,
    window     INTEGER,
    operator   TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX ratings_created ON ratings(created_at);

-- The book of reviews and suggestions: complaints, thanks, suggestions, reviews.
-- The contact is kept only with the client's consent.
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,       -- complaint, thanks, suggestion, review
    channel       TEXT    NOT NULL,       -- book, phone, email, website, kiosk, other
    text          TEXT    NOT NULL,
    contact       TEXT,
    consent       INTEGER NOT NULL DEFAULT 0,
    ticket_id     INTEGER,
    registered_at INTEGER NOT NULL,
    registered_by TEXT    NOT NULL,
    due_at        INTEGER NOT NULL,       -- measures within 10 working days
    closed_at     INTEGER,
    measures      TEXT
);
CREATE INDEX reviews_open ON reviews(closed_at, due_at);

-- Alarms raised for the manager; `key` identifies the condition so that it
-- is raised once while it lasts.
CREATE TABLE alarms (
    id         INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    level      TEXT    NOT NULL,          -- warning, critical
    message    TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    raised_at  INTEGER NOT NULL,
    cleared_at INTEGER,
    acked_at   INTEGER,
    acked_by   TEXT
);
CREATE INDEX alarms_active ON alarms(cleared_at, key);
