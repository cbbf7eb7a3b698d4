-- Dashboards people compose from the tile catalogue: personal, or shared with a team or a role; one per role is its default.
CREATE TABLE rpt_dashboards (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  share_kind TEXT NOT NULL,
  share_with TEXT NULL,
  tiles TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_rpt_dashboards_owner ON rpt_dashboards (owner);

CREATE TABLE rpt_role_dashboards (
  role TEXT NOT NULL PRIMARY KEY,
  dashboard_id INTEGER NOT NULL
);
