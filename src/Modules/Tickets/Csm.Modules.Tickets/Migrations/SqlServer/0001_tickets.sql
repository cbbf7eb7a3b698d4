CREATE TABLE tkt_calendars (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(200) NOT NULL UNIQUE,
  time_zone NVARCHAR(200) NOT NULL,
  definition NVARCHAR(MAX) NOT NULL,
  is_default BIT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE tkt_workflows (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  code NVARCHAR(200) NOT NULL,
  version_no BIGINT NOT NULL,
  name NVARCHAR(200) NOT NULL,
  definition NVARCHAR(MAX) NOT NULL,
  is_current BIT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  CONSTRAINT ux_tkt_workflows_code_version UNIQUE (code, version_no)
);

CREATE TABLE tkt_ticket_types (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  code NVARCHAR(200) NOT NULL UNIQUE,
  name NVARCHAR(200) NOT NULL,
  kind NVARCHAR(200) NOT NULL,
  workflow_code NVARCHAR(200) NOT NULL,
  default_priority NVARCHAR(200) NOT NULL,
  is_active BIT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE tkt_sla_policies (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(200) NOT NULL,
  type_code NVARCHAR(200) NULL,
  priority NVARCHAR(200) NULL,
  tier NVARCHAR(200) NULL,
  calendar_id BIGINT NULL,
  first_response_minutes BIGINT NOT NULL,
  resolution_minutes BIGINT NOT NULL,
  at_risk_share FLOAT NOT NULL,
  escalation NVARCHAR(MAX) NOT NULL,
  is_active BIT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE tkt_customers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  name NVARCHAR(200) NOT NULL,
  tier NVARCHAR(200) NOT NULL,
  account_manager NVARCHAR(200) NULL,
  is_erased BIT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE tkt_tickets (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  number NVARCHAR(200) NULL,
  type_code NVARCHAR(200) NOT NULL,
  kind NVARCHAR(200) NOT NULL,
  workflow_id BIGINT NOT NULL,
  stage NVARCHAR(200) NOT NULL,
  status NVARCHAR(200) NOT NULL,
  customer_id BIGINT NOT NULL,
  customer_tier NVARCHAR(200) NOT NULL,
  channel NVARCHAR(200) NOT NULL,
  priority NVARCHAR(200) NOT NULL,
  category NVARCHAR(200) NULL,
  subject NVARCHAR(500) NOT NULL,
  description NVARCHAR(MAX) NULL,
  assignee NVARCHAR(200) NULL,
  team NVARCHAR(200) NULL,
  source NVARCHAR(200) NULL,
  outcome NVARCHAR(200) NULL,
  fields NVARCHAR(MAX) NOT NULL,
  sla_policy_id BIGINT NULL,
  calendar_id BIGINT NULL,
  first_response_minutes BIGINT NULL,
  resolution_minutes BIGINT NULL,
  at_risk_share FLOAT NOT NULL,
  created_by NVARCHAR(200) NULL,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL,
  first_responded_at DATETIMEOFFSET NULL,
  first_response_business_minutes FLOAT NULL,
  first_response_due_at DATETIMEOFFSET NULL,
  first_response_risk_at DATETIMEOFFSET NULL,
  resolution_due_at DATETIMEOFFSET NULL,
  resolution_risk_at DATETIMEOFFSET NULL,
  stage_entered_at DATETIMEOFFSET NOT NULL,
  stage_due_at DATETIMEOFFSET NULL,
  stage_risk_at DATETIMEOFFSET NULL,
  next_due_at DATETIMEOFFSET NULL,
  next_risk_at DATETIMEOFFSET NULL,
  paused_at DATETIMEOFFSET NULL,
  paused_minutes FLOAT NOT NULL DEFAULT 0,
  resolved_at DATETIMEOFFSET NULL,
  reopen_count BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_tkt_tickets_number ON tkt_tickets (number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX ux_tkt_tickets_source ON tkt_tickets (source) WHERE source IS NOT NULL;
CREATE INDEX ix_tkt_tickets_queue ON tkt_tickets (status, next_due_at);
CREATE INDEX ix_tkt_tickets_risk ON tkt_tickets (status, next_risk_at);
CREATE INDEX ix_tkt_tickets_customer ON tkt_tickets (customer_id);
CREATE INDEX ix_tkt_tickets_assignee ON tkt_tickets (assignee);
CREATE INDEX ix_tkt_tickets_workflow ON tkt_tickets (workflow_id);

CREATE TABLE tkt_sla_events (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  target NVARCHAR(200) NOT NULL,
  kind NVARCHAR(200) NOT NULL,
  scope NVARCHAR(200) NOT NULL,
  cycle BIGINT NOT NULL,
  due_at DATETIMEOFFSET NOT NULL,
  raised_at DATETIMEOFFSET NOT NULL,
  scan_id NVARCHAR(200) NOT NULL,
  CONSTRAINT ux_tkt_sla_events_once UNIQUE (ticket_id, target, kind, scope, cycle)
);
CREATE INDEX ix_tkt_sla_events_scan ON tkt_sla_events (scan_id);

CREATE TABLE tkt_comments (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  body NVARCHAR(MAX) NOT NULL,
  visibility NVARCHAR(200) NOT NULL,
  author NVARCHAR(200) NULL,
  created_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_tkt_comments_ticket ON tkt_comments (ticket_id);

CREATE TABLE tkt_history (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  at DATETIMEOFFSET NOT NULL,
  actor NVARCHAR(200) NULL,
  action NVARCHAR(200) NOT NULL,
  detail NVARCHAR(MAX) NULL
);
CREATE INDEX ix_tkt_history_ticket ON tkt_history (ticket_id);

CREATE TABLE tkt_round_robin (
  team NVARCHAR(100) NOT NULL PRIMARY KEY,
  last_assignee NVARCHAR(200) NOT NULL
);
