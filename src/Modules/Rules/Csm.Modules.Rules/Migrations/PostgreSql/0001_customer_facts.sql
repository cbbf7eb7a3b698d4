-- What the Rules module knows about each customer, kept from the other modules' events.
CREATE TABLE rul_customer_facts (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  customer_version BIGINT NOT NULL DEFAULT 0,
  name TEXT NULL,
  tier TEXT NULL,
  account_manager TEXT NULL,
  email TEXT NULL,
  language TEXT NULL,
  tags TEXT NOT NULL DEFAULT '|',
  is_erased SMALLINT NOT NULL DEFAULT 0,
  first_seen_at TIMESTAMPTZ NOT NULL,
  last_interaction_at TIMESTAMPTZ NULL,
  last_sla_breach_at TIMESTAMPTZ NULL,
  nps BIGINT NULL,
  nps_at TIMESTAMPTZ NULL,
  csat BIGINT NULL,
  csat_at TIMESTAMPTZ NULL,
  ces BIGINT NULL,
  ces_at TIMESTAMPTZ NULL,
  last_feedback TEXT NULL,
  last_survey_at TIMESTAMPTZ NULL,
  order_count BIGINT NOT NULL DEFAULT 0,
  last_order_on DATE NULL
);

CREATE TABLE rul_custom_fields (
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NULL,
  CONSTRAINT pk_rul_custom_fields PRIMARY KEY (customer_id, name)
);

CREATE TABLE rul_tickets (
  ticket_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind TEXT NULL,
  created_at TIMESTAMPTZ NULL,
  is_open SMALLINT NOT NULL,
  state_at TIMESTAMPTZ NOT NULL,
  counted SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX ix_rul_tickets_customer ON rul_tickets (customer_id, is_open);

-- Tickets opened per customer and day (tenant calendar), so "last N days" and baselines are one indexed range sum.
CREATE TABLE rul_ticket_days (
  customer_id BIGINT NOT NULL,
  day DATE NOT NULL,
  tickets BIGINT NOT NULL,
  CONSTRAINT pk_rul_ticket_days PRIMARY KEY (customer_id, day)
);

CREATE TABLE rul_contracts (
  contract_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  ends_on DATE NOT NULL,
  value DECIMAL(18, 2) NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX ix_rul_contracts_customer ON rul_contracts (customer_id, ends_on);

CREATE TABLE rul_assets (
  asset_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  next_maintenance_on DATE NULL
);
CREATE INDEX ix_rul_assets_customer ON rul_assets (customer_id, next_maintenance_on);

CREATE TABLE rul_orders (
  order_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  ordered_on DATE NOT NULL
);
