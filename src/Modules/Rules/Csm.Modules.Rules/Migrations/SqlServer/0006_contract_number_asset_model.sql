-- A care e-mail names the contract that ends and a maintenance reminder the machine that is due: the number and the
-- model are kept beside the dates (filled by the next upsert of each contract and asset).
ALTER TABLE rul_contracts ADD number NVARCHAR(100) NULL;
ALTER TABLE rul_assets ADD model NVARCHAR(200) NULL;
