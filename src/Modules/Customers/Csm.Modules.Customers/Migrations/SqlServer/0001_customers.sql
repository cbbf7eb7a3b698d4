CREATE TABLE cus_customers (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(400) NOT NULL,
  kind NVARCHAR(20) NOT NULL,
  tier NVARCHAR(20) NOT NULL,
  account_manager NVARCHAR(100) NULL,
  language NVARCHAR(10) NOT NULL,
  email NVARCHAR(320) NULL,
  phone NVARCHAR(50) NULL,
  tags NVARCHAR(MAX) NOT NULL,
  contacts NVARCHAR(MAX) NOT NULL,
  custom_fields NVARCHAR(MAX) NOT NULL,
  row_hash NVARCHAR(64) NOT NULL,
  version INT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL,
  deleted_at DATETIMEOFFSET NULL,
  erased_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_cus_customers_name ON cus_customers (name);
CREATE INDEX ix_cus_customers_tier ON cus_customers (tier);
CREATE INDEX ix_cus_customers_account_manager ON cus_customers (account_manager);

CREATE TABLE cus_external_ids (
  source NVARCHAR(100) NOT NULL,
  external_id NVARCHAR(200) NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  PRIMARY KEY (source, external_id)
);
CREATE INDEX ix_cus_external_ids_customer ON cus_external_ids (customer_id);

CREATE TABLE cus_customer_tags (
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  tag NVARCHAR(100) NOT NULL,
  PRIMARY KEY (customer_id, tag)
);
CREATE INDEX ix_cus_customer_tags_tag ON cus_customer_tags (tag);

CREATE TABLE cus_custom_fields (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  field_key NVARCHAR(64) NOT NULL CONSTRAINT uq_cus_custom_fields_key UNIQUE,
  label NVARCHAR(200) NOT NULL,
  field_type NVARCHAR(20) NOT NULL,
  required INT NOT NULL,
  choices NVARCHAR(MAX) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE cus_contracts (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  number NVARCHAR(100) NOT NULL CONSTRAINT uq_cus_contracts_number UNIQUE,
  starts_on DATE NOT NULL,
  ends_on DATE NOT NULL,
  value DECIMAL(18,2) NOT NULL,
  status NVARCHAR(20) NOT NULL,
  version INT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_cus_contracts_customer ON cus_contracts (customer_id, ends_on);
CREATE INDEX ix_cus_contracts_ends ON cus_contracts (ends_on);

CREATE TABLE cus_assets (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  model NVARCHAR(200) NOT NULL,
  serial_number NVARCHAR(200) NULL,
  installed_on DATE NULL,
  next_maintenance_on DATE NULL,
  version INT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_cus_assets_customer ON cus_assets (customer_id);

CREATE TABLE cus_orders (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  ordered_on DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  product NVARCHAR(400) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_cus_orders_customer ON cus_orders (customer_id, ordered_on);

CREATE TABLE cus_interactions (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  channel NVARCHAR(20) NOT NULL,
  direction NVARCHAR(20) NOT NULL,
  summary NVARCHAR(MAX) NOT NULL,
  agent NVARCHAR(100) NULL,
  interacted_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_cus_interactions_customer ON cus_interactions (customer_id, interacted_at);

-- Read models of the other modules' events, for the 360 view.
CREATE TABLE cus_ticket_view (
  ticket_id BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  number NVARCHAR(100) NOT NULL,
  type_code NVARCHAR(50) NOT NULL,
  kind NVARCHAR(20) NOT NULL,
  subject NVARCHAR(400) NOT NULL,
  priority NVARCHAR(20) NOT NULL,
  stage NVARCHAR(100) NOT NULL,
  assignee NVARCHAR(100) NULL,
  is_open INT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  resolved_at DATETIMEOFFSET NULL,
  due_at DATETIMEOFFSET NULL,
  breached INT NOT NULL DEFAULT 0
);
CREATE INDEX ix_cus_ticket_view_customer ON cus_ticket_view (customer_id, is_open, created_at);

CREATE TABLE cus_score_view (
  response_id BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  nps INT NULL,
  csat INT NULL,
  ces INT NULL,
  responded_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_cus_score_view_customer ON cus_score_view (customer_id, responded_at);
