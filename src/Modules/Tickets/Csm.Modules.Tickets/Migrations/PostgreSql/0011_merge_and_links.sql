-- A duplicate merged into another ticket points at it; a ticket may have a parent (a complaint and the repair it led to);
-- comments copied by a merge say which ticket they came from.
ALTER TABLE tkt_tickets ADD COLUMN merged_into_id BIGINT NULL,
  ADD COLUMN parent_id BIGINT NULL;
CREATE INDEX ix_tkt_tickets_parent ON tkt_tickets (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX ix_tkt_tickets_merged_into ON tkt_tickets (merged_into_id) WHERE merged_into_id IS NOT NULL;
ALTER TABLE tkt_comments ADD COLUMN merged_from_id BIGINT NULL;
