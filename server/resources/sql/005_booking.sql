-- Pre-booking by date and time (server/booking.cpp, docs/booking.md).
-- Phone and name are the only personal data in the database: they live here
-- and nowhere else, and are erased (set to NULL, purged_at filled) a
-- configurable number of days after the slot.
CREATE TABLE bookings (
    id            INTEGER PRIMARY KEY,
    code          TEXT    NOT NULL,          -- short numeric code typed at the kiosk
    service       TEXT    NOT NULL,
    slot_start    INTEGER NOT NULL,
    slot_end      INTEGER NOT NULL,
    state         TEXT    NOT NULL,          -- active, checked_in, late, cancelled, no_show
    phone         TEXT,
    name          TEXT,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,          -- the device that booked (website, bot, contact centre)
    ticket_id     INTEGER,
    checked_in_at INTEGER,
    cancelled_at  INTEGER,
    purged_at     INTEGER
);
CREATE INDEX bookings_slot ON bookings(service, slot_start);
CREATE INDEX bookings_purge ON bookings(purged_at, slot_start);
CREATE UNIQUE INDEX bookings_active_code ON bookings(code) WHERE state = 'active';

-- The slot start of a visitor who checked in on time: called ahead of walk-ins from then on.
ALTER TABLE tickets ADD COLUMN booked_at INTEGER;
