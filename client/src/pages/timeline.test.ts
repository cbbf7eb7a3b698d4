import { describe, expect, it } from 'vitest';
import { timelineOf } from './timeline';

describe('the 360 timeline', () => {
  it('merges interactions, tickets and resolutions newest first', () => {
    const entries = timelineOf({
      recentInteractions: [{ channel: 'call', direction: 'inbound', summary: '来电', agent: 'li.na', interactedAt: '2026-11-20T02:00:00Z' }],
      openTickets: [{ number: 'T-5', subject: '设备不启动', stage: 'diagnose', createdAt: '2026-11-21T02:00:00Z' }],
      recentTickets: [{ number: 'T-4', subject: 'Invoice', stage: 'closed', createdAt: '2026-11-01T02:00:00Z', resolvedAt: '2026-11-22T02:00:00Z' }],
      openTasks: [],
    });
    expect(entries.map((e) => `${e.kind} ${e.title}`)).toEqual([
      'resolved T-4 Invoice', 'ticket T-5 设备不启动', 'interaction call · inbound', 'ticket T-4 Invoice',
    ]);
    expect(entries[2].detail).toBe('来电 — li.na');
  });

  it('is empty for a customer with no history', () => {
    expect(timelineOf({ recentInteractions: [], openTickets: [], recentTickets: [], openTasks: [] })).toEqual([]);
  });
});
