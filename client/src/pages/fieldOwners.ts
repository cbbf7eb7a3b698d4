/** The customer fields an import can carry, as the server names them; custom fields as cf.<key>. */
export const profileFields = ['name', 'kind', 'tier', 'accountManager', 'language', 'contacts', 'tags'] as const;

export function ownerFields(customKeys: string[]): string[] {
  return [...profileFields, ...customKeys.map((k) => `cf.${k}`)];
}

/** The PUT body: every field given a source (trimmed); a blank source means nobody owns the field. */
export function ownersBody(draft: Record<string, string>) {
  return {
    owners: Object.entries(draft)
      .map(([field, source]) => ({ field, source: source.trim() }))
      .filter((o) => o.source !== '')
      .sort((a, b) => a.field.localeCompare(b.field)),
  };
}
