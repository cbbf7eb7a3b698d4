-- Saved queue views: a person's own, or shared with everyone (a manager's). Filters as the queue's JSON.
CREATE TABLE tkt_views (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  is_shared INTEGER NOT NULL DEFAULT 0,
  filters TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_tkt_views_owner ON tkt_views (owner);
INSERT INTO tkt_views (name, owner, is_shared, filters, position, version, created_at, updated_at) VALUES
  ('我的未关闭工单 My open tickets', 'system', 1, '{"status":"active","assignee":"@me"}', 1, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('已超时 Breached', 'system', 1, '{"status":"active","breached":true}', 2, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('即将超时 At risk', 'system', 1, '{"status":"active","atRisk":true}', 3, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
