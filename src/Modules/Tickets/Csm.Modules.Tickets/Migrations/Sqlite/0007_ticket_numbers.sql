-- The last ticket number handed out. Opening a ticket takes the next one in its write transaction and inserts the
-- ticket with it, instead of updating the row with a number made from its id. Numbers so far were the tickets' ids.
CREATE TABLE tkt_ticket_numbers (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_number INTEGER NOT NULL
);
INSERT INTO tkt_ticket_numbers (id, last_number) SELECT 1, COALESCE(MAX(id), 0) FROM tkt_tickets;
