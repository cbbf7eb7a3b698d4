// Pure helpers for the reports' queries: dates in the reporting time zone, dashboard windows, filters kept in the URL.

export const reportingZone = 'Asia/Shanghai';
export const intervals = ['day', 'week', 'month', 'quarter'] as const;
export type Interval = (typeof intervals)[number];
export const dashboardIntervals = ['week', 'month', 'quarter'] as const;
export type DashboardInterval = (typeof dashboardIntervals)[number];
export const metrics = ['nps', 'csat', 'ces'] as const;
export type Metric = (typeof metrics)[number];
/** The groups each report offers, as the API names them (see src/Host/openapi.json descriptions). */
export const responseGroups = ['tier', 'touchpoint', 'ticketType', 'channel', 'agent', 'team', 'survey', 'answeredVia'] as const;
export const ticketGroups = ['tier', 'ticketType', 'channel', 'agent', 'team'] as const;
export const timeZones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'] as const;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date (yyyy-MM-dd) in a time zone: the reports count days where the business is, not where the browser is. */
export function todayIn(zone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y, m, d];
}
const toIso = (date: Date) => date.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** The first day of the period holding `day`: ISO weeks start on Monday, as the API counts them. */
export function periodStart(day: string, interval: Interval): string {
  const [y, m, d] = parts(day);
  switch (interval) {
    case 'day': return day;
    case 'week': {
      const date = utc(y, m, d);
      date.setUTCDate(d - ((date.getUTCDay() + 6) % 7));
      return toIso(date);
    }
    case 'month': return toIso(utc(y, m, 1));
    default: return toIso(utc(y, Math.floor((m - 1) / 3) * 3 + 1, 1));
  }
}

/** Moves a period start by `count` periods (negative goes back). */
export function shiftPeriod(start: string, interval: Interval, count: number): string {
  const [y, m, d] = parts(start);
  switch (interval) {
    case 'day': return toIso(utc(y, m, d + count));
    case 'week': return toIso(utc(y, m, d + 7 * count));
    case 'month': return toIso(utc(y, m + count, 1));
    default: return toIso(utc(y, m + 3 * count, 1));
  }
}

/** How many periods the dashboard's trends show for each interval. */
export const trendLength: Record<DashboardInterval, number> = { week: 12, month: 12, quarter: 8 };

/** The dashboard's window: the last few whole periods up to today; the tiles read its last point, the current period so far. */
export function dashboardRange(interval: DashboardInterval, today: string): { from: string; to: string } {
  return { from: shiftPeriod(periodStart(today, interval), interval, -(trendLength[interval] - 1)), to: today };
}

export interface ReportFilters {
  from?: string;
  to?: string;
  interval?: Interval;
  groupBy?: string;
  timeZone?: string;
  metric?: Metric;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/** Reads the filters from the URL, dropping what the API would refuse so a hand-edited link still shows a report. */
export function readFilters(params: URLSearchParams, groups: readonly string[] = []): ReportFilters {
  const date = (name: string) => {
    const v = params.get(name);
    return v !== null && isoDate.test(v) ? v : undefined;
  };
  const zone = params.get('timeZone');
  return clean({
    from: date('from'),
    to: date('to'),
    interval: pick(params.get('interval'), intervals),
    groupBy: pick(params.get('groupBy'), groups),
    timeZone: zone && /^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(zone) ? zone : undefined,
    metric: pick(params.get('metric'), metrics),
  });
}

/** The filters without the unset ones: what goes into the URL and into the API query. */
export function clean<T extends object>(filters: T): T {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}

/** The URL query after changing some filters; unset values leave the URL. */
export function withFilters(params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') next.delete(k); else next.set(k, v);
  }
  return next;
}

/** A query string for fetch (the CSV export asks for the same URL the page shows). */
export function queryString(query: Record<string, string | number | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}

/** The file name a Content-Disposition header gives (RFC 6266, the UTF-8 form first), or the fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall through to the plain form */ }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  return plain ? (plain[2] ?? plain[1]).trim() : fallback;
}

/** The instant a local day starts in a time zone, plus some days (for an exclusive end), as ISO 8601 with its offset. */
export function startOfDay(day: string, zone: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  const utcGuess = Date.UTC(y, m - 1, d + plusDays);
  // The zone's offset at that moment: format the instant in the zone and read back the wall clock.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .formatToParts(new Date(utcGuess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utcGuess - (wall - utcGuess)).toISOString();
}
