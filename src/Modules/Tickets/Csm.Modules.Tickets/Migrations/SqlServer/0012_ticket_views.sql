-- Saved queue views: a person's own, or shared with everyone (a manager's). Filters as the queue's JSON.
CREATE TABLE tkt_views (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(100) NOT NULL,
  owner NVARCHAR(100) NOT NULL,
  is_shared BIT NOT NULL DEFAULT 0,
  filters NVARCHAR(MAX) NOT NULL,
  position INT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_tkt_views_owner ON tkt_views (owner);
INSERT INTO tkt_views (name, owner, is_shared, filters, position, version, created_at, updated_at) VALUES
  (N'我的未关闭工单 My open tickets', 'system', 1, '{"status":"active","assignee":"@me"}', 1, 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
  (N'已超时 Breached', 'system', 1, '{"status":"active","breached":true}', 2, 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
  (N'即将超时 At risk', 'system', 1, '{"status":"active","atRisk":true}', 3, 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
