-- Every message Csm sends (e-mail, SMS, webhook), whichever module caused it: written in the transaction of the change
-- that causes it, leased by one sender at a time, and settled as sent (with the server's reply), failed or parked.
CREATE TABLE out_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  module TEXT NOT NULL,
  business_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NULL,
  language TEXT NULL,
  subject TEXT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NULL,
  message_id TEXT NULL,
  in_reply_to TEXT NULL,
  thread_references TEXT NULL,
  signature TEXT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at TEXT NOT NULL,
  expires_at TEXT NULL,
  locked_until TEXT NULL,
  locked_by TEXT NULL,
  server_reply TEXT NULL,
  last_error TEXT NULL,
  created_at TEXT NOT NULL,
  settled_at TEXT NULL
);
-- The sender's scan: what is due, and leases that ran out (a host that died mid-send).
CREATE INDEX ix_out_messages_due ON out_messages (due_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX ix_out_messages_key ON out_messages (module, business_key);
CREATE INDEX ix_out_messages_status ON out_messages (status, id);
