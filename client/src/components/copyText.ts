/**
 * Puts text on the clipboard. The Clipboard API refuses when the page lacks focus or permission (an embedded frame,
 * an older browser, a kiosk); then the text is copied from its field the old way. False when neither worked, so the
 * caller can select the text and ask the person to copy it themselves.
 */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
