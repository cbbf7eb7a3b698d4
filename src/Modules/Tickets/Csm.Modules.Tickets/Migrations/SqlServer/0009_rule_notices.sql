-- A rule's notify reaches staff in the bell too: a notification may be about a customer (with the rule's name as its
-- title) instead of a ticket.
ALTER TABLE tkt_notifications ALTER COLUMN ticket_id BIGINT NULL;
ALTER TABLE tkt_notifications ADD customer_id BIGINT NULL, title NVARCHAR(300) NULL;
