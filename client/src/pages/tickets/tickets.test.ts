import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { catalogs, format } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { formatDue, formatDuration } from './due';
import { fieldInput, fieldKinds, fieldValue, showField, transitionFields } from './fields';
import { humanise, inLanguage } from './names';
import { queueQuery, withChanges } from './queue';
import { filtersOf, viewParams } from './QueueViews';
import { fieldLines } from '../service/Macros';
import { closingStage, dueFirst } from './tasks';

const en = (key: MessageKey, values?: Record<string, string | number>) => format(catalogs.en[key], values);
const zh = (key: MessageKey, values?: Record<string, string | number>) => format(catalogs['zh-CN'][key], values);
const now = Date.parse('2026-11-23T08:00:00Z');
const minutes = (n: number) => new Date(now + n * 60_000).toISOString();

describe('due countdowns', () => {
  it('say how long is left in hours and minutes', () => {
    expect(formatDue(minutes(200), now, en)).toEqual({ text: 'due in 3 h 20 min', overdue: false });
    expect(formatDue(minutes(200), now, zh)).toEqual({ text: '3 小时 20 分钟后到期', overdue: false });
  });

  it('say how late a ticket is once the due time has passed', () => {
    expect(formatDue(minutes(-60), now, en)).toEqual({ text: 'overdue 1 h', overdue: true });
    expect(formatDue(minutes(-61.5), now, zh)).toEqual({ text: '已超期 1 小时 1 分钟', overdue: true });
  });

  it('count whole minutes, days before hours, and drop the smallest unit when days are shown', () => {
    expect(formatDuration(45 * 60_000 + 59_000, en)).toBe('45 min');
    expect(formatDuration((2 * 1440 + 4 * 60 + 30) * 60_000, en)).toBe('2 d 4 h');
    expect(formatDuration(1440 * 60_000, en)).toBe('1 d');
    expect(formatDuration(30_000, en)).toBe('under 1 min');
  });

  it('treat the due moment itself as overdue', () => {
    expect(formatDue(minutes(0), now, en)).toEqual({ text: 'overdue under 1 min', overdue: true });
  });
});

describe('stage fields', () => {
  it('take their kind from the workflow, a field without one being text', () => {
    const workflow = { stages: [
      { requiredFields: [{ name: 'diagnosis', kind: 'text' as const }, { name: 'visitTime', kind: 'dateTime' as const }] },
      { requiredFields: [{ name: 'partsCount', kind: 'number' as const }, { name: 'note' }] }, { requiredFields: null },
    ] };
    expect(fieldKinds(workflow)).toEqual({ diagnosis: 'text', visitTime: 'dateTime', partsCount: 'number', note: 'text' });
    expect(fieldKinds(undefined)).toEqual({});
  });

  it('are sent as the text the API keeps', () => {
    expect(fieldValue('list', ['screen ', '', 'battery'])).toBe('screen; battery');
    expect(fieldValue('list', 'a; b;')).toBe('a; b');
    const visit = dayjs('2026-11-24T10:30:00+08:00');
    expect(dayjs(fieldValue('dateTime', visit)).valueOf()).toBe(visit.valueOf());
    expect(fieldValue('dateTime', visit)).toMatch(/^2026-11-2\dT\d{2}:30:00[+-]\d{2}:\d{2}$/);
    expect(fieldValue('date', dayjs('2026-03-03T23:00:00'))).toBe('2026-03-03');
    expect(fieldValue('number', '12.50')).toBe('12.50');
    expect(fieldValue('text', '  broken hinge ')).toBe('broken hinge');
    expect(fieldValue('text', undefined)).toBe('');
  });

  it('start the form from what the ticket holds, in the shape of each control', () => {
    expect(fieldInput('list', 'PSU-12V; Fuse 2A')).toEqual(['PSU-12V', 'Fuse 2A']);
    expect(dayjs.isDayjs(fieldInput('date', '2026-03-03'))).toBe(true);
    expect(fieldInput('dateTime', 'maybe tomorrow')).toBeUndefined();
    expect(fieldInput('number', '3')).toBe('3');
    expect(fieldInput('text', undefined)).toBeUndefined();
  });

  it('leave out what the form does not hold, so values the ticket already has still count', () => {
    expect(transitionFields([{ name: 'diagnosis', kind: 'text' }, { name: 'partsList', kind: 'list' }], { diagnosis: 'hinge', partsList: [] }))
      .toEqual({ diagnosis: 'hinge' });
    expect(transitionFields([{ name: 'parts', kind: 'number' }], { parts: '4' })).toEqual({ parts: '4' });
  });

  it('show a kept date-time in local time and other values as they are', () => {
    expect(showField('dateTime', '2026-11-24T10:30:00+08:00')).toBe(dayjs('2026-11-24T10:30:00+08:00').format('YYYY-MM-DD HH:mm'));
    expect(showField('list', 'a; b')).toBe('a; b');
    expect(showField(undefined, '2026-11-24T10:30:00+08:00')).toBe('2026-11-24T10:30:00+08:00');
  });
});

describe('names', () => {
  it('pick the reader’s language out of a two-language name', () => {
    expect(inLanguage('受理 Accept', 'en')).toBe('Accept');
    expect(inLanguage('受理 Accept', 'zh-CN')).toBe('受理');
    expect(inLanguage('主管处理 Supervisor escalation', 'en')).toBe('Supervisor escalation');
    expect(inLanguage('Repair 维修', 'zh-CN')).toBe('维修');
    expect(inLanguage('Warranty claim', 'zh-CN')).toBe('Warranty claim');
  });

  it('make a field name readable', () => {
    expect(humanise('partsList')).toBe('Parts list');
    expect(humanise('follow_up')).toBe('Follow up');
  });
});

describe('queue filters in the URL', () => {
  it('show tickets that are not closed unless a status is chosen', () => {
    expect(queueQuery(new URLSearchParams(''))).toEqual({ Status: 'active', Page: 1, PageSize: 25,
      Stage: undefined, Assignee: undefined, Team: undefined, CustomerId: undefined, Priority: undefined, Type: undefined,
      Channel: undefined, AtRisk: undefined, Breached: undefined, Q: undefined });
    expect(queueQuery(new URLSearchParams('status=all')).Status).toBeUndefined();
  });

  it('read every filter the API takes, ignoring nonsense numbers', () => {
    const q = queueQuery(new URLSearchParams('status=closed&customerId=7&breached=true&atRisk=no&priority=high&q=hinge&page=3&pageSize=x'));
    expect(q).toMatchObject({ Status: 'closed', CustomerId: 7, Breached: true, AtRisk: undefined, Priority: 'high', Q: 'hinge', Page: 3, PageSize: 25 });
    expect(queueQuery(new URLSearchParams('customerId=abc')).CustomerId).toBeUndefined();
  });

  it('go back to the first page when a filter changes, and drop cleared filters', () => {
    const next = withChanges(new URLSearchParams('priority=high&page=4&breached=true'), { priority: undefined, breached: false, type: 'repair' });
    expect(next.toString()).toBe('type=repair');
    expect(withChanges(new URLSearchParams('type=repair'), { page: 2 }).toString()).toBe('type=repair&page=2');
  });
});

describe('my tasks', () => {
  const workflow = {
    stages: [{ code: 'open', isStart: true }, { code: 'done', isFinal: true }],
    transitions: [{ from: 'open', to: 'done' }, { from: 'done', to: 'open', isReopen: true }],
  };

  it('close a task into its workflow’s final stage, never along a reopen', () => {
    expect(closingStage(workflow, 'open')).toBe('done');
    expect(closingStage(workflow, 'done')).toBeUndefined();
    expect(closingStage(undefined, 'open')).toBeUndefined();
  });

  it('list the earliest due first and those without a due time last', () => {
    const rows = [
      { id: 1, nextDueAt: null, createdAt: '2026-11-20T00:00:00Z' },
      { id: 2, nextDueAt: '2026-11-25T00:00:00Z' },
      { id: 3, nextDueAt: '2026-11-24T00:00:00Z' },
      { id: 4, nextDueAt: null, createdAt: '2026-11-19T00:00:00Z' },
    ];
    expect(dueFirst(rows).map((r) => r.id)).toEqual([3, 2, 4, 1]);
  });
});

describe('saved views and the queue URL', () => {
  it('applies a view as URL filters, and a view without a status shows every ticket as its count does', () => {
    expect(viewParams({ filters: { assignee: '@me', status: 'active', breached: true } as never }).toString()).toBe('assignee=%40me&status=active&breached=true');
    expect(viewParams({ filters: { priority: 'urgent' } as never }).get('status')).toBe('all');
    expect(viewParams({ filters: { colour: 'red', atRisk: false } as never }).toString()).toBe('status=all');
  });

  it('saves the URL filters as a view: the default status is active, "all" is no status, flags only when on', () => {
    expect(filtersOf(new URLSearchParams('priority=high&atRisk=true&breached=no&customerId=7'))).toEqual({ priority: 'high', atRisk: true, customerId: 7, status: 'active' });
    expect(filtersOf(new URLSearchParams('status=all&q=pump'))).toEqual({ q: 'pump' });
    const params = new URLSearchParams('status=closed&team=desk');
    expect(viewParams({ filters: filtersOf(params) as never }).toString()).toBe(params.toString());
  });
});

describe('a canned reply\'s field lines', () => {
  it('reads key=value lines, trimmed, skipping the rest', () => {
    expect(fieldLines('symptoms = heat;leak\n\nnot a line\n model=HX-200 ')).toEqual({ symptoms: 'heat;leak', model: 'HX-200' });
    expect(fieldLines(undefined)).toEqual({});
  });
});
