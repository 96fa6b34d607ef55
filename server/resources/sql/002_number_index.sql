-- Issuing looks up the numbers of one prefix still held by active tickets.
CREATE INDEX tickets_prefix_state ON tickets(prefix, state);
