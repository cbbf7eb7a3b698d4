import { describe, expect, it } from 'vitest';
import { catalogs, format } from './index';

describe('translations', () => {
  it('have every key in both languages, none empty', () => {
    const zh = Object.keys(catalogs['zh-CN']).sort();
    const en = Object.keys(catalogs.en).sort();
    expect(en).toEqual(zh);
    for (const catalog of Object.values(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, zh] of Object.entries(catalogs['zh-CN'])) {
      expect(placeholders(catalogs.en[key as keyof typeof catalogs.en]), key).toEqual(placeholders(zh));
    }
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('共 {n} 个客户', { n: 7043 })).toBe('共 7043 个客户');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
