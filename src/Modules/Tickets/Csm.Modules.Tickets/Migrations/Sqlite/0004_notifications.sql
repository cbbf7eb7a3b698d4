-- In-app notifications for staff: an owner told that a ticket is at risk or breached, a person told a ticket was escalated
-- to them, a role told a rule escalated a ticket. One row per recipient; read_at stays null until they read it.
CREATE TABLE tkt_notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NULL,
  sla_state TEXT NULL,
  reason TEXT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT NULL
);
-- "My unread, newest first" (the bell's count and panel) reads only this partial index.
CREATE INDEX ix_tkt_notifications_unread ON tkt_notifications (recipient, created_at DESC, id DESC) WHERE read_at IS NULL;
CREATE INDEX ix_tkt_notifications_recipient ON tkt_notifications (recipient, created_at DESC, id DESC);
