// The magic link is /portal#TOKEN (or /portal?token=TOKEN): the token, or null when the page was opened without one.
export function tokenOf(hash: string, search: string): string | null {
  const fromHash = hash.replace(/^#/, '').replace(/^token=/, '').trim();
  if (fromHash) return decodeURIComponent(fromHash);
  const fromQuery = new URLSearchParams(search).get('token')?.trim();
  return fromQuery ? fromQuery : null;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
