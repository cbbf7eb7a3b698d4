-- Each escalation scan, for operators and to show that on a cluster each tick of the schedule ran once: the tick it
-- was scheduled for (null when started by hand), when it started, how long it took, the events it raised and the host.
-- Rows older than 30 days are removed by the scan itself.
CREATE TABLE tkt_escalation_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scheduled_at TEXT NULL,
  started_at TEXT NOT NULL,
  elapsed_ms INTEGER NOT NULL,
  events INTEGER NOT NULL,
  host TEXT NOT NULL
);
CREATE INDEX ix_tkt_escalation_runs_started ON tkt_escalation_runs (started_at);
