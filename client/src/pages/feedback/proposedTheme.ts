/** A term the VOC page offered as a theme (?keyword=…&language=zh|en): the new theme's keyword and first guess at its name. */
export function proposedTheme(params: URLSearchParams) {
  const keyword = params.get('keyword')?.trim();
  if (!keyword) return null;
  const language = params.get('language') === 'zh' ? 'zh' : 'en';
  const code = language === 'en' ? keyword.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 64) : '';
  return { code, name: { zh: keyword, en: language === 'en' ? keyword : '' }, keywords: { zh: language === 'zh' ? [keyword] : [], en: language === 'en' ? [keyword] : [] } };
}
