CREATE TABLE cus_customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  tier TEXT NOT NULL,
  account_manager TEXT NULL,
  language TEXT NOT NULL,
  email TEXT NULL,
  phone TEXT NULL,
  tags TEXT NOT NULL,
  contacts TEXT NOT NULL,
  custom_fields TEXT NOT NULL,
  row_hash TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT NULL,
  erased_at TEXT NULL
);
CREATE INDEX ix_cus_customers_name ON cus_customers (name);
CREATE INDEX ix_cus_customers_tier ON cus_customers (tier);
CREATE INDEX ix_cus_customers_account_manager ON cus_customers (account_manager);

CREATE TABLE cus_external_ids (
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  PRIMARY KEY (source, external_id)
);
CREATE INDEX ix_cus_external_ids_customer ON cus_external_ids (customer_id);

CREATE TABLE cus_customer_tags (
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  tag TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (customer_id, tag)
);
CREATE INDEX ix_cus_customer_tags_tag ON cus_customer_tags (tag);

CREATE TABLE cus_custom_fields (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  field_key TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  field_type TEXT NOT NULL,
  required INTEGER NOT NULL,
  choices TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE cus_contracts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  number TEXT NOT NULL UNIQUE,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  value NUMERIC NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_cus_contracts_customer ON cus_contracts (customer_id, ends_on);
CREATE INDEX ix_cus_contracts_ends ON cus_contracts (ends_on);

CREATE TABLE cus_assets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  model TEXT NOT NULL,
  serial_number TEXT NULL,
  installed_on TEXT NULL,
  next_maintenance_on TEXT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_cus_assets_customer ON cus_assets (customer_id);

CREATE TABLE cus_orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  ordered_on TEXT NOT NULL,
  amount NUMERIC NOT NULL,
  product TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ix_cus_orders_customer ON cus_orders (customer_id, ordered_on);

CREATE TABLE cus_interactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  summary TEXT NOT NULL,
  agent TEXT NULL,
  interacted_at TEXT NOT NULL
);
CREATE INDEX ix_cus_interactions_customer ON cus_interactions (customer_id, interacted_at);

-- Read models of the other modules' events, for the 360 view.
CREATE TABLE cus_ticket_view (
  ticket_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  number TEXT NOT NULL,
  type_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  priority TEXT NOT NULL,
  stage TEXT NOT NULL,
  assignee TEXT NULL,
  is_open INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  resolved_at TEXT NULL,
  due_at TEXT NULL,
  breached INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_cus_ticket_view_customer ON cus_ticket_view (customer_id, is_open, created_at);

CREATE TABLE cus_score_view (
  response_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  nps INTEGER NULL,
  csat INTEGER NULL,
  ces INTEGER NULL,
  responded_at TEXT NOT NULL
);
CREATE INDEX ix_cus_score_view_customer ON cus_score_view (customer_id, responded_at);
