import { describe, expect, it } from 'vitest';
import { downloadUrl, formatSize } from './attachments';

describe('attachments', () => {
  it('show sizes in the unit people read', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatSize(3 * 1024 ** 4)).toBe('3072 GB');
  });

  it('download from the ticket the file is listed on', () => {
    expect(downloadUrl(7, 42)).toBe('/api/tickets/7/attachments/42');
  });
});
