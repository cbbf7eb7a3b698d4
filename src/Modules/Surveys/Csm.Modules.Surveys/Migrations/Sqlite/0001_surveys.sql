CREATE TABLE srv_surveys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE srv_survey_versions (
  survey_id INTEGER NOT NULL REFERENCES srv_surveys (id),
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (survey_id, version)
);

CREATE TABLE srv_customers (
  customer_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  first_name TEXT NULL,
  email TEXT NULL,
  phone TEXT NULL,
  language TEXT NOT NULL,
  tier TEXT NOT NULL,
  account_manager TEXT NULL,
  erased INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_srv_customers_tier ON srv_customers (tier);

CREATE TABLE srv_customer_tags (
  customer_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (customer_id, tag)
);
CREATE INDEX ix_srv_customer_tags_tag ON srv_customer_tags (tag, customer_id);

CREATE TABLE srv_distributions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  survey_id INTEGER NOT NULL REFERENCES srv_surveys (id),
  kind TEXT NOT NULL,
  ticket_type TEXT NULL,
  delay_minutes INTEGER NOT NULL DEFAULT 0,
  channel TEXT NOT NULL,
  valid_hours INTEGER NOT NULL,
  segment_tiers TEXT NULL,
  segment_tags TEXT NULL,
  every_days INTEGER NULL,
  next_run_at TEXT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);

CREATE TABLE srv_invitations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  survey_id INTEGER NOT NULL REFERENCES srv_surveys (id),
  distribution_id INTEGER NULL,
  customer_id INTEGER NULL,
  token_hash TEXT NULL UNIQUE,
  channel TEXT NOT NULL,
  language TEXT NOT NULL,
  status TEXT NOT NULL,
  suppressed_reason TEXT NULL,
  ticket_id INTEGER NULL,
  ticket_type TEXT NULL,
  agent TEXT NULL,
  team TEXT NULL,
  send_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT NULL,
  opened_at TEXT NULL,
  answered_at TEXT NULL
);
CREATE INDEX ix_srv_invitations_customer ON srv_invitations (customer_id, send_at);
CREATE INDEX ix_srv_invitations_survey ON srv_invitations (survey_id, id);

CREATE TABLE srv_outbound_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  invitation_id INTEGER NOT NULL REFERENCES srv_invitations (id),
  channel TEXT NOT NULL,
  recipient TEXT NULL,
  subject TEXT NULL,
  body TEXT NOT NULL,
  due_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NULL,
  locked_by TEXT NULL,
  sent_at TEXT NULL,
  failed_at TEXT NULL,
  last_error TEXT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ix_srv_outbound_due ON srv_outbound_messages (due_at) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE srv_responses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  survey_id INTEGER NOT NULL REFERENCES srv_surveys (id),
  survey_version INTEGER NOT NULL,
  invitation_id INTEGER NULL UNIQUE,
  customer_id INTEGER NULL,
  tier TEXT NULL,
  account_manager TEXT NULL,
  touchpoint TEXT NOT NULL,
  nps INTEGER NULL,
  csat INTEGER NULL,
  ces INTEGER NULL,
  comment TEXT NULL,
  answers TEXT NOT NULL,
  classification TEXT NOT NULL,
  ticket_id INTEGER NULL,
  ticket_type TEXT NULL,
  agent TEXT NULL,
  team TEXT NULL,
  responded_at TEXT NOT NULL,
  follow_up_ticket_id INTEGER NULL,
  follow_up_outcome TEXT NULL,
  follow_up_closed_at TEXT NULL
);
CREATE INDEX ix_srv_responses_survey ON srv_responses (survey_id, responded_at);
CREATE INDEX ix_srv_responses_customer ON srv_responses (customer_id, responded_at);

CREATE TABLE srv_themes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

-- pattern is the keyword as a LIKE substring pattern (wildcards escaped), so tagging is one set-based join.
CREATE TABLE srv_theme_keywords (
  theme_id INTEGER NOT NULL REFERENCES srv_themes (id),
  language TEXT NOT NULL,
  keyword TEXT NOT NULL,
  pattern TEXT NOT NULL,
  PRIMARY KEY (theme_id, language, keyword)
);

CREATE TABLE srv_response_themes (
  response_id INTEGER NOT NULL REFERENCES srv_responses (id),
  theme_id INTEGER NOT NULL REFERENCES srv_themes (id),
  PRIMARY KEY (response_id, theme_id)
);
CREATE INDEX ix_srv_response_themes_theme ON srv_response_themes (theme_id, response_id);

-- tier '*' is the default for tiers without their own row.
CREATE TABLE srv_fatigue_policies (
  tier TEXT PRIMARY KEY,
  quiet_days INTEGER NOT NULL,
  cap_count INTEGER NOT NULL,
  cap_days INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO srv_fatigue_policies (tier, quiet_days, cap_count, cap_days, updated_at) VALUES ('*', 14, 4, 90, '2026-01-01T00:00:00.000Z');
