import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { bannerError, formPath, showFormErrors } from './errors';

describe('server field errors on forms', () => {
  it('turn JSON paths into form names', () => {
    expect(formPath('escalation[1].assignTo')).toEqual(['escalation', 1, 'assignTo']);
    expect(formPath('name')).toEqual(['name']);
  });

  it('land under the renamed field, and a 400 with field errors needs no banner', () => {
    const set: unknown[] = [];
    const error = new ApiError(400, { errors: { firstResponseMinutes: ['Must be more than 0.'], 'escalation[0].assignTo': ['Leave empty.'] } });
    showFormErrors({ setFields: (f) => set.push(...f) }, error, { firstResponseMinutes: 'firstResponseHours' });
    expect(set).toEqual([
      { name: ['firstResponseHours'], errors: ['Must be more than 0.'] },
      { name: ['escalation', 0, 'assignTo'], errors: ['Leave empty.'] },
    ]);
    expect(bannerError(error)).toBeNull();
    const conflict = new ApiError(409, { title: 'Stale' });
    expect(bannerError(conflict)).toBe(conflict);
  });
});
