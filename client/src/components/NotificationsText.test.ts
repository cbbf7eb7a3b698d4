import { describe, expect, it } from 'vitest';
import { catalogs, format } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { bellLabel, notificationLink, notificationText, targetText, type Notification } from './NotificationsText';

const zh = (key: MessageKey, values?: Record<string, string | number>) => format(catalogs['zh-CN'][key], values);
const en = (key: MessageKey, values?: Record<string, string | number>) => format(catalogs.en[key], values);
const base: Notification = { id: 1, ticketId: 123, ticketNumber: 'T-000123', subject: 'Printer', kind: 'breached', target: 'resolution', createdAt: '2026-03-02T01:00:00Z', readAt: null };

describe('notification texts', () => {
  it('say a breach in the reader language', () => {
    expect(notificationText(base, zh)).toBe('工单 T-000123 解决时限已超时');
    expect(notificationText(base, en)).toBe('Ticket T-000123 breached its resolution target');
  });

  it('say an at-risk ticket and name the clock', () => {
    const n = { ...base, kind: 'atRisk', target: 'firstResponse' } as Notification;
    expect(notificationText(n, zh)).toBe('工单 T-000123 首次响应时限即将超时');
    expect(notificationText(n, en)).toBe('Ticket T-000123 is at risk of missing its first response target');
  });

  it('say an escalation to the reader with why', () => {
    expect(notificationText({ ...base, kind: 'escalated', slaState: 'breached' }, zh)).toBe('工单 T-000123 已升级给你（解决时限已超时）');
    expect(notificationText({ ...base, kind: 'escalated', slaState: 'atRisk', target: 'stage' }, en)).toBe('Ticket T-000123 was escalated to you (stage time limit at risk)');
  });

  it('say a rule\'s notice about a customer and lead to the customer', () => {
    const n = { ...base, ticketId: null, ticketNumber: null, subject: 'VIP 关怀提醒', customerId: 7, customerName: '华东精密机械', kind: 'ruleNotice', target: undefined, reason: '请致电 华东精密机械' } as Notification;
    expect(notificationText(n, zh)).toBe('规则提醒 · 华东精密机械：请致电 华东精密机械');
    expect(notificationLink(n)).toBe('/customers/7');
    expect(notificationLink(base)).toBe('/tickets/123');
  });

  it('say a rule escalation with its reason', () => {
    const n = { ...base, kind: 'ruleEscalated', target: undefined, reason: 'VIP breach' } as Notification;
    expect(notificationText(n, en)).toBe('Ticket T-000123 was escalated by a rule: VIP breach');
  });

  it('name any clock when none is given', () => {
    expect(targetText(null, en)).toBe('target');
    expect(targetText(undefined, zh)).toBe('时限');
  });

  it('label the bell with the unread count', () => {
    expect(bellLabel(3, en)).toBe('Notifications: 3 unread');
    expect(bellLabel(0, zh)).toBe('通知：0 条未读');
  });
});
