-- Required fields have kinds. A plain name still reads as a text field (RequiredFieldConverter), so stored workflows
-- and their versions keep working unchanged; only the shipped Repair workflow's two fields that are not text get
-- their kinds, in every stored version of it: partsList is a list, visitTime a date and time.
UPDATE tkt_workflows
SET definition = REPLACE(REPLACE(definition,
      '"partsList"', '{"name": "partsList", "kind": "list"}'),
      '"visitTime"', '{"name": "visitTime", "kind": "dateTime"}')
WHERE code = 'repair' AND definition NOT LIKE '%"kind"%';
