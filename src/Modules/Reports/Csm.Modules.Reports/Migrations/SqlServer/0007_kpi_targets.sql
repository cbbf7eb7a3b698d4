-- Targets managers set for an agent or a team on one KPI; the KPI report shows each against its actual.
CREATE TABLE rpt_kpi_targets (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_rpt_kpi_targets PRIMARY KEY,
  scope NVARCHAR(100) NOT NULL,
  subject NVARCHAR(100) NOT NULL,
  kpi NVARCHAR(100) NOT NULL,
  target FLOAT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE UNIQUE INDEX ux_rpt_kpi_targets ON rpt_kpi_targets (scope, subject, kpi);
