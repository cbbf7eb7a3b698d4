-- Improvement plans: a problem (themes, a metric, a segment of answers), a goal, an owner and actions; the effect is read
-- from the rollups, so nothing about it is stored.
CREATE TABLE rpt_plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  description TEXT NULL,
  metric TEXT NOT NULL,
  segment_dimension TEXT NOT NULL,
  segment_value TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  goal_metric TEXT NOT NULL,
  goal_target REAL NOT NULL,
  goal_date TEXT NOT NULL,
  owner TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE rpt_plan_themes (
  plan_id INTEGER NOT NULL,
  theme TEXT NOT NULL,
  PRIMARY KEY (plan_id, theme)
);

CREATE TABLE rpt_plan_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  owner TEXT NOT NULL,
  due_on TEXT NOT NULL,
  customer_id INTEGER NULL,
  ticket_id INTEGER NULL,
  done_at TEXT NULL
);
CREATE INDEX ix_rpt_plan_actions_plan ON rpt_plan_actions (plan_id, position);
