-- Retention across the whole base: each customer's lifecycle status (explicit or derived, since when) and account
-- manager, and each contract's start (a customer's cohort is the month of their first contract).
ALTER TABLE rpt_customers ADD COLUMN account_manager TEXT NULL;
ALTER TABLE rpt_customers ADD COLUMN lifecycle_status TEXT NULL;
ALTER TABLE rpt_customers ADD COLUMN lifecycle_explicit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_customers ADD COLUMN lifecycle_since TEXT NULL;
ALTER TABLE rpt_contracts ADD COLUMN starts_on TEXT NULL;
