-- Identity resolution: the keys a customer is recognised by (normalised by MatchKeys), the duplicates queue, and merges.
ALTER TABLE cus_customers ADD credit_code NVARCHAR(18) NULL, merged_into BIGINT NULL;

CREATE TABLE cus_match_keys (
  kind NVARCHAR(20) NOT NULL,
  match_key NVARCHAR(400) NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  PRIMARY KEY (match_key, kind, customer_id)
);
CREATE INDEX ix_cus_match_keys_customer ON cus_match_keys (customer_id);

CREATE TABLE cus_duplicates (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES cus_customers (id),
  duplicate_id BIGINT NOT NULL REFERENCES cus_customers (id),
  reason NVARCHAR(400) NOT NULL,
  status NVARCHAR(20) NOT NULL,
  found_at DATETIMEOFFSET NOT NULL,
  decided_at DATETIMEOFFSET NULL,
  decided_by NVARCHAR(200) NULL,
  UNIQUE (customer_id, duplicate_id)
);
CREATE INDEX ix_cus_duplicates_status ON cus_duplicates (status, id);

CREATE TABLE cus_merges (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  survivor_id BIGINT NOT NULL REFERENCES cus_customers (id),
  merged_id BIGINT NOT NULL REFERENCES cus_customers (id),
  snapshot NVARCHAR(MAX) NOT NULL,
  merged_at DATETIMEOFFSET NOT NULL,
  merged_by NVARCHAR(200) NULL,
  undone_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_cus_merges_merged ON cus_merges (merged_id);
