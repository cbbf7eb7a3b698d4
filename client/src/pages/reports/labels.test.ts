import { describe, expect, it } from 'vitest';
import { catalogs, format } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { groupLabel } from './labels';

const inChinese = (key: MessageKey) => format(catalogs['zh-CN'][key]);
const inEnglish = (key: MessageKey) => format(catalogs.en[key]);

describe('group labels', () => {
  it('read the whole population and "no value" in words', () => {
    expect(groupLabel('all', 'tier', inEnglish)).toBe(catalogs.en['reports.value.all']);
    expect(groupLabel(undefined, undefined, inChinese)).toBe(catalogs['zh-CN']['reports.value.all']);
    expect(groupLabel('(none)', 'agent', inEnglish)).toBe(catalogs.en['reports.value.none']);
  });

  it('translate tiers, touchpoints, channels of tickets and of surveys, and loop outcomes', () => {
    expect(groupLabel('vip', 'tier', inChinese)).toBe(catalogs['zh-CN']['tier.vip']);
    expect(groupLabel('service', 'touchpoint', inEnglish)).toBe(catalogs.en['feedback.touchpoint.service']);
    expect(groupLabel('weChat', 'channel', inChinese)).toBe(catalogs['zh-CN']['tickets.channel.weChat']);
    expect(groupLabel('sms', 'channel', inEnglish)).toBe(catalogs.en['feedback.channel.sms']);
    expect(groupLabel('notReachable', 'outcome', inChinese)).toBe(catalogs['zh-CN']['tickets.outcome.notReachable']);
  });

  it('say how answers came: the feedback button, a QR code, an e-mail invitation, in either language', () => {
    expect(groupLabel('widget', 'answeredVia', inChinese)).toBe('反馈按钮');
    expect(groupLabel('qr', 'answeredVia', inEnglish)).toBe('QR code');
    expect(groupLabel('email', 'answeredVia', inEnglish)).toBe(catalogs.en['feedback.channel.email']);
    expect(groupLabel('(none)', 'answeredVia', inEnglish)).toBe(catalogs.en['reports.value.none']);
  });

  it('name stages and ticket types as configured, and show an unknown value as it is', () => {
    const names = { stage: (c: string) => (c === 'diagnose' ? '诊断' : ''), ticketType: (c: string) => (c === 'repair' ? 'Repair' : '') };
    expect(groupLabel('diagnose', 'stage', inChinese, names)).toBe('诊断');
    expect(groupLabel('repair', 'ticketType', inEnglish, names)).toBe('Repair');
    expect(groupLabel('custom-stage', 'stage', inEnglish, names)).toBe('custom-stage');
    expect(groupLabel('ann', 'agent', inEnglish, names)).toBe('ann');
    expect(groupLabel('pigeon', 'channel', inEnglish)).toBe('pigeon');
  });
});
