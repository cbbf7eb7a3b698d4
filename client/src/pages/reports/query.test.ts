import { describe, expect, it } from 'vitest';
import { dashboardRange, fileNameFrom, periodStart, queryString, readFilters, shiftPeriod, startOfDay, todayIn, withFilters } from './query';

describe('dates in the reporting time zone', () => {
  it('counts 23:30 Beijing time on that Beijing day, not the UTC one', () => {
    const late = new Date('2026-11-23T15:30:00Z'); // 23:30 in Shanghai
    expect(todayIn('Asia/Shanghai', late)).toBe('2026-11-23');
    const past = new Date('2026-11-23T16:10:00Z'); // 00:10 the next day in Shanghai, still the 23rd in UTC
    expect(todayIn('Asia/Shanghai', past)).toBe('2026-11-24');
    expect(todayIn('UTC', past)).toBe('2026-11-23');
  });

  it('starts weeks on Monday, months on the 1st and quarters on their first month, as the API does', () => {
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23'); // a Sunday belongs to the week begun on Monday
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-01-01', 'week')).toBe('2025-12-29');
    expect(periodStart('2026-11-23', 'month')).toBe('2026-11-01');
    expect(periodStart('2026-11-23', 'quarter')).toBe('2026-10-01');
    expect(periodStart('2026-03-31', 'quarter')).toBe('2026-01-01');
    expect(periodStart('2026-11-23', 'day')).toBe('2026-11-23');
  });

  it('moves whole periods across year ends', () => {
    expect(shiftPeriod('2026-01-01', 'month', -1)).toBe('2025-12-01');
    expect(shiftPeriod('2026-01-01', 'quarter', -1)).toBe('2025-10-01');
    expect(shiftPeriod('2026-01-05', 'week', -2)).toBe('2025-12-22');
    expect(shiftPeriod('2026-03-01', 'day', -1)).toBe('2026-02-28');
  });

  it('gives the dashboard the last 12 weeks or months, or 8 quarters, ending today', () => {
    expect(dashboardRange('month', '2026-11-24')).toEqual({ from: '2025-12-01', to: '2026-11-24' });
    expect(dashboardRange('week', '2026-11-24')).toEqual({ from: '2026-09-07', to: '2026-11-24' });
    expect(dashboardRange('quarter', '2026-11-24')).toEqual({ from: '2025-01-01', to: '2026-11-24' });
  });
});

describe('filters in the URL', () => {
  it('reads the filters the API accepts and drops the rest', () => {
    const params = new URLSearchParams('from=2026-01-01&to=2026-03-31&interval=week&groupBy=tier&metric=csat&timeZone=Europe/London');
    expect(readFilters(params, ['tier'])).toEqual({ from: '2026-01-01', to: '2026-03-31', interval: 'week', groupBy: 'tier', metric: 'csat', timeZone: 'Europe/London' });
    const junk = new URLSearchParams('from=yesterday&interval=hour&groupBy=planet&metric=happiness&timeZone=<script>');
    expect(readFilters(junk, ['tier'])).toEqual({});
  });

  it('changes only what is asked and removes cleared values', () => {
    const next = withFilters(new URLSearchParams('from=2026-01-01&groupBy=tier'), { groupBy: undefined, interval: 'week' });
    expect(next.toString()).toBe('from=2026-01-01&interval=week');
  });

  it('builds a query string without empty values', () => {
    expect(queryString({ from: '2026-01-01', groupBy: undefined, themes: 5, metric: '' })).toBe('?from=2026-01-01&themes=5');
    expect(queryString({})).toBe('');
  });
});

describe('the CSV file name', () => {
  it('prefers the UTF-8 name, then the plain one, then the fallback', () => {
    expect(fileNameFrom(`attachment; filename=service-20261001-20261124.csv; filename*=UTF-8''service-20261001-20261124.csv`, 'x.csv'))
      .toBe('service-20261001-20261124.csv');
    expect(fileNameFrom(`attachment; filename*=UTF-8''%E6%BB%A1%E6%84%8F%E5%BA%A6.csv`, 'x.csv')).toBe('满意度.csv');
    expect(fileNameFrom('attachment; filename="a b.csv"', 'x.csv')).toBe('a b.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });
});

describe('the start of a local day', () => {
  it('is midnight in the zone as a UTC instant, and a day later for an exclusive end', () => {
    expect(startOfDay('2026-03-10', 'Asia/Shanghai')).toBe('2026-03-09T16:00:00.000Z');
    expect(startOfDay('2026-03-31', 'Asia/Shanghai', 1)).toBe('2026-03-31T16:00:00.000Z');
    expect(startOfDay('2026-07-01', 'Europe/London')).toBe('2026-06-30T23:00:00.000Z');
    expect(startOfDay('2026-01-01', 'UTC')).toBe('2026-01-01T00:00:00.000Z');
  });
});
