-- Files sent with a message (a report's CSV), stored with it so a retry sends the same bytes.
CREATE TABLE out_attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content BLOB NOT NULL
);
CREATE INDEX ix_out_attachments_message ON out_attachments (message_id, id);
