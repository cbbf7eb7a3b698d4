-- The rollups as WITHOUT ROWID tables: rows are stored in primary-key order, so a report's index range read finds n and
-- total in the key's own b-tree (a covering read, no lookup per row into a separate table), and a handler's upsert writes
-- one b-tree instead of two. Rows whose deltas cancelled out are left behind: reports skip them anyway.
CREATE TABLE rpt_daily_clustered (
  dimension TEXT NOT NULL,
  measure TEXT NOT NULL,
  day TEXT NOT NULL,
  dim_value TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total REAL NOT NULL,
  PRIMARY KEY (dimension, measure, day, dim_value, bucket)
) WITHOUT ROWID;
INSERT INTO rpt_daily_clustered (dimension, measure, day, dim_value, bucket, n, total)
SELECT dimension, measure, day, dim_value, bucket, n, total FROM rpt_daily WHERE n <> 0 OR total <> 0
ORDER BY dimension, measure, day, dim_value, bucket;
DROP TABLE rpt_daily;
ALTER TABLE rpt_daily_clustered RENAME TO rpt_daily;

CREATE TABLE rpt_period_clustered (
  dimension TEXT NOT NULL,
  measure TEXT NOT NULL,
  grain TEXT NOT NULL,
  start_day TEXT NOT NULL,
  dim_value TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total REAL NOT NULL,
  PRIMARY KEY (dimension, measure, grain, start_day, dim_value, bucket)
) WITHOUT ROWID;
INSERT INTO rpt_period_clustered (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, grain, start_day, dim_value, bucket, n, total FROM rpt_period WHERE n <> 0 OR total <> 0
ORDER BY dimension, measure, grain, start_day, dim_value, bucket;
DROP TABLE rpt_period;
ALTER TABLE rpt_period_clustered RENAME TO rpt_period;

-- The backlog (open tickets by age and stage, grouped by any ticket dimension) read from the index alone: with only
-- (is_open, created_at) every open ticket cost a lookup into the ticket table.
DROP INDEX ix_rpt_tickets_open;
CREATE INDEX ix_rpt_tickets_backlog ON rpt_tickets (is_open, created_at, kind, stage, tier, type_code, channel, assignee, team);
