-- The texts managers wrote for a kind of message in a language; a kind with no row here sends its module's default.
CREATE TABLE sys_message_templates (
  kind NVARCHAR(60) NOT NULL,
  language NVARCHAR(10) NOT NULL,
  subject NVARCHAR(500) NOT NULL,
  body NVARCHAR(MAX) NOT NULL,
  version INT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL,
  updated_by NVARCHAR(200) NULL,
  CONSTRAINT pk_sys_message_templates PRIMARY KEY (kind, language)
);
