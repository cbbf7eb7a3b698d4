-- Magic links to the customer portal. Only hashes: of the token (so a copy of the database opens no session) and of the
-- address asked for (so the per-address limit counts unknown addresses too, without keeping them).
CREATE TABLE cus_portal_links (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NULL REFERENCES cus_customers (id),
  address_hash TEXT NOT NULL,
  token_hash TEXT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT NULL
);
CREATE UNIQUE INDEX ux_cus_portal_links_token ON cus_portal_links (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX ix_cus_portal_links_address ON cus_portal_links (address_hash, created_at);
