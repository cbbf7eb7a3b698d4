import { describe, expect, it } from 'vitest';
import { proposedTheme } from './proposedTheme';

describe('a theme proposed from a rising term', () => {
  it('holds a Chinese term as a Chinese keyword and name, leaving the code to the manager', () => {
    expect(proposedTheme(new URLSearchParams({ keyword: '卡纸', language: 'zh' }))).toEqual({
      code: '', name: { zh: '卡纸', en: '' }, keywords: { zh: ['卡纸'], en: [] },
    });
  });
  it('holds an English term as an English keyword and a code made of it', () => {
    expect(proposedTheme(new URLSearchParams({ keyword: 'x200 refund', language: 'en' }))).toEqual({
      code: 'x200-refund', name: { zh: 'x200 refund', en: 'x200 refund' }, keywords: { zh: [], en: ['x200 refund'] },
    });
  });
  it('proposes nothing without a keyword', () => {
    expect(proposedTheme(new URLSearchParams('language=zh'))).toBeNull();
  });
});
