-- Large imports run as background jobs: their progress, the rows they refused (the downloadable error report), and one
-- row every import locks for its batch's transaction, so imports take turns on every engine (no two create one customer).
CREATE TABLE cus_import_jobs (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  source NVARCHAR(200) NULL,
  content_type NVARCHAR(200) NOT NULL,
  state NVARCHAR(200) NOT NULL,
  file_bytes BIGINT NOT NULL,
  bytes_read BIGINT NOT NULL DEFAULT 0,
  rows_read BIGINT NOT NULL DEFAULT 0,
  created BIGINT NOT NULL DEFAULT 0,
  updated BIGINT NOT NULL DEFAULT 0,
  unchanged BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  kept BIGINT NOT NULL DEFAULT 0,
  linked BIGINT NOT NULL DEFAULT 0,
  likely_duplicates BIGINT NOT NULL DEFAULT 0,
  cancel_requested SMALLINT NOT NULL DEFAULT 0,
  reason NVARCHAR(MAX) NULL,
  started_by NVARCHAR(200) NULL,
  started_at DATETIMEOFFSET NOT NULL,
  heartbeat_at DATETIMEOFFSET NOT NULL,
  finished_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_cus_import_jobs_state ON cus_import_jobs (state);

CREATE TABLE cus_import_job_errors (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  job_id BIGINT NOT NULL REFERENCES cus_import_jobs (id),
  file_row BIGINT NOT NULL,
  external_id NVARCHAR(MAX) NULL,
  field NVARCHAR(200) NOT NULL,
  reason NVARCHAR(MAX) NOT NULL
);
CREATE INDEX ix_cus_import_job_errors_job ON cus_import_job_errors (job_id, file_row);

CREATE TABLE cus_import_turn (
  id BIGINT NOT NULL PRIMARY KEY,
  turns BIGINT NOT NULL
);
INSERT INTO cus_import_turn (id, turns) VALUES (1, 0);
