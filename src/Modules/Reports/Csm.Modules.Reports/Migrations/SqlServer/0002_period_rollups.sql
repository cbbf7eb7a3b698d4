-- Week (Monday first) and month tiles of the daily rollups, kept by the same deltas, so a report over a long range reads
-- one row per period, group and bucket instead of one per day. Filled here from the daily rows already counted.
CREATE TABLE rpt_period (
  dimension NVARCHAR(20) NOT NULL,
  measure NVARCHAR(40) NOT NULL,
  grain NCHAR(1) NOT NULL,
  start_day DATE NOT NULL,
  dim_value NVARCHAR(200) NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total FLOAT NOT NULL,
  CONSTRAINT pk_rpt_period PRIMARY KEY (dimension, measure, grain, start_day, dim_value, bucket)
);

-- 1900-01-01 was a Monday: days since then modulo 7 is the distance back to the week's Monday.
INSERT INTO rpt_period (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, 'w', w.start_day, dim_value, bucket, SUM(n), SUM(total)
FROM rpt_daily CROSS APPLY (SELECT DATEADD(day, -(DATEDIFF(day, '19000101', day) % 7), day) AS start_day) w
GROUP BY dimension, measure, w.start_day, dim_value, bucket;

INSERT INTO rpt_period (dimension, measure, grain, start_day, dim_value, bucket, n, total)
SELECT dimension, measure, 'm', m.start_day, dim_value, bucket, SUM(n), SUM(total)
FROM rpt_daily CROSS APPLY (SELECT DATEFROMPARTS(YEAR(day), MONTH(day), 1) AS start_day) m
GROUP BY dimension, measure, m.start_day, dim_value, bucket;
