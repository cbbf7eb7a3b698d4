-- The last ticket number handed out. Opening a ticket takes the next one in its write transaction and inserts the
-- ticket with it, instead of updating the row with a number made from its id. Numbers so far were the tickets' ids.
-- Taking a number updates this row, whose lock then waits for the opener's commit: numbers are unique and without gaps.
CREATE TABLE tkt_ticket_numbers (
  id BIGINT NOT NULL CONSTRAINT pk_tkt_ticket_numbers PRIMARY KEY CONSTRAINT ck_tkt_ticket_numbers_one_row CHECK (id = 1),
  last_number BIGINT NOT NULL
);
INSERT INTO tkt_ticket_numbers (id, last_number) SELECT 1, COALESCE(MAX(id), 0) FROM tkt_tickets;
