-- Mailboxes Csm polls over IMAP (the secret protected by the host's data-protection keys, never shown), with where each
-- poll got to (the folder's UIDVALIDITY and the last UID taken) and how the last poll ended.
CREATE TABLE tkt_mailboxes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  tls TEXT NOT NULL,
  user_name TEXT NOT NULL,
  secret TEXT NOT NULL,
  folder TEXT NOT NULL,
  ticket_type TEXT NOT NULL,
  is_enabled INTEGER NOT NULL DEFAULT 1,
  uid_validity INTEGER NULL,
  last_uid INTEGER NULL,
  last_polled_at TEXT NULL,
  last_error TEXT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_tkt_mailboxes_name ON tkt_mailboxes (name);
-- Every message that came in by e-mail (a mailbox or the inbound webhook), once: source + key (the Message-ID, or a hash
-- of the message when it has none) is unique, so a message polled twice, or by two hosts, is taken once. What became of
-- it: a ticket, a reply, ignored (an auto-reply or a bounce) or parked (unreadable; the reason is kept for admins).
CREATE TABLE tkt_inbound_mail (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  message_key TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NULL,
  sender TEXT NULL,
  subject TEXT NULL,
  ticket_id INTEGER NULL,
  received_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_tkt_inbound_mail_key ON tkt_inbound_mail (source, message_key);
CREATE INDEX ix_tkt_inbound_mail_outcome ON tkt_inbound_mail (source, outcome);
