// Number formatting for the reports. Every figure may be null (an empty period): it shows as a dash, never NaN.

export const dash = '—';

export const isFigure = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number with fixed decimals and grouping (1,234.5), or a dash. */
export function formatNumber(v: number | null | undefined, digits = 1): string {
  if (!isFigure(v)) return dash;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A count (whole number with grouping); a missing count reads 0. */
export const formatCount = (v: number | null | undefined): string => (isFigure(v) ? Math.round(v).toLocaleString('en-US') : '0');

/** A share the API already gives in percent (0–100). */
export const formatPercent = (v: number | null | undefined, digits = 1): string => (isFigure(v) ? `${formatNumber(v, digits)}%` : dash);

/** A signed number: + for gains, the minus sign for losses, none for zero. */
export function formatSigned(v: number | null | undefined, digits = 1): string {
  if (!isFigure(v)) return dash;
  const rounded = Number(v.toFixed(digits));
  if (rounded === 0) return formatNumber(0, digits);
  return `${rounded > 0 ? '+' : '−'}${formatNumber(Math.abs(rounded), digits)}`;
}

/** How many decimals each metric shows: NPS points and CSAT percent to one, the CES mean to two. */
export const metricDigits = (metric: string): number => (metric === 'ces' ? 2 : 1);

/** A satisfaction value in its unit: NPS in signed points, CSAT in percent, CES as the mean score. */
export function formatScore(metric: string, v: number | null | undefined): string {
  if (!isFigure(v)) return dash;
  if (metric === 'nps') return formatSigned(v, 1);
  if (metric === 'csat') return formatPercent(v, 1);
  return formatNumber(v, metricDigits(metric));
}

/** A change against the previous period in the metric's unit (percentage points for CSAT). */
export const formatChange = (metric: string, v: number | null | undefined): string => formatSigned(v, metricDigits(metric));

/** A 95% interval as "low – high" in the metric's unit, or a dash when there is none. */
export function formatInterval(metric: string, low: number | null | undefined, high: number | null | undefined): string {
  if (!isFigure(low) || !isFigure(high)) return dash;
  return `${formatScore(metric, low)} ~ ${formatScore(metric, high)}`;
}

/** A rate's 95% interval in percent. */
export const formatRateInterval = (low: number | null | undefined, high: number | null | undefined): string =>
  isFigure(low) && isFigure(high) ? `${formatPercent(low)} ~ ${formatPercent(high)}` : dash;

export type Direction = 'up' | 'down' | 'flat';

/** Which way a change went, or null when there was nothing to compare with. */
export function direction(change: number | null | undefined, digits = 1): Direction | null {
  if (!isFigure(change)) return null;
  const rounded = Number(change.toFixed(digits));
  return rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat';
}

/** The score range the API states at the start of its scale text ("1–7, 1 = very difficult…"), or null. */
export function scaleRange(scale: string | null | undefined): { low: number; high: number } | null {
  const m = /^\s*(-?\d+)\s*[–-]\s*(\d+)/.exec(scale ?? '');
  return m ? { low: Number(m[1]), high: Number(m[2]) } : null;
}

export interface DurationUnits { minutes: string; hours: string; days: string }

/** Minutes as minutes, hours or days, whichever reads best ("45 min", "3.5 h", "2.1 d"). */
export function formatMinutes(v: number | null | undefined, units: DurationUnits): string {
  if (!isFigure(v)) return dash;
  if (Math.abs(v) < 60) return `${formatNumber(v, 0)} ${units.minutes}`;
  if (Math.abs(v) < 60 * 24) return `${formatNumber(v / 60, 1)} ${units.hours}`;
  return `${formatNumber(v / 60 / 24, 1)} ${units.days}`;
}

/** The open follow-ups: unhappy answers whose follow-up is not closed yet (never below zero). */
export const openFollowUps = (unhappy: number | null | undefined, followedUp: number | null | undefined): number =>
  Math.max(0, (isFigure(unhappy) ? unhappy : 0) - (isFigure(followedUp) ? followedUp : 0));
