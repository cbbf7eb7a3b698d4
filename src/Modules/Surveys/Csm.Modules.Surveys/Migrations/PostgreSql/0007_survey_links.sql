-- A survey's reusable public link (the widget, a shared link, a printed QR code): one per survey, an unguessable id
-- that is shown again in the editor, switched on and off by managers.
CREATE TABLE srv_survey_links (
  survey_id BIGINT NOT NULL CONSTRAINT pk_srv_survey_links PRIMARY KEY CONSTRAINT fk_srv_survey_links_survey REFERENCES srv_surveys (id),
  link_id TEXT NOT NULL CONSTRAINT ux_srv_survey_links_link UNIQUE,
  enabled SMALLINT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
-- Each answer through a link is an invitation of its own, answered at once, with the browser that gave it: one per browser.
ALTER TABLE srv_invitations ADD browser_id TEXT NULL;
CREATE UNIQUE INDEX ux_srv_invitations_browser ON srv_invitations (survey_id, browser_id) WHERE browser_id IS NOT NULL;
ALTER TABLE srv_responses ADD channel TEXT NULL;
ALTER TABLE srv_responses ADD page TEXT NULL;
