import type { MessageKey } from '../../i18n/zh-CN';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A duration as people say it: the two largest units that matter ("3 h 20 min", "2 d 4 h", "45 min"). */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return t('tickets.dur.lessThanMinute');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = days > 0
    ? [t('tickets.dur.days', { n: days }), hours > 0 ? t('tickets.dur.hours', { n: hours }) : '']
    : [hours > 0 ? t('tickets.dur.hours', { n: hours }) : '', rest > 0 ? t('tickets.dur.minutes', { n: rest }) : ''];
  const [a, b] = parts.filter(Boolean);
  return b ? t('tickets.dur.two', { a, b }) : a;
}

/**
 * How long until a due time, or how long past it: "due in 3 h 20 min", "overdue 1 h". The due time itself is the
 * API's (already counted in business time); this only counts down the wall clock to it.
 */
export function formatDue(dueAt: string, now: number, t: Translate): { text: string; overdue: boolean } {
  const left = Date.parse(dueAt) - now;
  const overdue = left <= 0;
  return { text: t(overdue ? 'tickets.due.overdue' : 'tickets.due.in', { d: formatDuration(left, t) }), overdue };
}
