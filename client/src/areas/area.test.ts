import { describe, expect, it } from 'vitest';
import { visibleTo, type MenuEntry } from './area';
import { canCancel, canRetry, statuses } from '../pages/service/OutboundMessages';

const entries: MenuEntry[] = [
  { path: '/settings/workflows', label: 'service.nav.workflows', order: 10 },
  { path: '/settings/outbound', label: 'ops.nav.outbound', order: 32, roles: ['manager', 'admin'] },
];

describe('the settings menu', () => {
  it('shows an entry with roles only to people who have one of them', () => {
    expect(visibleTo(entries, ['agent']).map((e) => e.path)).toEqual(['/settings/workflows']);
    expect(visibleTo(entries, ['agent', 'manager']).map((e) => e.path)).toEqual(['/settings/workflows', '/settings/outbound']);
    expect(visibleTo(entries, []).map((e) => e.path)).toEqual(['/settings/workflows']);
  });
});

describe('the outbound messages page', () => {
  it('offers retry and cancel only where the API allows them', () => {
    expect(statuses.filter((s) => canRetry(s, 'li@example.com'))).toEqual(['failed', 'parked', 'cancelled']);
    expect(statuses.filter((s) => canRetry(s, null))).toEqual([]);
    expect(statuses.filter(canCancel)).toEqual(['queued', 'failed', 'parked']);
  });
});
