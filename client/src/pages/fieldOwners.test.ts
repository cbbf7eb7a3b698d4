import { describe, expect, it } from 'vitest';
import { ownerFields, ownersBody } from './fieldOwners';

describe('field owners', () => {
  it('lists the profile fields and each custom field', () => {
    expect(ownerFields(['employees'])).toEqual(['name', 'kind', 'tier', 'accountManager', 'language', 'contacts', 'tags', 'cf.employees']);
  });

  it('sends only the fields given a source, trimmed', () => {
    expect(ownersBody({ tier: ' crm ', accountManager: 'crm', tags: '  ', 'cf.employees': 'erp' })).toEqual({
      owners: [{ field: 'accountManager', source: 'crm' }, { field: 'cf.employees', source: 'erp' }, { field: 'tier', source: 'crm' }],
    });
  });
});
