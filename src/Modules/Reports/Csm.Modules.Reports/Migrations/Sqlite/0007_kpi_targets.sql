-- Targets managers set for an agent or a team on one KPI; the KPI report shows each against its actual.
CREATE TABLE rpt_kpi_targets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  kpi TEXT NOT NULL,
  target REAL NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_rpt_kpi_targets ON rpt_kpi_targets (scope, subject, kpi);
