import { describe, expect, it } from 'vitest';
import { visibleTo, type MenuEntry } from './area';
import { canCancel, canRetry, statuses } from '../pages/service/OutboundMessages';

const entries: MenuEntry[] = [
  { path: '/settings/workflows', label: 'service.nav.workflows', order: 10 },
  { path: '/settings/outbound', label: 'ops.nav.outbound', order: 32, permission: 'settings.configure' },
];

describe('the settings menu', () => {
  it('shows an entry with a permission only to people who hold it', () => {
    expect(visibleTo(entries, ['tickets.work']).map((e) => e.path)).toEqual(['/settings/workflows']);
    expect(visibleTo(entries, ['tickets.work', 'settings.configure']).map((e) => e.path)).toEqual(['/settings/workflows', '/settings/outbound']);
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
