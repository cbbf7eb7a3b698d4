-- Dashboards people compose from the tile catalogue: personal, or shared with a team or a role; one per role is its default.
CREATE TABLE rpt_dashboards (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_rpt_dashboards PRIMARY KEY,
  name NVARCHAR(200) NOT NULL,
  owner NVARCHAR(100) NOT NULL,
  share_kind NVARCHAR(10) NOT NULL,
  share_with NVARCHAR(100) NULL,
  tiles NVARCHAR(MAX) NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_rpt_dashboards_owner ON rpt_dashboards (owner);

CREATE TABLE rpt_role_dashboards (
  role NVARCHAR(40) NOT NULL CONSTRAINT pk_rpt_role_dashboards PRIMARY KEY,
  dashboard_id BIGINT NOT NULL
);
