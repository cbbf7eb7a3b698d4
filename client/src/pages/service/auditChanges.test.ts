import { describe, expect, it } from 'vitest';
import { changeRows, shown } from './auditChanges';

describe('audit entry detail', () => {
  it('lists the changed fields first with both values, then the rest', () => {
    const rows = changeRows(
      { displayName: '赵磊', roles: ['agent'], version: 1, team: null },
      { displayName: '赵磊', roles: ['manager'], version: 2, team: null },
      ['roles', 'version'],
    );
    expect(rows.map((r) => r.field)).toEqual(['roles', 'version', 'displayName', 'team']);
    expect(rows[0]).toEqual({ field: 'roles', before: '["agent"]', after: '["manager"]', changed: true });
    expect(rows[2]).toEqual({ field: 'displayName', before: '赵磊', after: '赵磊', changed: false });
    expect(rows[3].before).toBe('');
  });

  it('shows a created entity with its after side only, and nothing for an entry with no content', () => {
    expect(changeRows(null, { name: 'Region' }, [])).toEqual([{ field: 'name', before: '', after: 'Region', changed: false }]);
    expect(changeRows(null, null, [])).toEqual([]);
  });

  it('reads values as text', () => {
    expect(shown(0)).toBe('0');
    expect(shown(false)).toBe('false');
    expect(shown({ a: 1 })).toBe('{"a":1}');
  });
});
