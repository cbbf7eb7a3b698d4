-- Companies are now also recognised by names one character apart (their names' variants are match keys of their own).
-- The keys are computed by the host, not by SQL: emptied here, every customer's keys are written again at start-up by
-- the match-key backfill (batches of 2,000), variants included.
DELETE FROM cus_match_keys;
