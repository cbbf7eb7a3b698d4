-- Re-survey after a resolved follow-up: per survey, off unless enabled; which survey asks again, how long after the
-- follow-up closes and how long the invitation stays valid. The re-survey's invitation and answer name the unhappy answer.
CREATE TABLE srv_resurvey_settings (
  survey_id INTEGER PRIMARY KEY REFERENCES srv_surveys (id),
  enabled INTEGER NOT NULL,
  resurvey_survey_id INTEGER NULL REFERENCES srv_surveys (id),
  delay_hours INTEGER NOT NULL,
  valid_days INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
ALTER TABLE srv_invitations ADD resurvey_of INTEGER NULL;
ALTER TABLE srv_responses ADD resurvey_of INTEGER NULL;
CREATE UNIQUE INDEX ux_srv_invitations_resurvey_of ON srv_invitations (resurvey_of) WHERE resurvey_of IS NOT NULL;
