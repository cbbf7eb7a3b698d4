-- The 360 view kept as one document per customer (cus_view360), built by the host in the background and read in one
-- indexed lookup. Every write to a table the view shows marks the customer's document stale and bumps its version, here
-- in the database, so no writer (request, import, merge, event handler) can forget to; a stale document is never
-- served (the view is read from the tables instead until the builder has written it again, and the builder writes a
-- document only if the version it read is still the customer's).
CREATE TABLE cus_view360 (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  doc TEXT NULL,
  stale INTEGER NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 0,
  built_at TIMESTAMPTZ NULL
);
CREATE INDEX ix_cus_view360_stale ON cus_view360 (customer_id) WHERE stale = 1;
-- One function for the customers table (its id) and one for the tables that hold a customer_id; a row moved to another
-- customer (a merge) marks both.
CREATE FUNCTION cus_view360_touch_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.id;
  RETURN NULL;
END $$;
CREATE FUNCTION cus_view360_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.customer_id IS DISTINCT FROM NEW.customer_id) THEN
    UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER cus_view360_customers AFTER UPDATE ON cus_customers FOR EACH ROW EXECUTE FUNCTION cus_view360_touch_customer();
CREATE TRIGGER cus_view360_external_ids AFTER INSERT OR UPDATE OR DELETE ON cus_external_ids FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
CREATE TRIGGER cus_view360_contracts AFTER INSERT OR UPDATE OR DELETE ON cus_contracts FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
CREATE TRIGGER cus_view360_assets AFTER INSERT OR UPDATE OR DELETE ON cus_assets FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
CREATE TRIGGER cus_view360_orders AFTER INSERT OR UPDATE OR DELETE ON cus_orders FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
CREATE TRIGGER cus_view360_interactions AFTER INSERT OR UPDATE OR DELETE ON cus_interactions FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
CREATE TRIGGER cus_view360_ticket_view AFTER INSERT OR UPDATE OR DELETE ON cus_ticket_view FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
CREATE TRIGGER cus_view360_score_view AFTER INSERT OR UPDATE OR DELETE ON cus_score_view FOR EACH ROW EXECUTE FUNCTION cus_view360_touch();
