/** Comments newest first (the API sends them so; kept here so the page never depends on the wire order). */
export function newestFirst<T extends { respondedAt?: string; responseId?: number }>(items: T[]): T[] {
  return [...items].sort((a, b) =>
    (Date.parse(b.respondedAt ?? '') || 0) - (Date.parse(a.respondedAt ?? '') || 0) || (b.responseId ?? 0) - (a.responseId ?? 0));
}
