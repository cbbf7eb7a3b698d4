-- Files attached to a ticket, or to one of its comments: the name shown (cleaned), the type read from the content, the
-- size and the SHA-256 that names the blob (IBlobStore), who sent it and when; a merge lists the duplicate's files on the
-- ticket that goes on, marked with the ticket they came from.
CREATE TABLE tkt_attachments (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  comment_id BIGINT NULL,
  file_name NVARCHAR(400) NOT NULL,
  content_type NVARCHAR(200) NOT NULL,
  size BIGINT NOT NULL,
  sha256 NVARCHAR(64) NOT NULL,
  uploaded_by NVARCHAR(200) NULL,
  uploaded_at DATETIMEOFFSET NOT NULL,
  merged_from_id BIGINT NULL
);
CREATE INDEX ix_tkt_attachments_ticket ON tkt_attachments (ticket_id);
