-- A rule's notify reaches staff in the bell too: a notification may be about a customer (with the rule's name as its
-- title) instead of a ticket.
ALTER TABLE tkt_notifications ALTER COLUMN ticket_id DROP NOT NULL;
ALTER TABLE tkt_notifications ADD COLUMN customer_id BIGINT NULL,
  ADD COLUMN title TEXT NULL;
