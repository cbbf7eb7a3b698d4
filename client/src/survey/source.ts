/** Where the survey page's form comes from: an invitation's token (/s/…) or a survey's reusable link (/f/…). */
export type Source =
  | { token: string }
  | { link: string; channel: 'link' | 'widget' | 'qr'; page?: string; lang?: 'zh-CN' | 'en'; embed: boolean };

const channels = ['link', 'widget', 'qr'] as const;

/** The source of the page at this address: /f/{link}?channel=widget&page=…&lang=…&embed=1, else /s/{token}. */
export function sourceOf(path: string, search: string): Source {
  const segments = path.split('/').filter(Boolean);
  const last = decodeURIComponent(segments[segments.length - 1] ?? '');
  if (segments[0] !== 'f') return { token: last };
  const query = new URLSearchParams(search);
  const channel = channels.find((c) => c === query.get('channel')) ?? 'link';
  const lang = query.get('lang');
  return {
    link: last, channel, page: query.get('page') ?? undefined, embed: query.get('embed') === '1',
    lang: lang ? (lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN') : undefined,
  };
}

const key = 'csm.browser';

/** This browser's own random id (one answer per browser through a reusable link), kept in its local storage. */
export function browserId(): string {
  try {
    const kept = localStorage.getItem(key);
    if (kept && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
    const made = crypto.randomUUID();
    localStorage.setItem(key, made);
    return made;
  } catch {
    // Storage refused (a strict privacy mode): an id for this page only.
    return crypto.randomUUID();
  }
}
