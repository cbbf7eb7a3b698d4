CREATE TABLE outbox_messages (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  event_id UNIQUEIDENTIFIER NOT NULL UNIQUE,
  type NVARCHAR(300) NOT NULL,
  payload NVARCHAR(MAX) NOT NULL,
  occurred_at DATETIMEOFFSET NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIMEOFFSET NULL,
  locked_until DATETIMEOFFSET NULL,
  locked_by NVARCHAR(64) NULL,
  processed_at DATETIMEOFFSET NULL,
  parked_at DATETIMEOFFSET NULL,
  last_error NVARCHAR(MAX) NULL
);
CREATE INDEX ix_outbox_pending ON outbox_messages (id) WHERE processed_at IS NULL AND parked_at IS NULL;

CREATE TABLE inbox_messages (
  event_id UNIQUEIDENTIFIER NOT NULL,
  handler NVARCHAR(300) NOT NULL,
  processed_at DATETIMEOFFSET NOT NULL,
  CONSTRAINT pk_inbox_messages PRIMARY KEY (event_id, handler)
);

CREATE TABLE idempotency_keys (
  principal NVARCHAR(200) NOT NULL,
  idempotency_key NVARCHAR(200) NOT NULL,
  method NVARCHAR(10) NOT NULL,
  path NVARCHAR(400) NOT NULL,
  request_hash NVARCHAR(64) NOT NULL,
  status_code INT NULL,
  content_type NVARCHAR(200) NULL,
  location NVARCHAR(400) NULL,
  body VARBINARY(MAX) NULL,
  created_at DATETIMEOFFSET NOT NULL,
  completed_at DATETIMEOFFSET NULL,
  CONSTRAINT pk_idempotency_keys PRIMARY KEY (principal, idempotency_key)
);
