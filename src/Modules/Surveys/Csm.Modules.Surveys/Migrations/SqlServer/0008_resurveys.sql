-- Re-survey after a resolved follow-up: per survey, off unless enabled; which survey asks again, how long after the
-- follow-up closes and how long the invitation stays valid. The re-survey's invitation and answer name the unhappy answer.
CREATE TABLE srv_resurvey_settings (
  survey_id BIGINT NOT NULL CONSTRAINT pk_srv_resurvey_settings PRIMARY KEY CONSTRAINT fk_srv_resurvey_settings_survey REFERENCES srv_surveys (id),
  enabled SMALLINT NOT NULL,
  resurvey_survey_id BIGINT NULL CONSTRAINT fk_srv_resurvey_settings_resurvey REFERENCES srv_surveys (id),
  delay_hours BIGINT NOT NULL,
  valid_days BIGINT NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
ALTER TABLE srv_invitations ADD resurvey_of BIGINT NULL;
ALTER TABLE srv_responses ADD resurvey_of BIGINT NULL;
CREATE UNIQUE INDEX ux_srv_invitations_resurvey_of ON srv_invitations (resurvey_of) WHERE resurvey_of IS NOT NULL;
