import { describe, expect, it } from 'vitest';
import { fromSaved, guess, isNative, parseCsv, remap, toSaved } from './csv';

describe('csv in the browser', () => {
  it('parses quotes, doubled quotes, CRLF, a BOM and Chinese text', () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n上海,"line\nbreak",\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"'], ['上海', 'line\nbreak', ''],
    ]);
  });

  it('recognises a file already in Csm columns', () => {
    expect(isNative(['ExternalId', 'name', 'tier', 'email'])).toBe(true);
    expect(isNative(['customerID', 'gender', 'Contract'])).toBe(false);
  });

  it('maps a foreign file, with a constant where the file has no column', () => {
    const rows = parseCsv('customerID,gender,Contract\n7590-VHVEG,Female,Month-to-month\n5575-GNVDE,,"One year"\n');
    const map = { ...guess(rows[0]), name: { column: 0 }, tier: { constant: 'standard' } };
    expect(map.externalId).toEqual({ column: 0 });
    expect(remap(rows, map)).toBe('externalId,name,tier\r\n7590-VHVEG,7590-VHVEG,standard\r\n5575-GNVDE,5575-GNVDE,standard\r\n');
  });

  it('saves a mapping by column name and lays it over a later file whose columns moved', () => {
    const saved = toSaved(['customerID', 'Company', 'Mail'], { externalId: { column: 0 }, name: { column: 1 }, email: { column: 2 }, tier: { constant: 'vip' } });
    expect(saved).toEqual({ columns: { externalId: 'customerID', name: 'Company', email: 'Mail' }, constants: { tier: 'vip' } });
    expect(fromSaved(['mail', 'CUSTOMERID', 'Region', 'Company'], saved)).toEqual({
      externalId: { column: 1 }, name: { column: 3 }, email: { column: 0 }, tier: { constant: 'vip' },
    });
  });
});
