-- Tickets per customer over the sliding windows the ticket facts read, so a rule reads columns instead of summing
-- rul_ticket_days per customer. The sums are relative to rul_ticket_rollup.rolled_on: the ticket handlers add to them,
-- the scheduled job rolls them forward once a day; on any other day the facts fall back to summing rul_ticket_days.
ALTER TABLE rul_customer_facts ADD COLUMN tickets_7d BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN tickets_30d BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN tickets_90d BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN tickets_weekly_base BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN tickets_monthly_base BIGINT NOT NULL DEFAULT 0;

CREATE TABLE rul_ticket_rollup (
  id BIGINT NOT NULL PRIMARY KEY CONSTRAINT ck_rul_ticket_rollup_one CHECK (id = 1),
  rolled_on DATE NULL
);
INSERT INTO rul_ticket_rollup (id, rolled_on) VALUES (1, NULL);

-- Rolling forward reads the few days that leave or enter a window, for all customers.
CREATE INDEX ix_rul_ticket_days_day ON rul_ticket_days (day, customer_id) INCLUDE (tickets);
