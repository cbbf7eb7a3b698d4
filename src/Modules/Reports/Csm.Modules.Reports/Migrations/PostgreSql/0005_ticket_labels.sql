-- Tickets' tags and field values, for grouping the service report by them ("tag", "field:{key}").
CREATE TABLE rpt_ticket_labels (
  ticket_id BIGINT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (dimension, value, ticket_id)
);
CREATE INDEX ix_rpt_ticket_labels_ticket ON rpt_ticket_labels (ticket_id);
