-- Week (Monday first) and month tiles of the daily rollups, kept by the same deltas, so a report over a long range reads
-- one row per period, group and bucket instead of one per day. Filled here from the daily rows already counted.
CREATE TABLE rpt_period (
  dimension TEXT NOT NULL,
  measure TEXT NOT NULL,
  grain TEXT NOT NULL,
  start_day DATE NOT NULL,
  dim_value TEXT NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  CONSTRAINT pk_rpt_period PRIMARY KEY (dimension, measure, grain, start_day, dim_value, bucket)
);

-- date_trunc('week') starts weeks on Monday (ISO).
INSERT INTO rpt_period (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, 'w', w.start_day, dim_value, bucket, SUM(n), SUM(total)
FROM rpt_daily CROSS JOIN LATERAL (SELECT CAST(date_trunc('week', day) AS date) AS start_day) w
GROUP BY dimension, measure, w.start_day, dim_value, bucket;

INSERT INTO rpt_period (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, 'm', m.start_day, dim_value, bucket, SUM(n), SUM(total)
FROM rpt_daily CROSS JOIN LATERAL (SELECT CAST(date_trunc('month', day) AS date) AS start_day) m
GROUP BY dimension, measure, m.start_day, dim_value, bucket;
