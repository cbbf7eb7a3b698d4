// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './copyText';

function field(value: string) {
  const input = document.createElement('input');
  input.value = value;
  document.body.append(input);
  return input;
}

afterEach(() => { vi.unstubAllGlobals(); document.body.innerHTML = ''; });

describe('copyText', () => {
  it('uses the Clipboard API when it works and leaves the field alone', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const execCommand = vi.fn(() => true);
    document.execCommand = execCommand;
    expect(await copyText('csm_abc', field('csm_abc'))).toBe(true);
    expect(writeText).toHaveBeenCalledWith('csm_abc');
    expect(execCommand).not.toHaveBeenCalled();
  });

  it('copies from the selected field when the Clipboard API refuses', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new DOMException('Document is not focused.', 'NotAllowedError')) } });
    const input = field('csm_secret');
    let selected = '';
    document.execCommand = vi.fn((command: string) => {
      selected = input.value.substring(input.selectionStart ?? 0, input.selectionEnd ?? 0);
      return command === 'copy';
    });
    expect(await copyText('csm_secret', input)).toBe(true);
    expect(selected).toBe('csm_secret');
  });

  it('says false when neither way copies, so the page can ask the person to copy', async () => {
    vi.stubGlobal('navigator', {});
    document.execCommand = vi.fn(() => false);
    expect(await copyText('csm_x', field('csm_x'))).toBe(false);
    expect(await copyText('csm_x', null)).toBe(false);
  });
});
