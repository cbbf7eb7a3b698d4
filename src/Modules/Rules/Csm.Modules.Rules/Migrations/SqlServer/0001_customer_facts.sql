-- What the Rules module knows about each customer, kept from the other modules' events.
CREATE TABLE rul_customer_facts (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  customer_version BIGINT NOT NULL DEFAULT 0,
  name NVARCHAR(300) NULL,
  tier NVARCHAR(20) NULL,
  account_manager NVARCHAR(100) NULL,
  email NVARCHAR(320) NULL,
  language NVARCHAR(20) NULL,
  tags NVARCHAR(2000) NOT NULL DEFAULT '|',
  is_erased BIT NOT NULL DEFAULT 0,
  first_seen_at DATETIMEOFFSET NOT NULL,
  last_interaction_at DATETIMEOFFSET NULL,
  last_sla_breach_at DATETIMEOFFSET NULL,
  nps INT NULL,
  nps_at DATETIMEOFFSET NULL,
  csat INT NULL,
  csat_at DATETIMEOFFSET NULL,
  ces INT NULL,
  ces_at DATETIMEOFFSET NULL,
  last_feedback NVARCHAR(20) NULL,
  last_survey_at DATETIMEOFFSET NULL,
  order_count INT NOT NULL DEFAULT 0,
  last_order_on DATE NULL
);

CREATE TABLE rul_custom_fields (
  customer_id BIGINT NOT NULL,
  name NVARCHAR(100) NOT NULL,
  value NVARCHAR(1000) NULL,
  CONSTRAINT pk_rul_custom_fields PRIMARY KEY (customer_id, name)
);

CREATE TABLE rul_tickets (
  ticket_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind NVARCHAR(20) NULL,
  created_at DATETIMEOFFSET NULL,
  is_open BIT NOT NULL,
  state_at DATETIMEOFFSET NOT NULL,
  counted BIT NOT NULL DEFAULT 0
);
CREATE INDEX ix_rul_tickets_customer ON rul_tickets (customer_id, is_open);

-- Tickets opened per customer and day (tenant calendar), so "last N days" and baselines are one indexed range sum.
CREATE TABLE rul_ticket_days (
  customer_id BIGINT NOT NULL,
  day DATE NOT NULL,
  tickets INT NOT NULL,
  CONSTRAINT pk_rul_ticket_days PRIMARY KEY (customer_id, day)
);

CREATE TABLE rul_contracts (
  contract_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  ends_on DATE NOT NULL,
  value DECIMAL(18, 2) NOT NULL,
  status NVARCHAR(30) NOT NULL
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
