-- Retention across the whole base: each customer's lifecycle status (explicit or derived, since when) and account
-- manager, and each contract's start (a customer's cohort is the month of their first contract).
ALTER TABLE rpt_customers ADD account_manager NVARCHAR(100) NULL, lifecycle_status NVARCHAR(20) NULL,
  lifecycle_explicit SMALLINT NOT NULL DEFAULT 0, lifecycle_since DATETIMEOFFSET NULL;
ALTER TABLE rpt_contracts ADD starts_on DATE NULL;
