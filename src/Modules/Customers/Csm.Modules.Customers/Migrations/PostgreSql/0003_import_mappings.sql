-- A source system's saved CSV column mapping, applied to its imports when they send none.
CREATE TABLE cus_import_mappings (
  source TEXT NOT NULL PRIMARY KEY,
  mapping TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
