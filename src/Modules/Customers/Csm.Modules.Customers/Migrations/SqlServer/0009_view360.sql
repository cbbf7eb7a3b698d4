-- The 360 view kept as one document per customer (cus_view360), built by the host in the background and read in one
-- indexed lookup. Every write to a table the view shows marks the customer's document stale and bumps its version, here
-- in the database, so no writer (request, import, merge, event handler) can forget to; a stale document is never
-- served (the view is read from the tables instead until the builder has written it again, and the builder writes a
-- document only if the version it read is still the customer's).
CREATE TABLE cus_view360 (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  doc NVARCHAR(MAX) NULL,
  stale INT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 0,
  built_at DATETIMEOFFSET NULL
);
CREATE INDEX ix_cus_view360_stale ON cus_view360 (customer_id) WHERE stale = 1;
-- CREATE TRIGGER must begin a batch: the runner sends each GO-separated batch on its own.
GO
CREATE TRIGGER cus_view360_customers ON cus_customers AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT id FROM inserted UNION SELECT id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_external_ids ON cus_external_ids AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_contracts ON cus_contracts AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_assets ON cus_assets AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_orders ON cus_orders AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_interactions ON cus_interactions AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_ticket_view ON cus_ticket_view AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
GO
CREATE TRIGGER cus_view360_score_view ON cus_score_view AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE v SET stale = 1, version = v.version + 1 FROM cus_view360 v
  WHERE v.customer_id IN (SELECT customer_id FROM inserted UNION SELECT customer_id FROM deleted);
END
