-- Files sent with a message (a report's CSV), stored with it so a retry sends the same bytes.
CREATE TABLE out_attachments (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  message_id BIGINT NOT NULL,
  file_name NVARCHAR(255) NOT NULL,
  content_type NVARCHAR(100) NOT NULL,
  content VARBINARY(MAX) NOT NULL
);
CREATE INDEX ix_out_attachments_message ON out_attachments (message_id, id);
