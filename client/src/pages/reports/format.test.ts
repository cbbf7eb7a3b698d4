import { describe, expect, it } from 'vitest';
import { direction, formatChange, formatCount, formatInterval, formatMinutes, formatPercent, formatRateInterval, formatScore, formatSigned, openFollowUps, scaleRange } from './format';

const units = { minutes: 'min', hours: 'h', days: 'd' };

describe('figures', () => {
  it('show an empty period as a dash, never NaN', () => {
    for (const v of [null, undefined, NaN, Infinity]) {
      expect(formatScore('nps', v)).toBe('—');
      expect(formatPercent(v)).toBe('—');
      expect(formatMinutes(v, units)).toBe('—');
      expect(formatInterval('csat', v, 3)).toBe('—');
    }
    expect(formatCount(null)).toBe('0');
  });

  it('show NPS in signed points, CSAT in percent and CES as a mean', () => {
    expect(formatScore('nps', 12.345)).toBe('+12.3');
    expect(formatScore('nps', -100)).toBe('−100.0');
    expect(formatScore('nps', 0)).toBe('0.0');
    expect(formatScore('csat', 85)).toBe('85.0%');
    expect(formatScore('ces', 5.236)).toBe('5.24');
    expect(formatInterval('nps', -20.5, 44)).toBe('−20.5 ~ +44.0');
    expect(formatRateInterval(10, 20.25)).toBe('10.0% ~ 20.3%');
  });

  it('sign changes and say which way they went, treating a rounded zero as flat', () => {
    expect(formatSigned(5)).toBe('+5.0');
    expect(formatSigned(-0.04)).toBe('0.0');
    expect(formatChange('ces', 0.125)).toBe('+0.13');
    expect(direction(3)).toBe('up');
    expect(direction(-0.2)).toBe('down');
    expect(direction(0.01)).toBe('flat');
    expect(direction(null)).toBeNull();
  });

  it('group thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(99.95)).toBe('100.0%');
  });

  it('read durations in the unit that fits', () => {
    expect(formatMinutes(45, units)).toBe('45 min');
    expect(formatMinutes(210, units)).toBe('3.5 h');
    expect(formatMinutes(3024, units)).toBe('2.1 d');
  });
});

describe('the scale the API states', () => {
  it('gives the range at the start of the scale text', () => {
    expect(scaleRange('1–7, 1 = very difficult and 7 = very easy; CES = mean score')).toEqual({ low: 1, high: 7 });
    expect(scaleRange('0–10; promoters 9–10')).toEqual({ low: 0, high: 10 });
    expect(scaleRange('')).toBeNull();
    expect(scaleRange(undefined)).toBeNull();
  });
});

describe('open follow-ups', () => {
  it('are the unhappy answers not yet followed up, never negative', () => {
    expect(openFollowUps(5, 2)).toBe(3);
    expect(openFollowUps(undefined, undefined)).toBe(0);
    expect(openFollowUps(1, 3)).toBe(0);
  });
});
