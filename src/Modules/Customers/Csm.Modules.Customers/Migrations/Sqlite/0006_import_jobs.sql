-- Large imports run as background jobs: their progress, the rows they refused (the downloadable error report), and one
-- row every import locks for its batch's transaction, so imports take turns on every engine (no two create one customer).
CREATE TABLE cus_import_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NULL,
  content_type TEXT NOT NULL,
  state TEXT NOT NULL,
  file_bytes INTEGER NOT NULL,
  bytes_read INTEGER NOT NULL DEFAULT 0,
  rows_read INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  kept INTEGER NOT NULL DEFAULT 0,
  linked INTEGER NOT NULL DEFAULT 0,
  likely_duplicates INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  reason TEXT NULL,
  started_by TEXT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  finished_at TEXT NULL
);
CREATE INDEX ix_cus_import_jobs_state ON cus_import_jobs (state);

CREATE TABLE cus_import_job_errors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id INTEGER NOT NULL REFERENCES cus_import_jobs (id),
  file_row INTEGER NOT NULL,
  external_id TEXT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX ix_cus_import_job_errors_job ON cus_import_job_errors (job_id, file_row);

CREATE TABLE cus_import_turn (
  id INTEGER NOT NULL PRIMARY KEY,
  turns INTEGER NOT NULL
);
INSERT INTO cus_import_turn (id, turns) VALUES (1, 0);
