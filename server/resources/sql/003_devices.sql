-- The last reported state of each device (kiosk printers, boards): the
-- manager's alarms read it. One row per device name from the config.
CREATE TABLE device_status (
    device      TEXT PRIMARY KEY,
    role        TEXT    NOT NULL,
    printer     TEXT,             -- ok, paper_low, paper_out, offline, error; NULL: no printer
    detail      TEXT,
    reported_at INTEGER NOT NULL
);
