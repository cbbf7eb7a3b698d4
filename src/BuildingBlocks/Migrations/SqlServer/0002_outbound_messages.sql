-- Every message Csm sends (e-mail, SMS, webhook), whichever module caused it: written in the transaction of the change
-- that causes it, leased by one sender at a time, and settled as sent (with the server's reply), failed or parked.
CREATE TABLE out_messages (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  module NVARCHAR(50) NOT NULL,
  business_key NVARCHAR(200) NOT NULL,
  kind NVARCHAR(50) NOT NULL,
  channel NVARCHAR(20) NOT NULL,
  recipient NVARCHAR(2000) NULL,
  language NVARCHAR(20) NULL,
  subject NVARCHAR(1000) NULL,
  body_text NVARCHAR(MAX) NOT NULL,
  body_html NVARCHAR(MAX) NULL,
  message_id NVARCHAR(300) NULL,
  in_reply_to NVARCHAR(300) NULL,
  thread_references NVARCHAR(MAX) NULL,
  signature NVARCHAR(200) NULL,
  status NVARCHAR(20) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  due_at DATETIMEOFFSET NOT NULL,
  expires_at DATETIMEOFFSET NULL,
  locked_until DATETIMEOFFSET NULL,
  locked_by NVARCHAR(64) NULL,
  server_reply NVARCHAR(2000) NULL,
  last_error NVARCHAR(2000) NULL,
  created_at DATETIMEOFFSET NOT NULL,
  settled_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_out_messages_due ON out_messages (due_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX ix_out_messages_key ON out_messages (module, business_key);
CREATE INDEX ix_out_messages_status ON out_messages (status, id);
