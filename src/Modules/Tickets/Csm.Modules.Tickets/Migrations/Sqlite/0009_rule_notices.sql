-- A rule's notify reaches staff in the bell too: a notification may be about a customer (with the rule's name as its
-- title) instead of a ticket. SQLite cannot drop NOT NULL in place, so the table is rebuilt with its rows and index.
CREATE TABLE tkt_notifications_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  ticket_id INTEGER NULL,
  customer_id INTEGER NULL,
  title TEXT NULL,
  kind TEXT NOT NULL,
  target TEXT NULL,
  sla_state TEXT NULL,
  reason TEXT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT NULL
);
INSERT INTO tkt_notifications_new (id, recipient, ticket_id, kind, target, sla_state, reason, created_at, read_at)
SELECT id, recipient, ticket_id, kind, target, sla_state, reason, created_at, read_at FROM tkt_notifications;
DROP TABLE tkt_notifications;
ALTER TABLE tkt_notifications_new RENAME TO tkt_notifications;
CREATE INDEX ix_tkt_notifications_recipient ON tkt_notifications (recipient, read_at, created_at DESC, id DESC);
