-- Files attached to a ticket, or to one of its comments: the name shown (cleaned), the type read from the content, the
-- size and the SHA-256 that names the blob (IBlobStore), who sent it and when; a merge lists the duplicate's files on the
-- ticket that goes on, marked with the ticket they came from.
CREATE TABLE tkt_attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  comment_id INTEGER NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NULL,
  uploaded_at TEXT NOT NULL,
  merged_from_id INTEGER NULL
);
CREATE INDEX ix_tkt_attachments_ticket ON tkt_attachments (ticket_id);
