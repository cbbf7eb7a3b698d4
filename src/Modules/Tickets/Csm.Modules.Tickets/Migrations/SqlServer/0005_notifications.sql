-- In-app notifications for staff: an owner told that a ticket is at risk or breached, a person told a ticket was escalated
-- to them, a role told a rule escalated a ticket. One row per recipient; read_at stays null until they read it.
CREATE TABLE tkt_notifications (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_tkt_notifications PRIMARY KEY,
  recipient NVARCHAR(200) NOT NULL,
  ticket_id BIGINT NOT NULL,
  kind NVARCHAR(20) NOT NULL,
  target NVARCHAR(20) NULL,
  sla_state NVARCHAR(20) NULL,
  reason NVARCHAR(MAX) NULL,
  created_at DATETIMEOFFSET NOT NULL,
  read_at DATETIMEOFFSET NULL
);
-- One index serves "my unread, newest first" (the bell's count and panel: read_at IS NULL is a seek) and "all of mine"
-- (one person's notifications, sorted); a second one would cost every escalation scan's batch insert more than it saves.
CREATE INDEX ix_tkt_notifications_recipient ON tkt_notifications (recipient, read_at, created_at DESC, id DESC);
