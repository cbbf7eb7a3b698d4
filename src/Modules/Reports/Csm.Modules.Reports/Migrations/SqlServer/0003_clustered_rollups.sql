-- SQLite's 0003 turns rpt_daily and rpt_period into WITHOUT ROWID tables so reads of n and total are covered by the
-- primary key. Here both primary keys (pk_rpt_daily, pk_rpt_period) are already clustered, which is the same layout:
-- nothing to change. The script exists so both engines carry the same migration numbers.
SELECT 1 AS already_clustered WHERE 1 = 0;
