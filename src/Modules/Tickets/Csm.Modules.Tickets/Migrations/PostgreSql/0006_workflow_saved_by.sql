-- Who saved each workflow version (the signed-in user's name, or "apikey:<name>" for a system), as ticket history
-- records its actors. Shipped versions and those saved before this column have none.
ALTER TABLE tkt_workflows ADD COLUMN saved_by TEXT NULL;
