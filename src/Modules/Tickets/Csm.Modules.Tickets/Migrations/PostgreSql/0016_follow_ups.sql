-- Which task follows up which unhappy survey answer: one task per answer, whether the built-in follow-up or a rule
-- answering it asked first. Follow-ups opened before this are keyed by their source, "survey-response:{id}".
CREATE TABLE tkt_follow_ups (
  survey_response_id BIGINT PRIMARY KEY,
  ticket_id BIGINT NOT NULL
);
CREATE INDEX ix_tkt_follow_ups_ticket ON tkt_follow_ups (ticket_id);
INSERT INTO tkt_follow_ups (survey_response_id, ticket_id)
SELECT CAST(SUBSTRING(source FROM 17) AS BIGINT), id FROM tkt_tickets WHERE source LIKE 'survey-response:%';
