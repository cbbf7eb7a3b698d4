CREATE TABLE srv_surveys (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_srv_surveys PRIMARY KEY,
  name NVARCHAR(200) NOT NULL,
  touchpoint NVARCHAR(32) NOT NULL,
  current_version INT NOT NULL,
  revision BIGINT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE srv_survey_versions (
  survey_id BIGINT NOT NULL CONSTRAINT fk_srv_survey_versions_survey REFERENCES srv_surveys (id),
  version INT NOT NULL,
  definition NVARCHAR(MAX) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  CONSTRAINT pk_srv_survey_versions PRIMARY KEY (survey_id, version)
);

CREATE TABLE srv_customers (
  customer_id BIGINT NOT NULL CONSTRAINT pk_srv_customers PRIMARY KEY,
  version BIGINT NOT NULL,
  first_name NVARCHAR(200) NULL,
  email NVARCHAR(320) NULL,
  phone NVARCHAR(64) NULL,
  language NVARCHAR(16) NOT NULL,
  tier NVARCHAR(32) NOT NULL,
  account_manager NVARCHAR(200) NULL,
  erased BIT NOT NULL CONSTRAINT df_srv_customers_erased DEFAULT 0,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_srv_customers_tier ON srv_customers (tier);

CREATE TABLE srv_customer_tags (
  customer_id BIGINT NOT NULL,
  tag NVARCHAR(100) NOT NULL,
  CONSTRAINT pk_srv_customer_tags PRIMARY KEY (customer_id, tag)
);
CREATE INDEX ix_srv_customer_tags_tag ON srv_customer_tags (tag, customer_id);

CREATE TABLE srv_distributions (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_srv_distributions PRIMARY KEY,
  survey_id BIGINT NOT NULL CONSTRAINT fk_srv_distributions_survey REFERENCES srv_surveys (id),
  kind NVARCHAR(32) NOT NULL,
  ticket_type NVARCHAR(64) NULL,
  delay_minutes INT NOT NULL CONSTRAINT df_srv_distributions_delay DEFAULT 0,
  channel NVARCHAR(16) NOT NULL,
  valid_hours INT NOT NULL,
  segment_tiers NVARCHAR(200) NULL,
  segment_tags NVARCHAR(2000) NULL,
  every_days INT NULL,
  next_run_at DATETIMEOFFSET NULL,
  enabled BIT NOT NULL CONSTRAINT df_srv_distributions_enabled DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE srv_invitations (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_srv_invitations PRIMARY KEY,
  survey_id BIGINT NOT NULL CONSTRAINT fk_srv_invitations_survey REFERENCES srv_surveys (id),
  distribution_id BIGINT NULL,
  customer_id BIGINT NULL,
  token_hash NVARCHAR(64) NULL,
  channel NVARCHAR(16) NOT NULL,
  language NVARCHAR(16) NOT NULL,
  status NVARCHAR(16) NOT NULL,
  suppressed_reason NVARCHAR(400) NULL,
  ticket_id BIGINT NULL,
  ticket_type NVARCHAR(64) NULL,
  agent NVARCHAR(200) NULL,
  team NVARCHAR(200) NULL,
  send_at DATETIMEOFFSET NOT NULL,
  expires_at DATETIMEOFFSET NOT NULL,
  created_at DATETIMEOFFSET NOT NULL,
  sent_at DATETIMEOFFSET NULL,
  opened_at DATETIMEOFFSET NULL,
  answered_at DATETIMEOFFSET NULL
);
-- Suppressed invitations have no token: the unique index ignores them.
CREATE UNIQUE INDEX ux_srv_invitations_token ON srv_invitations (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX ix_srv_invitations_customer ON srv_invitations (customer_id, send_at);
CREATE INDEX ix_srv_invitations_survey ON srv_invitations (survey_id, id);

CREATE TABLE srv_outbound_messages (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_srv_outbound_messages PRIMARY KEY,
  invitation_id BIGINT NOT NULL CONSTRAINT fk_srv_outbound_invitation REFERENCES srv_invitations (id),
  channel NVARCHAR(16) NOT NULL,
  recipient NVARCHAR(320) NULL,
  subject NVARCHAR(400) NULL,
  body NVARCHAR(MAX) NOT NULL,
  due_at DATETIMEOFFSET NOT NULL,
  attempts INT NOT NULL CONSTRAINT df_srv_outbound_attempts DEFAULT 0,
  locked_until DATETIMEOFFSET NULL,
  locked_by NVARCHAR(64) NULL,
  sent_at DATETIMEOFFSET NULL,
  failed_at DATETIMEOFFSET NULL,
  last_error NVARCHAR(2000) NULL,
  created_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_srv_outbound_due ON srv_outbound_messages (due_at) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE srv_responses (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_srv_responses PRIMARY KEY,
  survey_id BIGINT NOT NULL CONSTRAINT fk_srv_responses_survey REFERENCES srv_surveys (id),
  survey_version INT NOT NULL,
  invitation_id BIGINT NULL,
  customer_id BIGINT NULL,
  tier NVARCHAR(32) NULL,
  account_manager NVARCHAR(200) NULL,
  touchpoint NVARCHAR(32) NOT NULL,
  nps INT NULL,
  csat INT NULL,
  ces INT NULL,
  comment NVARCHAR(MAX) NULL,
  answers NVARCHAR(MAX) NOT NULL,
  classification NVARCHAR(16) NOT NULL,
  ticket_id BIGINT NULL,
  ticket_type NVARCHAR(64) NULL,
  agent NVARCHAR(200) NULL,
  team NVARCHAR(200) NULL,
  responded_at DATETIMEOFFSET NOT NULL,
  follow_up_ticket_id BIGINT NULL,
  follow_up_outcome NVARCHAR(32) NULL,
  follow_up_closed_at DATETIMEOFFSET NULL
);
CREATE UNIQUE INDEX ux_srv_responses_invitation ON srv_responses (invitation_id) WHERE invitation_id IS NOT NULL;
CREATE INDEX ix_srv_responses_survey ON srv_responses (survey_id, responded_at);
CREATE INDEX ix_srv_responses_customer ON srv_responses (customer_id, responded_at);

CREATE TABLE srv_themes (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_srv_themes PRIMARY KEY,
  code NVARCHAR(64) NOT NULL CONSTRAINT ux_srv_themes_code UNIQUE,
  name_zh NVARCHAR(200) NOT NULL,
  name_en NVARCHAR(200) NOT NULL,
  revision BIGINT NOT NULL CONSTRAINT df_srv_themes_revision DEFAULT 1,
  updated_at DATETIMEOFFSET NOT NULL
);

-- pattern is the keyword as a LIKE substring pattern (wildcards escaped), so tagging is one set-based join.
CREATE TABLE srv_theme_keywords (
  theme_id BIGINT NOT NULL CONSTRAINT fk_srv_theme_keywords_theme REFERENCES srv_themes (id),
  language NVARCHAR(8) NOT NULL,
  keyword NVARCHAR(100) NOT NULL,
  pattern NVARCHAR(210) NOT NULL,
  CONSTRAINT pk_srv_theme_keywords PRIMARY KEY (theme_id, language, keyword)
);

CREATE TABLE srv_response_themes (
  response_id BIGINT NOT NULL CONSTRAINT fk_srv_response_themes_response REFERENCES srv_responses (id),
  theme_id BIGINT NOT NULL CONSTRAINT fk_srv_response_themes_theme REFERENCES srv_themes (id),
  CONSTRAINT pk_srv_response_themes PRIMARY KEY (response_id, theme_id)
);
CREATE INDEX ix_srv_response_themes_theme ON srv_response_themes (theme_id, response_id);

-- tier '*' is the default for tiers without their own row.
CREATE TABLE srv_fatigue_policies (
  tier NVARCHAR(32) NOT NULL CONSTRAINT pk_srv_fatigue_policies PRIMARY KEY,
  quiet_days INT NOT NULL,
  cap_count INT NOT NULL,
  cap_days INT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
INSERT INTO srv_fatigue_policies (tier, quiet_days, cap_count, cap_days, updated_at) VALUES ('*', 14, 4, 90, '2026-01-01T00:00:00.000Z');
