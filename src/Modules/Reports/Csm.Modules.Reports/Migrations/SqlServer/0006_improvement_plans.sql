-- Improvement plans: a problem (themes, a metric, a segment of answers), a goal, an owner and actions; the effect is read
-- from the rollups, so nothing about it is stored.
CREATE TABLE rpt_plans (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_rpt_plans PRIMARY KEY,
  title NVARCHAR(200) NOT NULL,
  description NVARCHAR(MAX) NULL,
  metric NVARCHAR(10) NOT NULL,
  segment_dimension NVARCHAR(40) NOT NULL,
  segment_value NVARCHAR(200) NOT NULL,
  starts_on DATE NOT NULL,
  goal_metric NVARCHAR(10) NOT NULL,
  goal_target FLOAT NOT NULL,
  goal_date DATE NOT NULL,
  owner NVARCHAR(100) NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE rpt_plan_themes (
  plan_id BIGINT NOT NULL,
  theme NVARCHAR(64) NOT NULL,
  PRIMARY KEY (plan_id, theme)
);

CREATE TABLE rpt_plan_actions (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_rpt_plan_actions PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  title NVARCHAR(300) NOT NULL,
  owner NVARCHAR(100) NOT NULL,
  due_on DATE NOT NULL,
  customer_id BIGINT NULL,
  ticket_id BIGINT NULL,
  done_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_rpt_plan_actions_plan ON rpt_plan_actions (plan_id, position);
