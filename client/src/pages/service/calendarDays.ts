import type { Schemas } from '../../api/client';

export type WeeklyHours = Schemas['WeeklyHours'];
export type Weekday = Schemas['DayOfWeek'];
export const weekdays: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const byIndex: Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface CalendarShape {
  weeklyHours: WeeklyHours[];
  holidays: string[];
  makeUpDays: string[];
}

/** How a day counts: an ordinary working day, a rest day (weekend), a public holiday, or a 调休 make-up working day. */
export type DayKind = 'working' | 'rest' | 'holiday' | 'makeUp';

/** The weekday of a "yyyy-MM-dd" date, read as a calendar date (no time zone involved). */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number);
  return byIndex[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/** The kind of a day, as the server's business calendar counts it: holidays first, then make-up days, then the week. */
export function dayKind(date: string, calendar: CalendarShape): DayKind {
  if (calendar.holidays.includes(date)) return 'holiday';
  if (calendar.makeUpDays.includes(date)) return 'makeUp';
  return calendar.weeklyHours.some((h) => h.day === weekdayOf(date)) ? 'working' : 'rest';
}

/** The working hours of a day: none on holidays and rest days; a make-up day works an ordinary Monday (as the server does). */
export function dayHours(date: string, calendar: CalendarShape): WeeklyHours[] {
  const kind = dayKind(date, calendar);
  if (kind === 'holiday' || kind === 'rest') return [];
  const on = (day: Weekday) => calendar.weeklyHours.filter((h) => h.day === day).sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  if (kind === 'working') return on(weekdayOf(date));
  const monday = on('monday');
  if (monday.length) return monday;
  const first = weekdays.find((d) => on(d).length);
  return first ? on(first) : [];
}

const time = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with a row of weekly hours, mirroring the server: a bad time, an end before the start, an overlap. */
export function hoursProblems(hours: WeeklyHours[]): { index: number; rule: 'badTime' | 'endBeforeStart' | 'overlap' }[] {
  const problems: { index: number; rule: 'badTime' | 'endBeforeStart' | 'overlap' }[] = [];
  hours.forEach((h, i) => {
    if (!time.test(h.start ?? '') || !time.test(h.end ?? '')) problems.push({ index: i, rule: 'badTime' });
    else if ((h.end ?? '') <= (h.start ?? '')) problems.push({ index: i, rule: 'endBeforeStart' });
    else if (hours.some((o, j) => j < i && o.day === h.day && time.test(o.start ?? '') && (o.start ?? '') < (h.end ?? '') && (h.start ?? '') < (o.end ?? '')))
      problems.push({ index: i, rule: 'overlap' });
  });
  return problems;
}

/** Adds a date to a sorted list once, and takes it out of the other list (a day is a holiday or a make-up day, not both). */
export function addDay(list: string[], other: string[], date: string): [string[], string[]] {
  return [[...new Set([...list, date])].sort(), other.filter((d) => d !== date)];
}

/**
 * The month the view opens on: the first month from this one with a holiday or make-up day, else the last month that
 * had one, else this month ("yyyy-MM").
 */
export function firstSpecialMonth(calendar: Pick<CalendarShape, 'holidays' | 'makeUpDays'>, today: string): string {
  const months = [...new Set([...calendar.holidays, ...calendar.makeUpDays].map((d) => d.slice(0, 7)))].sort();
  const now = today.slice(0, 7);
  return months.find((m) => m >= now) ?? months.at(-1) ?? now;
}

/** The names worth sending: those of days still listed as holidays or make-up days, trimmed, none empty. */
export function namesOfListedDays(names: Record<string, string>, calendar: Pick<CalendarShape, 'holidays' | 'makeUpDays'>): Record<string, string> {
  const listed = new Set([...calendar.holidays, ...calendar.makeUpDays]);
  return Object.fromEntries(Object.entries(names).map(([d, n]) => [d, n.trim()] as const).filter(([d, n]) => listed.has(d) && n));
}
