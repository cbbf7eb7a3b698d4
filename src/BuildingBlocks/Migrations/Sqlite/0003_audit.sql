-- Who changed what, when and from where: users, roles, keys, configuration, customers, erasures, exports and sign-ins.
-- Written in the transaction of the change it records; secrets never (the writer drops them); pruned after the retention.
CREATE TABLE sys_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NULL,
  actor_kind TEXT NOT NULL,
  address TEXT NULL,
  module TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NULL,
  before_json TEXT NULL,
  after_json TEXT NULL
);
CREATE INDEX ix_sys_audit_at ON sys_audit (at);
CREATE INDEX ix_sys_audit_entity ON sys_audit (entity, entity_id, at);
CREATE INDEX ix_sys_audit_actor ON sys_audit (actor, at);
