-- Magic links to the customer portal. Only hashes: of the token (so a copy of the database opens no session) and of the
-- address asked for (so the per-address limit counts unknown addresses too, without keeping them).
CREATE TABLE cus_portal_links (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  customer_id BIGINT NULL REFERENCES cus_customers (id),
  address_hash NVARCHAR(64) NOT NULL,
  token_hash NVARCHAR(64) NULL,
  created_at DATETIMEOFFSET NOT NULL,
  expires_at DATETIMEOFFSET NOT NULL,
  used_at DATETIMEOFFSET NULL
);
CREATE UNIQUE INDEX ux_cus_portal_links_token ON cus_portal_links (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX ix_cus_portal_links_address ON cus_portal_links (address_hash, created_at);
