-- Which source system owns a customer field in imports: another source may fill it when empty, never overwrite it.
CREATE TABLE cus_field_owners (
  field NVARCHAR(100) NOT NULL PRIMARY KEY,
  source NVARCHAR(100) NOT NULL,
  updated_at DATETIMEOFFSET NOT NULL
);
