/** One line of an audit entry's detail: a field, its value before and after, and whether it changed. */
export interface ChangeRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a person reads it: text as is, anything else as compact JSON, nothing as empty. */
export const shown = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The detail of an entry as rows: every field of before and after (changed ones first, in the server's order), so a
 * change reads as "roles: agent → manager". An entry that is not an object (or has one side only) is one row per field
 * of the side it has.
 */
export function changeRows(before: unknown, after: unknown, changed: readonly string[]): ChangeRow[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const fields = [...new Set([...changed, ...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({
    field,
    before: shown(b[field]),
    after: shown(a[field]),
    changed: changed.includes(field),
  }));
}

/** The filter's action groups: "rule." matches every rule action (the API reads a trailing dot as a prefix). */
export const actionGroups = ['user', 'apiKey', 'signIn', 'customer', 'rule', 'survey', 'workflow', 'slaPolicy', 'calendar', 'ticketType'] as const;
