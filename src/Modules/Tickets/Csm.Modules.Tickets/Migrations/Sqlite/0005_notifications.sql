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
-- One index serves "my unread, newest first" (the bell's count and panel: read_at IS NULL is a seek) and "all of mine"
-- (one person's notifications, sorted); a second one would cost every escalation scan's batch insert more than it saves.
CREATE INDEX ix_tkt_notifications_recipient ON tkt_notifications (recipient, read_at, created_at DESC, id DESC);
