-- Mailboxes Csm polls over IMAP (the secret protected by the host's data-protection keys, never shown), with where each
-- poll got to (the folder's UIDVALIDITY and the last UID taken) and how the last poll ended.
CREATE TABLE tkt_mailboxes (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(100) NOT NULL,
  host NVARCHAR(255) NOT NULL,
  port INT NOT NULL,
  tls NVARCHAR(20) NOT NULL,
  user_name NVARCHAR(320) NOT NULL,
  secret NVARCHAR(MAX) NOT NULL,
  folder NVARCHAR(255) NOT NULL,
  ticket_type NVARCHAR(50) NOT NULL,
  is_enabled BIT NOT NULL DEFAULT 1,
  uid_validity BIGINT NULL,
  last_uid BIGINT NULL,
  last_polled_at DATETIMEOFFSET NULL,
  last_error NVARCHAR(MAX) NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE UNIQUE INDEX ux_tkt_mailboxes_name ON tkt_mailboxes (name);
-- Every message that came in by e-mail (a mailbox or the inbound webhook), once: source + key (the Message-ID, or a hash
-- of the message when it has none) is unique, so a message polled twice, or by two hosts, is taken once. What became of
-- it: a ticket, a reply, ignored (an auto-reply or a bounce) or parked (unreadable; the reason is kept for admins).
CREATE TABLE tkt_inbound_mail (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  source NVARCHAR(50) NOT NULL,
  message_key NVARCHAR(450) NOT NULL,
  outcome NVARCHAR(20) NOT NULL,
  reason NVARCHAR(MAX) NULL,
  sender NVARCHAR(320) NULL,
  subject NVARCHAR(MAX) NULL,
  ticket_id BIGINT NULL,
  received_at DATETIMEOFFSET NOT NULL
);
CREATE UNIQUE INDEX ux_tkt_inbound_mail_key ON tkt_inbound_mail (source, message_key);
CREATE INDEX ix_tkt_inbound_mail_outcome ON tkt_inbound_mail (source, outcome);
