-- Week (Monday first) and month tiles of the daily rollups, kept by the same deltas, so a report over a long range reads
-- one row per period, group and bucket instead of one per day. Filled here from the daily rows already counted.
CREATE TABLE rpt_period (
  dimension TEXT NOT NULL,
  measure TEXT NOT NULL,
  grain TEXT NOT NULL,
  start_day TEXT NOT NULL,
  dim_value TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total REAL NOT NULL,
  PRIMARY KEY (dimension, measure, grain, start_day, dim_value, bucket)
);

INSERT INTO rpt_period (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, 'w', date(day, '-6 days', 'weekday 1'), dim_value, bucket, SUM(n), SUM(total)
FROM rpt_daily GROUP BY dimension, measure, date(day, '-6 days', 'weekday 1'), dim_value, bucket;

INSERT INTO rpt_period (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, 'm', substr(day, 1, 7) || '-01', dim_value, bucket, SUM(n), SUM(total)
FROM rpt_daily GROUP BY dimension, measure, substr(day, 1, 7), dim_value, bucket;
