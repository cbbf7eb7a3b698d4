import type { Language } from '../../i18n';

const cjk = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The shipped workflows and types carry both languages in one name ("受理 Accept", "Repair 维修"); this picks the
 * reader's part. A name in one language only is shown as it is.
 */
export function inLanguage(name: string, language: Language): string {
  const words = name.trim().split(/\s+/);
  const chinese = words.filter((w) => cjk.test(w));
  const other = words.filter((w) => !cjk.test(w));
  if (chinese.length === 0 || other.length === 0) return name;
  return language === 'en' ? other.join(' ') : chinese.join('');
}

/** "partsList" → "Parts list": a readable label for a field the texts do not know. */
export function humanise(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
