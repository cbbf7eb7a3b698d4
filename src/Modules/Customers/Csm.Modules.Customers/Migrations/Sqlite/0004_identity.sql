-- Identity resolution: the keys a customer is recognised by (normalised by MatchKeys), the duplicates queue, and merges.
ALTER TABLE cus_customers ADD COLUMN credit_code TEXT NULL;
ALTER TABLE cus_customers ADD COLUMN merged_into INTEGER NULL;

CREATE TABLE cus_match_keys (
  kind TEXT NOT NULL,
  match_key TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  PRIMARY KEY (match_key, kind, customer_id)
);
CREATE INDEX ix_cus_match_keys_customer ON cus_match_keys (customer_id);

CREATE TABLE cus_duplicates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES cus_customers (id),
  duplicate_id INTEGER NOT NULL REFERENCES cus_customers (id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  found_at TEXT NOT NULL,
  decided_at TEXT NULL,
  decided_by TEXT NULL,
  UNIQUE (customer_id, duplicate_id)
);
CREATE INDEX ix_cus_duplicates_status ON cus_duplicates (status, id);

CREATE TABLE cus_merges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  survivor_id INTEGER NOT NULL REFERENCES cus_customers (id),
  merged_id INTEGER NOT NULL REFERENCES cus_customers (id),
  snapshot TEXT NOT NULL,
  merged_at TEXT NOT NULL,
  merged_by TEXT NULL,
  undone_at TEXT NULL
);
CREATE INDEX ix_cus_merges_merged ON cus_merges (merged_id);
