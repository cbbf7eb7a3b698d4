-- Facts: what the other modules told us, one row per response / ticket / customer / contract / order.
CREATE TABLE rpt_responses (
  response_id BIGINT NOT NULL PRIMARY KEY,
  survey_id BIGINT NOT NULL,
  customer_id BIGINT NULL,
  tier TEXT NULL,
  touchpoint TEXT NOT NULL,
  nps BIGINT NULL,
  csat BIGINT NULL,
  ces BIGINT NULL,
  comment TEXT NULL,
  themes TEXT NOT NULL,
  ticket_id BIGINT NULL,
  ticket_type TEXT NULL,
  channel TEXT NULL,
  agent TEXT NULL,
  team TEXT NULL,
  classification TEXT NOT NULL,
  responded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_rpt_responses_responded_at ON rpt_responses (responded_at);
CREATE INDEX ix_rpt_responses_ticket ON rpt_responses (ticket_id);
CREATE INDEX ix_rpt_responses_customer ON rpt_responses (customer_id);

-- One row per theme a response mentions, so verbatims per theme are one windowed query.
CREATE TABLE rpt_response_themes (
  response_id BIGINT NOT NULL,
  theme TEXT NOT NULL,
  category TEXT NOT NULL,
  responded_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (response_id, theme)
);
CREATE INDEX ix_rpt_response_themes_theme ON rpt_response_themes (theme, category, responded_at);

CREATE TABLE rpt_follow_ups (
  response_id BIGINT NOT NULL PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  resolved_at TIMESTAMPTZ NOT NULL,
  outcome TEXT NULL
);

CREATE TABLE rpt_tickets (
  ticket_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind TEXT NULL,
  type_code TEXT NULL,
  channel TEXT NULL,
  priority TEXT NULL,
  tier TEXT NULL,
  assignee TEXT NULL,
  team TEXT NULL,
  stage TEXT NULL,
  created_at TIMESTAMPTZ NULL,
  first_responded_at TIMESTAMPTZ NULL,
  first_response_minutes DOUBLE PRECISION NULL,
  resolved_at TIMESTAMPTZ NULL,
  resolution_minutes DOUBLE PRECISION NULL,
  sla_met BIGINT NULL,
  reopened BIGINT NOT NULL DEFAULT 0,
  reassigned BIGINT NOT NULL DEFAULT 0,
  first_breached_at TIMESTAMPTZ NULL,
  is_open BIGINT NOT NULL DEFAULT 1,
  closed_at TIMESTAMPTZ NULL,
  source TEXT NULL,
  outcome TEXT NULL
);
CREATE INDEX ix_rpt_tickets_open ON rpt_tickets (is_open, created_at);
CREATE INDEX ix_rpt_tickets_created ON rpt_tickets (created_at);

CREATE TABLE rpt_customers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  tier TEXT NULL,
  version BIGINT NOT NULL DEFAULT 0,
  erased BIGINT NOT NULL DEFAULT 0,
  latest_nps BIGINT NULL,
  latest_nps_at TIMESTAMPTZ NULL,
  latest_nps_day DATE NULL,
  latest_csat BIGINT NULL,
  latest_csat_at TIMESTAMPTZ NULL,
  latest_csat_day DATE NULL
);

CREATE TABLE rpt_contracts (
  contract_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  ends_on DATE NOT NULL,
  status TEXT NOT NULL
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
  dimension TEXT NOT NULL,
  measure TEXT NOT NULL,
  day DATE NOT NULL,
  dim_value TEXT NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  CONSTRAINT pk_rpt_daily PRIMARY KEY (dimension, measure, day, dim_value, bucket)
);

CREATE TABLE rpt_benchmarks (
  metric TEXT NOT NULL,
  label TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  CONSTRAINT pk_rpt_benchmarks PRIMARY KEY (metric, label)
);
