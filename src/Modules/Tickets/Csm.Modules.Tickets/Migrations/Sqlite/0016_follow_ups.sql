-- Which task follows up which unhappy survey answer: one task per answer, whether the built-in follow-up or a rule
-- answering it asked first. Follow-ups opened before this are keyed by their source, "survey-response:{id}".
CREATE TABLE tkt_follow_ups (
  survey_response_id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL
);
CREATE INDEX ix_tkt_follow_ups_ticket ON tkt_follow_ups (ticket_id);
INSERT INTO tkt_follow_ups (survey_response_id, ticket_id)
SELECT CAST(SUBSTR(source, 17) AS INTEGER), id FROM tkt_tickets WHERE source LIKE 'survey-response:%';
