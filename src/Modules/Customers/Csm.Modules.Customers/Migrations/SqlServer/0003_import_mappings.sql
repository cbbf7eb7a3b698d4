-- A source system's saved CSV column mapping, applied to its imports when they send none.
CREATE TABLE cus_import_mappings (
  source NVARCHAR(100) NOT NULL PRIMARY KEY,
  mapping NVARCHAR(MAX) NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
