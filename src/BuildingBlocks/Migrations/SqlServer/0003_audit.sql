-- Who changed what, when and from where: users, roles, keys, configuration, customers, erasures, exports and sign-ins.
-- Written in the transaction of the change it records; secrets never (the writer drops them); pruned after the retention.
CREATE TABLE sys_audit (
  id BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_sys_audit PRIMARY KEY,
  at DATETIMEOFFSET NOT NULL,
  actor NVARCHAR(200) NULL,
  actor_kind NVARCHAR(20) NOT NULL,
  address NVARCHAR(64) NULL,
  module NVARCHAR(40) NOT NULL,
  action NVARCHAR(100) NOT NULL,
  entity NVARCHAR(60) NOT NULL,
  entity_id NVARCHAR(100) NULL,
  before_json NVARCHAR(MAX) NULL,
  after_json NVARCHAR(MAX) NULL
);
CREATE INDEX ix_sys_audit_at ON sys_audit (at);
CREATE INDEX ix_sys_audit_entity ON sys_audit (entity, entity_id, at);
CREATE INDEX ix_sys_audit_actor ON sys_audit (actor, at);
