-- The 360 view kept as one document per customer (cus_view360), built by the host in the background and read in one
-- indexed lookup. Every write to a table the view shows marks the customer's document stale and bumps its version, here
-- in the database, so no writer (request, import, merge, event handler) can forget to; a stale document is never
-- served (the view is read from the tables instead until the builder has written it again, and the builder writes a
-- document only if the version it read is still the customer's).
CREATE TABLE cus_view360 (
  customer_id INTEGER NOT NULL PRIMARY KEY,
  doc TEXT NULL,
  stale INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 0,
  built_at TEXT NULL
);
CREATE INDEX ix_cus_view360_stale ON cus_view360 (customer_id) WHERE stale = 1;
CREATE TRIGGER cus_view360_customers_ins AFTER INSERT ON cus_customers BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.id;
END;
CREATE TRIGGER cus_view360_customers_upd AFTER UPDATE ON cus_customers BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER cus_view360_customers_del AFTER DELETE ON cus_customers BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.id;
END;
CREATE TRIGGER cus_view360_external_ids_ins AFTER INSERT ON cus_external_ids BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_external_ids_upd AFTER UPDATE ON cus_external_ids BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_external_ids_del AFTER DELETE ON cus_external_ids BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
CREATE TRIGGER cus_view360_contracts_ins AFTER INSERT ON cus_contracts BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_contracts_upd AFTER UPDATE ON cus_contracts BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_contracts_del AFTER DELETE ON cus_contracts BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
CREATE TRIGGER cus_view360_assets_ins AFTER INSERT ON cus_assets BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_assets_upd AFTER UPDATE ON cus_assets BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_assets_del AFTER DELETE ON cus_assets BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
CREATE TRIGGER cus_view360_orders_ins AFTER INSERT ON cus_orders BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_orders_upd AFTER UPDATE ON cus_orders BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_orders_del AFTER DELETE ON cus_orders BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
CREATE TRIGGER cus_view360_interactions_ins AFTER INSERT ON cus_interactions BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_interactions_upd AFTER UPDATE ON cus_interactions BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_interactions_del AFTER DELETE ON cus_interactions BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
CREATE TRIGGER cus_view360_ticket_view_ins AFTER INSERT ON cus_ticket_view BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_ticket_view_upd AFTER UPDATE ON cus_ticket_view BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_ticket_view_del AFTER DELETE ON cus_ticket_view BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
CREATE TRIGGER cus_view360_score_view_ins AFTER INSERT ON cus_score_view BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = NEW.customer_id;
END;
CREATE TRIGGER cus_view360_score_view_upd AFTER UPDATE ON cus_score_view BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
END;
CREATE TRIGGER cus_view360_score_view_del AFTER DELETE ON cus_score_view BEGIN
  UPDATE cus_view360 SET stale = 1, version = version + 1 WHERE customer_id = OLD.customer_id;
END;
