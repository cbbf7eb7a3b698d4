import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDelay } from './format';

describe('formatting', () => {
  it('shows a distribution delay in days, hours and minutes', () => {
    expect(formatDelay(0, 'immediately')).toBe('immediately');
    expect(formatDelay(90, 'immediately')).toBe('1 h 30 min');
    expect(formatDelay(1440 + 180, 'immediately')).toBe('1 d 3 h');
  });

  it('shows nothing as a dash', () => {
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('not a date', 'zh-CN')).toBe('—');
    expect(formatDateTime('2026-11-23T08:00:00Z', 'en')).toMatch(/2026/);
  });
});
