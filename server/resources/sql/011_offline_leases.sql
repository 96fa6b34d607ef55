-- Numbers leased to a kiosk ahead of time, so that it can issue tickets while the server
-- cannot be reached (docs/reliability.md, "The kiosk issues offline"). A lease is unused
-- until the kiosk uploads the ticket it printed with that number; ticket_id then names the
-- ticket, so that an upload repeated after a lost answer finds it instead of adding another.
-- An unused lease keeps its number from being issued by anyone else on that business day.
CREATE TABLE leases (
    prefix       TEXT    NOT NULL,
    business_day TEXT    NOT NULL,
    number       INTEGER NOT NULL,
    device       TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    leased_at    INTEGER NOT NULL,
    ticket_id    INTEGER,
    PRIMARY KEY (prefix, business_day, number)
);
CREATE INDEX leases_device ON leases(device, business_day);
