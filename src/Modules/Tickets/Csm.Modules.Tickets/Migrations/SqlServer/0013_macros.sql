-- Canned replies (macros): a reply or note in both languages with placeholders, and what applying it also changes.
CREATE TABLE tkt_macros (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name NVARCHAR(100) NOT NULL,
  owner NVARCHAR(100) NOT NULL,
  is_shared BIT NOT NULL DEFAULT 0,
  visibility NVARCHAR(20) NOT NULL,
  body_zh NVARCHAR(MAX) NOT NULL,
  body_en NVARCHAR(MAX) NOT NULL,
  actions NVARCHAR(MAX) NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at DATETIMEOFFSET NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
CREATE INDEX ix_tkt_macros_owner ON tkt_macros (owner);
