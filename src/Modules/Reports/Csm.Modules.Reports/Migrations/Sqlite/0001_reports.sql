-- Facts: what the other modules told us, one row per response / ticket / customer / contract / order.
CREATE TABLE rpt_responses (
  response_id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL,
  customer_id INTEGER NULL,
  tier TEXT NULL,
  touchpoint TEXT NOT NULL,
  nps INTEGER NULL,
  csat INTEGER NULL,
  ces INTEGER NULL,
  comment TEXT NULL,
  themes TEXT NOT NULL,
  ticket_id INTEGER NULL,
  ticket_type TEXT NULL,
  channel TEXT NULL,
  agent TEXT NULL,
  team TEXT NULL,
  classification TEXT NOT NULL,
  responded_at TEXT NOT NULL
);
CREATE INDEX ix_rpt_responses_responded_at ON rpt_responses (responded_at);
CREATE INDEX ix_rpt_responses_ticket ON rpt_responses (ticket_id);
CREATE INDEX ix_rpt_responses_customer ON rpt_responses (customer_id);

-- One row per theme a response mentions, so verbatims per theme are one windowed query.
CREATE TABLE rpt_response_themes (
  response_id INTEGER NOT NULL,
  theme TEXT NOT NULL,
  category TEXT NOT NULL,
  responded_at TEXT NOT NULL,
  PRIMARY KEY (response_id, theme)
);
CREATE INDEX ix_rpt_response_themes_theme ON rpt_response_themes (theme, category, responded_at);

CREATE TABLE rpt_follow_ups (
  response_id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  resolved_at TEXT NOT NULL,
  outcome TEXT NULL
);

CREATE TABLE rpt_tickets (
  ticket_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  kind TEXT NULL,
  type_code TEXT NULL,
  channel TEXT NULL,
  priority TEXT NULL,
  tier TEXT NULL,
  assignee TEXT NULL,
  team TEXT NULL,
  stage TEXT NULL,
  created_at TEXT NULL,
  first_responded_at TEXT NULL,
  first_response_minutes REAL NULL,
  resolved_at TEXT NULL,
  resolution_minutes REAL NULL,
  sla_met INTEGER NULL,
  reopened INTEGER NOT NULL DEFAULT 0,
  reassigned INTEGER NOT NULL DEFAULT 0,
  first_breached_at TEXT NULL,
  is_open INTEGER NOT NULL DEFAULT 1,
  closed_at TEXT NULL,
  source TEXT NULL,
  outcome TEXT NULL
);
CREATE INDEX ix_rpt_tickets_open ON rpt_tickets (is_open, created_at);
CREATE INDEX ix_rpt_tickets_created ON rpt_tickets (created_at);

CREATE TABLE rpt_customers (
  customer_id INTEGER PRIMARY KEY,
  tier TEXT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  erased INTEGER NOT NULL DEFAULT 0,
  latest_nps INTEGER NULL,
  latest_nps_at TEXT NULL,
  latest_nps_day TEXT NULL,
  latest_csat INTEGER NULL,
  latest_csat_at TEXT NULL,
  latest_csat_day TEXT NULL
);

CREATE TABLE rpt_contracts (
  contract_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX ix_rpt_contracts_customer ON rpt_contracts (customer_id);

CREATE TABLE rpt_orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  ordered_on TEXT NOT NULL
);
CREATE INDEX ix_rpt_orders_customer ON rpt_orders (customer_id, ordered_on);

-- Rollups: one row per local day, dimension value, measure and bucket (a score, or a minutes histogram bucket).
-- Reports read only these; handlers keep them by subtracting a fact's old contribution and adding its new one.
CREATE TABLE rpt_daily (
  dimension TEXT NOT NULL,
  measure TEXT NOT NULL,
  day TEXT NOT NULL,
  dim_value TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total REAL NOT NULL,
  PRIMARY KEY (dimension, measure, day, dim_value, bucket)
);

CREATE TABLE rpt_benchmarks (
  metric TEXT NOT NULL,
  label TEXT NOT NULL,
  value REAL NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (metric, label)
);
