-- A customer's lifecycle status (active, atRisk, churned, wonBack): set explicitly (origin 'explicit': an import, the API,
-- a person, a rule) or derived from contracts and orders (origin 'derived'); since when it holds.
ALTER TABLE cus_customers ADD COLUMN lifecycle_status TEXT NULL;
ALTER TABLE cus_customers ADD COLUMN lifecycle_origin TEXT NULL;
ALTER TABLE cus_customers ADD COLUMN lifecycle_since TEXT NULL;
CREATE INDEX ix_cus_customers_lifecycle ON cus_customers (lifecycle_status);
