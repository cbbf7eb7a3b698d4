-- A run's firings are read back by run after they are inserted together.
CREATE INDEX ix_rul_firings_run ON rul_firings (run_id);
