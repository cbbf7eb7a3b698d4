-- What the Rules module knows about each customer, kept from the other modules' events.
CREATE TABLE rul_customer_facts (
  customer_id INTEGER PRIMARY KEY,
  customer_version INTEGER NOT NULL DEFAULT 0,
  name TEXT NULL,
  tier TEXT NULL,
  account_manager TEXT NULL,
  email TEXT NULL,
  language TEXT NULL,
  tags TEXT NOT NULL DEFAULT '|',
  is_erased INTEGER NOT NULL DEFAULT 0,
  first_seen_at TEXT NOT NULL,
  last_interaction_at TEXT NULL,
  last_sla_breach_at TEXT NULL,
  nps INTEGER NULL,
  nps_at TEXT NULL,
  csat INTEGER NULL,
  csat_at TEXT NULL,
  ces INTEGER NULL,
  ces_at TEXT NULL,
  last_feedback TEXT NULL,
  last_survey_at TEXT NULL,
  order_count INTEGER NOT NULL DEFAULT 0,
  last_order_on TEXT NULL
);

CREATE TABLE rul_custom_fields (
  customer_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  value TEXT NULL,
  PRIMARY KEY (customer_id, name)
);

CREATE TABLE rul_tickets (
  ticket_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  kind TEXT NULL,
  created_at TEXT NULL,
  is_open INTEGER NOT NULL,
  state_at TEXT NOT NULL,
  counted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_rul_tickets_customer ON rul_tickets (customer_id, is_open);

-- Tickets opened per customer and day (tenant calendar), so "last N days" and baselines are one indexed range sum.
CREATE TABLE rul_ticket_days (
  customer_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  PRIMARY KEY (customer_id, day)
);

CREATE TABLE rul_contracts (
  contract_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  ends_on TEXT NOT NULL,
  value NUMERIC NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX ix_rul_contracts_customer ON rul_contracts (customer_id, ends_on);

CREATE TABLE rul_assets (
  asset_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  next_maintenance_on TEXT NULL
);
CREATE INDEX ix_rul_assets_customer ON rul_assets (customer_id, next_maintenance_on);

CREATE TABLE rul_orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  ordered_on TEXT NOT NULL
);
