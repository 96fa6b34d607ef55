-- The ticket's public page /t/<page_token> (server/ratings.cpp): an unguessable token
-- instead of the sequential row id, so that nobody on the LAN can walk /t/1, /t/2, …
-- New tickets get 128 bits from QRandomGenerator::system() (server/pagetoken.cpp);
-- tickets from before this migration get 128 bits from SQLite's randomblob (the
-- operating system's random source), as 32 hex digits.
ALTER TABLE tickets ADD COLUMN page_token TEXT;
UPDATE tickets SET page_token = lower(hex(randomblob(16))) WHERE page_token IS NULL;
CREATE UNIQUE INDEX tickets_page_token ON tickets(page_token);
