-- Tickets per customer over the sliding windows the ticket facts read, so a rule reads columns instead of summing
-- rul_ticket_days per customer. The sums are relative to rul_ticket_rollup.rolled_on: the ticket handlers add to them,
-- the scheduled job rolls them forward once a day; on any other day the facts fall back to summing rul_ticket_days.
ALTER TABLE rul_customer_facts ADD
  tickets_7d INT NOT NULL CONSTRAINT df_rul_customer_facts_tickets_7d DEFAULT 0,
  tickets_30d INT NOT NULL CONSTRAINT df_rul_customer_facts_tickets_30d DEFAULT 0,
  tickets_90d INT NOT NULL CONSTRAINT df_rul_customer_facts_tickets_90d DEFAULT 0,
  -- Days (rolled_on - 189, rolled_on - 7] and (rolled_on - 210, rolled_on - 30]: the weekly and monthly baselines' sums.
  tickets_weekly_base INT NOT NULL CONSTRAINT df_rul_customer_facts_tickets_weekly_base DEFAULT 0,
  tickets_monthly_base INT NOT NULL CONSTRAINT df_rul_customer_facts_tickets_monthly_base DEFAULT 0;

CREATE TABLE rul_ticket_rollup (
  id INT NOT NULL PRIMARY KEY CONSTRAINT ck_rul_ticket_rollup_one CHECK (id = 1),
  rolled_on DATE NULL
);
INSERT INTO rul_ticket_rollup (id, rolled_on) VALUES (1, NULL);

-- Rolling forward reads the few days that leave or enter a window, for all customers.
CREATE INDEX ix_rul_ticket_days_day ON rul_ticket_days (day, customer_id) INCLUDE (tickets);
