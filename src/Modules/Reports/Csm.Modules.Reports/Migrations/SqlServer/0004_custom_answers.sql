-- Answers to surveys' own rating and choice questions: one row per rating, one per choice picked, with the question as
-- the survey last asked it (its texts and every choice offered) kept per survey and question.
CREATE TABLE rpt_answers (
  response_id BIGINT NOT NULL,
  survey_id BIGINT NOT NULL,
  question NVARCHAR(100) NOT NULL,
  score INT NULL,
  choice NVARCHAR(100) NULL,
  responded_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_rpt_answers_survey ON rpt_answers (survey_id, responded_at);
CREATE INDEX ix_rpt_answers_response ON rpt_answers (response_id);

CREATE TABLE rpt_questions (
  survey_id BIGINT NOT NULL,
  question NVARCHAR(100) NOT NULL,
  kind NVARCHAR(30) NOT NULL,
  text_zh NVARCHAR(MAX) NOT NULL,
  text_en NVARCHAR(MAX) NOT NULL,
  scale_max INT NULL,
  options NVARCHAR(MAX) NOT NULL,
  seen_at DATETIMEOFFSET NOT NULL,
  PRIMARY KEY (survey_id, question)
);
