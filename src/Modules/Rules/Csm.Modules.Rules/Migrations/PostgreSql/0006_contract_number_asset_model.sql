-- A care e-mail names the contract that ends and a maintenance reminder the machine that is due: the number and the
-- model are kept beside the dates (filled by the next upsert of each contract and asset).
ALTER TABLE rul_contracts ADD COLUMN number TEXT NULL;
ALTER TABLE rul_assets ADD COLUMN model TEXT NULL;
