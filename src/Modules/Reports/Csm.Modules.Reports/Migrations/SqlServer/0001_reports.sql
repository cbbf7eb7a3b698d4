-- Facts: what the other modules told us, one row per response / ticket / customer / contract / order.
CREATE TABLE rpt_responses (
  response_id BIGINT NOT NULL PRIMARY KEY,
  survey_id BIGINT NOT NULL,
  customer_id BIGINT NULL,
  tier NVARCHAR(50) NULL,
  touchpoint NVARCHAR(50) NOT NULL,
  nps BIGINT NULL,
  csat BIGINT NULL,
  ces BIGINT NULL,
  comment NVARCHAR(MAX) NULL,
  themes NVARCHAR(MAX) NOT NULL,
  ticket_id BIGINT NULL,
  ticket_type NVARCHAR(100) NULL,
  channel NVARCHAR(50) NULL,
  agent NVARCHAR(200) NULL,
  team NVARCHAR(200) NULL,
  classification NVARCHAR(20) NOT NULL,
  responded_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_rpt_responses_responded_at ON rpt_responses (responded_at);
CREATE INDEX ix_rpt_responses_ticket ON rpt_responses (ticket_id);
CREATE INDEX ix_rpt_responses_customer ON rpt_responses (customer_id);

-- One row per theme a response mentions, so verbatims per theme are one windowed query.
CREATE TABLE rpt_response_themes (
  response_id BIGINT NOT NULL,
  theme NVARCHAR(200) NOT NULL,
  category NVARCHAR(20) NOT NULL,
  responded_at DATETIMEOFFSET NOT NULL,
  PRIMARY KEY (response_id, theme)
);
CREATE INDEX ix_rpt_response_themes_theme ON rpt_response_themes (theme, category, responded_at);

CREATE TABLE rpt_follow_ups (
  response_id BIGINT NOT NULL PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  resolved_at DATETIMEOFFSET NOT NULL,
  outcome NVARCHAR(50) NULL
);

CREATE TABLE rpt_tickets (
  ticket_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind NVARCHAR(20) NULL,
  type_code NVARCHAR(100) NULL,
  channel NVARCHAR(50) NULL,
  priority NVARCHAR(50) NULL,
  tier NVARCHAR(50) NULL,
  assignee NVARCHAR(200) NULL,
  team NVARCHAR(200) NULL,
  stage NVARCHAR(200) NULL,
  created_at DATETIMEOFFSET NULL,
  first_responded_at DATETIMEOFFSET NULL,
  first_response_minutes FLOAT NULL,
  resolved_at DATETIMEOFFSET NULL,
  resolution_minutes FLOAT NULL,
  sla_met BIGINT NULL,
  reopened BIGINT NOT NULL DEFAULT 0,
  reassigned BIGINT NOT NULL DEFAULT 0,
  first_breached_at DATETIMEOFFSET NULL,
  is_open BIGINT NOT NULL DEFAULT 1,
  closed_at DATETIMEOFFSET NULL,
  source NVARCHAR(200) NULL,
  outcome NVARCHAR(50) NULL
);
CREATE INDEX ix_rpt_tickets_open ON rpt_tickets (is_open, created_at);
CREATE INDEX ix_rpt_tickets_created ON rpt_tickets (created_at);

CREATE TABLE rpt_customers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  tier NVARCHAR(50) NULL,
  version BIGINT NOT NULL DEFAULT 0,
  erased BIGINT NOT NULL DEFAULT 0,
  latest_nps BIGINT NULL,
  latest_nps_at DATETIMEOFFSET NULL,
  latest_nps_day DATE NULL,
  latest_csat BIGINT NULL,
  latest_csat_at DATETIMEOFFSET NULL,
  latest_csat_day DATE NULL
);

CREATE TABLE rpt_contracts (
  contract_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  ends_on DATE NOT NULL,
  status NVARCHAR(20) NOT NULL
);
CREATE INDEX ix_rpt_contracts_customer ON rpt_contracts (customer_id);

CREATE TABLE rpt_orders (
  order_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  ordered_on DATE NOT NULL
);
CREATE INDEX ix_rpt_orders_customer ON rpt_orders (customer_id, ordered_on);

-- Rollups: one row per local day, dimension value, measure and bucket (a score, or a minutes histogram bucket).
-- Reports read only these; handlers keep them by subtracting a fact's old contribution and adding its new one.
CREATE TABLE rpt_daily (
  dimension NVARCHAR(20) NOT NULL,
  measure NVARCHAR(40) NOT NULL,
  day DATE NOT NULL,
  dim_value NVARCHAR(200) NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total FLOAT NOT NULL,
  CONSTRAINT pk_rpt_daily PRIMARY KEY (dimension, measure, day, dim_value, bucket)
);

CREATE TABLE rpt_benchmarks (
  metric NVARCHAR(40) NOT NULL,
  label NVARCHAR(100) NOT NULL,
  value FLOAT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL,
  CONSTRAINT pk_rpt_benchmarks PRIMARY KEY (metric, label)
);
