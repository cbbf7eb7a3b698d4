-- What each source's last import of an external id said and left: "customer:version:digest of the row and of the
-- import's settings". A re-import of the same row over a customer nobody changed since is known unchanged from this
-- alone, without reading the profile or laying the row over it again.
ALTER TABLE cus_external_ids ADD COLUMN import_memo TEXT NULL;
