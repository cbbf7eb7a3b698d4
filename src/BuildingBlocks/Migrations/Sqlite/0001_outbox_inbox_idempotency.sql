CREATE TABLE outbox_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NULL,
  locked_until TEXT NULL,
  locked_by TEXT NULL,
  processed_at TEXT NULL,
  parked_at TEXT NULL,
  last_error TEXT NULL
);
CREATE INDEX ix_outbox_pending ON outbox_messages (id) WHERE processed_at IS NULL AND parked_at IS NULL;

CREATE TABLE inbox_messages (
  event_id TEXT NOT NULL,
  handler TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  PRIMARY KEY (event_id, handler)
);

CREATE TABLE idempotency_keys (
  principal TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NULL,
  content_type TEXT NULL,
  location TEXT NULL,
  body BLOB NULL,
  created_at TEXT NOT NULL,
  completed_at TEXT NULL,
  PRIMARY KEY (principal, idempotency_key)
);
