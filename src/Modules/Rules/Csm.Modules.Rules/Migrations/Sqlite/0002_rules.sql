CREATE TABLE rul_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  description TEXT NULL,
  is_enabled INTEGER NOT NULL,
  schedule TEXT NULL,
  event_type TEXT NULL,
  condition_json TEXT NOT NULL,
  actions_json TEXT NOT NULL,
  cooldown_days INTEGER NOT NULL,
  owner TEXT NULL,
  template_key TEXT NULL,
  next_run_at TEXT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_rul_rules_due ON rul_rules (next_run_at) WHERE is_enabled = 1;

CREATE TABLE rul_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_id INTEGER NOT NULL,
  trigger_kind TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NULL,
  matched INTEGER NOT NULL DEFAULT 0,
  fired INTEGER NOT NULL DEFAULT 0,
  skipped_by_cooldown INTEGER NOT NULL DEFAULT 0,
  error TEXT NULL
);
CREATE INDEX ix_rul_runs_rule ON rul_runs (rule_id, id);

-- One firing per rule, customer and cool-down window: the unique key stops overlapping runs firing twice.
CREATE TABLE rul_firings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_id INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  cooldown_window INTEGER NOT NULL,
  fired_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  actions_json TEXT NOT NULL,
  UNIQUE (rule_id, customer_id, cooldown_window)
);
CREATE INDEX ix_rul_firings_cooldown ON rul_firings (rule_id, customer_id, fired_at);

-- E-mails, notifications and webhooks that rules send, delivered with retries by the outbound job.
CREATE TABLE rul_outbound_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  firing_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NULL,
  body TEXT NOT NULL,
  signature TEXT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT NULL
);
CREATE INDEX ix_rul_outbound_pending ON rul_outbound_messages (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_rul_outbound_firing ON rul_outbound_messages (firing_id);
