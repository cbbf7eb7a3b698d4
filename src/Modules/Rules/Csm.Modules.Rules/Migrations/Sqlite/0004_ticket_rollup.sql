-- Tickets per customer over the sliding windows the ticket facts read, so a rule reads columns instead of summing
-- rul_ticket_days per customer. The sums are relative to rul_ticket_rollup.rolled_on: the ticket handlers add to them,
-- the scheduled job rolls them forward once a day; on any other day the facts fall back to summing rul_ticket_days.
ALTER TABLE rul_customer_facts ADD COLUMN tickets_7d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rul_customer_facts ADD COLUMN tickets_30d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rul_customer_facts ADD COLUMN tickets_90d INTEGER NOT NULL DEFAULT 0;
-- Days (rolled_on - 189, rolled_on - 7] and (rolled_on - 210, rolled_on - 30]: the weekly and monthly baselines' sums.
ALTER TABLE rul_customer_facts ADD COLUMN tickets_weekly_base INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rul_customer_facts ADD COLUMN tickets_monthly_base INTEGER NOT NULL DEFAULT 0;

CREATE TABLE rul_ticket_rollup (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  rolled_on TEXT NULL
);
INSERT INTO rul_ticket_rollup (id, rolled_on) VALUES (1, NULL);

-- Rolling forward reads the few days that leave or enter a window, for all customers.
CREATE INDEX ix_rul_ticket_days_day ON rul_ticket_days (day, customer_id);
