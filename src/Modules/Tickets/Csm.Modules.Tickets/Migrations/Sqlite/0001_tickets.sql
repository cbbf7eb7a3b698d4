CREATE TABLE tkt_calendars (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  time_zone TEXT NOT NULL,
  definition TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE tkt_workflows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL,
  version_no INTEGER NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  is_current INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (code, version_no)
);

CREATE TABLE tkt_ticket_types (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  workflow_code TEXT NOT NULL,
  default_priority TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE tkt_sla_policies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  type_code TEXT NULL,
  priority TEXT NULL,
  tier TEXT NULL,
  calendar_id INTEGER NULL,
  first_response_minutes INTEGER NOT NULL,
  resolution_minutes INTEGER NOT NULL,
  at_risk_share REAL NOT NULL,
  escalation TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE tkt_customers (
  customer_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,
  account_manager TEXT NULL,
  is_erased INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE tkt_tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NULL,
  type_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  workflow_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  status TEXT NOT NULL,
  customer_id INTEGER NOT NULL,
  customer_tier TEXT NOT NULL,
  channel TEXT NOT NULL,
  priority TEXT NOT NULL,
  category TEXT NULL,
  subject TEXT NOT NULL,
  description TEXT NULL,
  assignee TEXT NULL,
  team TEXT NULL,
  source TEXT NULL,
  outcome TEXT NULL,
  fields TEXT NOT NULL,
  sla_policy_id INTEGER NULL,
  calendar_id INTEGER NULL,
  first_response_minutes INTEGER NULL,
  resolution_minutes INTEGER NULL,
  at_risk_share REAL NOT NULL,
  created_by TEXT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  first_responded_at TEXT NULL,
  first_response_business_minutes REAL NULL,
  first_response_due_at TEXT NULL,
  first_response_risk_at TEXT NULL,
  resolution_due_at TEXT NULL,
  resolution_risk_at TEXT NULL,
  stage_entered_at TEXT NOT NULL,
  stage_due_at TEXT NULL,
  stage_risk_at TEXT NULL,
  next_due_at TEXT NULL,
  next_risk_at TEXT NULL,
  paused_at TEXT NULL,
  paused_minutes REAL NOT NULL DEFAULT 0,
  resolved_at TEXT NULL,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_tkt_tickets_number ON tkt_tickets (number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX ux_tkt_tickets_source ON tkt_tickets (source) WHERE source IS NOT NULL;
CREATE INDEX ix_tkt_tickets_queue ON tkt_tickets (status, next_due_at);
CREATE INDEX ix_tkt_tickets_risk ON tkt_tickets (status, next_risk_at);
CREATE INDEX ix_tkt_tickets_customer ON tkt_tickets (customer_id);
CREATE INDEX ix_tkt_tickets_assignee ON tkt_tickets (assignee);
CREATE INDEX ix_tkt_tickets_workflow ON tkt_tickets (workflow_id);

CREATE TABLE tkt_sla_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  target TEXT NOT NULL,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  cycle INTEGER NOT NULL,
  due_at TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  scan_id TEXT NOT NULL,
  UNIQUE (ticket_id, target, kind, scope, cycle)
);
CREATE INDEX ix_tkt_sla_events_scan ON tkt_sla_events (scan_id);

CREATE TABLE tkt_comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  body TEXT NOT NULL,
  visibility TEXT NOT NULL,
  author TEXT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ix_tkt_comments_ticket ON tkt_comments (ticket_id);

CREATE TABLE tkt_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NULL,
  action TEXT NOT NULL,
  detail TEXT NULL
);
CREATE INDEX ix_tkt_history_ticket ON tkt_history (ticket_id);

CREATE TABLE tkt_round_robin (
  team TEXT PRIMARY KEY,
  last_assignee TEXT NOT NULL
);
