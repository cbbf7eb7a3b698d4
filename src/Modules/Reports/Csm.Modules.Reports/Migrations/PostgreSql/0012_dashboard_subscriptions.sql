-- A subscription may name a dashboard (report "dashboard"): the e-mail carries each data tile's figures and CSV.
ALTER TABLE rpt_subscriptions ADD COLUMN dashboard_id BIGINT NULL;
