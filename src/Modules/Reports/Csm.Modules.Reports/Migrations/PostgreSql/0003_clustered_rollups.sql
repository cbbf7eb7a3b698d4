-- SQLite's 0003 turns rpt_daily and rpt_period into WITHOUT ROWID tables so reads of n and total are covered by the
-- primary key. PostgreSQL keeps a table in no order: a report reads its range of keys through the primary keys
-- (pk_rpt_daily, pk_rpt_period), and the few rows per period, group and bucket that match are read from the heap.

-- The backlog (open tickets by age and stage, grouped by any ticket dimension) read from the index alone: with only
-- (is_open, created_at) every open ticket cost a lookup into the ticket table.
DROP INDEX ix_rpt_tickets_open;
CREATE INDEX ix_rpt_tickets_backlog ON rpt_tickets (is_open, created_at) INCLUDE (kind, stage, tier, type_code, channel, assignee, team);
