-- Issuing checks whether a number of a prefix is still held by an active ticket.
CREATE INDEX tickets_prefix_number ON tickets(prefix, seq_no);
