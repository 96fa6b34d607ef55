-- The audit trail (docs/security.md, "Audit"): every change of the office's
-- configuration and every sign-in, successful or not. Never a password, PIN,
-- token or one-time code: secrets appear only as "(set)" or a hash.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,   -- ms since the epoch
    actor       TEXT    NOT NULL,   -- "account:<login>", "device:<name>", "operator:<login>", "cli", "" when unknown
    address     TEXT    NOT NULL,   -- the caller's address; "" from the command line
    action      TEXT    NOT NULL,   -- e.g. "auth.login", "topic.update", "window.services"
    object      TEXT    NOT NULL,   -- what it is about, e.g. "window:2", "account:admin"
    outcome     TEXT    NOT NULL,   -- "ok", or why it failed ("wrong_password", "locked"…)
    before_json TEXT,               -- the object before (JSON), NULL for none
    after_json  TEXT                -- the object after (JSON), NULL for none
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor_at ON audit(actor, at);
