-- Which source system owns a customer field in imports: another source may fill it when empty, never overwrite it.
CREATE TABLE cus_field_owners (
  field TEXT NOT NULL PRIMARY KEY,
  source TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
