-- A ticket type's own fields (typed, some required at intake), tags on tickets (kept as JSON on the ticket and one row per
-- tag for filtering), and the customers' equipment as Tickets learns it (a field may name a customer's asset).
ALTER TABLE tkt_ticket_types ADD COLUMN fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tkt_tickets ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE TABLE tkt_ticket_tags (
  ticket_id BIGINT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ix_tkt_ticket_tags_tag ON tkt_ticket_tags (tag);
CREATE TABLE tkt_assets (
  asset_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  model TEXT NOT NULL,
  serial_number TEXT NULL
);
CREATE INDEX ix_tkt_assets_customer ON tkt_assets (customer_id);
