CREATE TABLE rul_rules (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(200) NOT NULL,
  description NVARCHAR(2000) NULL,
  is_enabled BIT NOT NULL,
  schedule NVARCHAR(200) NULL,
  event_type NVARCHAR(50) NULL,
  condition_json NVARCHAR(MAX) NOT NULL,
  actions_json NVARCHAR(MAX) NOT NULL,
  cooldown_days INT NOT NULL,
  owner NVARCHAR(100) NULL,
  template_key NVARCHAR(100) NULL,
  next_run_at DATETIMEOFFSET NULL,
  version BIGINT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_rul_rules_due ON rul_rules (next_run_at) WHERE is_enabled = 1;

CREATE TABLE rul_runs (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  rule_id BIGINT NOT NULL,
  trigger_kind NVARCHAR(20) NOT NULL,
  started_at DATETIMEOFFSET NOT NULL,
  finished_at DATETIMEOFFSET NULL,
  matched INT NOT NULL DEFAULT 0,
  fired INT NOT NULL DEFAULT 0,
  skipped_by_cooldown INT NOT NULL DEFAULT 0,
  error NVARCHAR(MAX) NULL
);
CREATE INDEX ix_rul_runs_rule ON rul_runs (rule_id, id);

-- One firing per rule, customer and cool-down window: the unique key stops overlapping runs firing twice.
CREATE TABLE rul_firings (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  rule_id BIGINT NOT NULL,
  run_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  cooldown_window BIGINT NOT NULL,
  fired_at DATETIMEOFFSET NOT NULL,
  reason NVARCHAR(MAX) NOT NULL,
  actions_json NVARCHAR(MAX) NOT NULL,
  CONSTRAINT uq_rul_firings_window UNIQUE (rule_id, customer_id, cooldown_window)
);
CREATE INDEX ix_rul_firings_cooldown ON rul_firings (rule_id, customer_id, fired_at);

-- E-mails, notifications and webhooks that rules send, delivered with retries by the outbound job.
CREATE TABLE rul_outbound_messages (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  firing_id BIGINT NOT NULL,
  channel NVARCHAR(20) NOT NULL,
  recipient NVARCHAR(2000) NOT NULL,
  subject NVARCHAR(1000) NULL,
  body NVARCHAR(MAX) NOT NULL,
  signature NVARCHAR(200) NULL,
  status NVARCHAR(20) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIMEOFFSET NOT NULL,
  last_error NVARCHAR(MAX) NULL,
  created_at DATETIMEOFFSET NOT NULL,
  sent_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_rul_outbound_pending ON rul_outbound_messages (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_rul_outbound_firing ON rul_outbound_messages (firing_id);
