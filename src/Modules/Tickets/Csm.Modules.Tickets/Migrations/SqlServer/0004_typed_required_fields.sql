-- Required fields have kinds. A plain name still reads as a text field (RequiredFieldConverter), so stored workflows
-- and their versions keep working unchanged; only the shipped Repair workflow's two fields that are not text get
-- their kinds, in every stored version of it: partsList is a list, visitTime a date and time.
UPDATE tkt_workflows
SET definition = REPLACE(REPLACE(definition,
      N'"partsList"', N'{"name": "partsList", "kind": "list"}'),
      N'"visitTime"', N'{"name": "visitTime", "kind": "dateTime"}')
WHERE code = N'repair' AND definition NOT LIKE N'%"kind"%';
