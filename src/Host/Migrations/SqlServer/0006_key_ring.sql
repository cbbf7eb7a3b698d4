-- The data-protection key ring on a server engine: every host reads the same keys, so a sign-in cookie one host
-- issued is honoured by the others (SharedKeyRing).
CREATE TABLE sys_key_ring (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  friendly_name NVARCHAR(200) NULL,
  xml NVARCHAR(MAX) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL
);
