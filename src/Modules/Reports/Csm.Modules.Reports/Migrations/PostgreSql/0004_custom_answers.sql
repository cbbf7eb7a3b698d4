-- Answers to surveys' own rating and choice questions: one row per rating, one per choice picked, with the question as
-- the survey last asked it (its texts and every choice offered) kept per survey and question.
CREATE TABLE rpt_answers (
  response_id BIGINT NOT NULL,
  survey_id BIGINT NOT NULL,
  question TEXT NOT NULL,
  score BIGINT NULL,
  choice TEXT NULL,
  responded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_rpt_answers_survey ON rpt_answers (survey_id, responded_at);
CREATE INDEX ix_rpt_answers_response ON rpt_answers (response_id);

CREATE TABLE rpt_questions (
  survey_id BIGINT NOT NULL,
  question TEXT NOT NULL,
  kind TEXT NOT NULL,
  text_zh TEXT NOT NULL,
  text_en TEXT NOT NULL,
  scale_max BIGINT NULL,
  options TEXT NOT NULL,
  seen_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (survey_id, question)
);
