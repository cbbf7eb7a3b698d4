-- The texts managers wrote for a kind of message in a language; a kind with no row here sends its module's default.
CREATE TABLE sys_message_templates (
  kind TEXT NOT NULL,
  language TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  updated_by TEXT NULL,
  CONSTRAINT pk_sys_message_templates PRIMARY KEY (kind, language)
);
