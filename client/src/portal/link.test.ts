import { describe, expect, it } from 'vitest';
import { formatSize, tokenOf } from './link';

describe('the portal link', () => {
  it('takes the token from the fragment or the query string', () => {
    expect(tokenOf('#abc_DEF-1', '')).toBe('abc_DEF-1');
    expect(tokenOf('#token=abc', '')).toBe('abc');
    expect(tokenOf('', '?token=xyz')).toBe('xyz');
    expect(tokenOf('', '?lang=en')).toBeNull();
    expect(tokenOf('#', '')).toBeNull();
  });

  it('shows file sizes in words people read', () => {
    expect(formatSize(900)).toBe('900 B');
    expect(formatSize(2048)).toBe('2.0 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
