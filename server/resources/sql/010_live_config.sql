-- The live configuration of the office (docs/architecture.md, "The live configuration"):
-- one row holding the whole document in the configuration file's JSON schema, secrets
-- only as hashes (operators' pin_hash, devices' "sha256:<hex>"), and its version, raised
-- by one on every change. The file seeds an empty table; from then on this row wins.
CREATE TABLE live_config (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     INTEGER NOT NULL,
    document    TEXT    NOT NULL,   -- JSON, the file's schema, without "tls" and "allow_plain_http"
    updated_at  INTEGER NOT NULL    -- ms since the epoch
);
