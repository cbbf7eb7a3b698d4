/** RFC 4180 parsing and writing, for mapping a foreign file's columns onto Csm's import columns in the browser. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const writeCsv = (rows: string[][]) => rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';

/** Csm's import columns; the first three are required. */
export const targets = ['externalId', 'name', 'tier', 'kind', 'accountManager', 'language', 'contactName', 'email', 'phone', 'weChat', 'tags'] as const;
export type Target = (typeof targets)[number];

/** A target filled from a column of the file, or with one value for every row. */
export type Source = { column: number } | { constant: string };

export const isNative = (header: string[]) =>
  ['externalId', 'name', 'tier'].every((t) => header.some((h) => h.trim().toLowerCase() === t.toLowerCase()));

/** A guess that saves typing: columns named like a target (customerID → externalId, e-mail → email). */
export function guess(header: string[]): Partial<Record<Target, Source>> {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  const aliases: Record<Target, string[]> = {
    externalId: ['externalid', 'customerid', 'id', 'code'], name: ['name', 'customername', 'company'], tier: ['tier', 'level'],
    kind: ['kind', 'type'], accountManager: ['accountmanager', 'owner'], language: ['language', 'lang'], contactName: ['contactname', 'contact'],
    email: ['email', 'emailaddress', 'customeremail'], phone: ['phone', 'mobile', 'tel'], weChat: ['wechat'], tags: ['tags'],
  };
  const map: Partial<Record<Target, Source>> = {};
  for (const target of targets) {
    const column = header.findIndex((h) => aliases[target].includes(norm(h)));
    if (column >= 0) map[target] = { column };
  }
  return map;
}

/** The file said in Csm's columns, ready for POST /api/customers/import. */
export function remap(rows: string[][], map: Partial<Record<Target, Source>>): string {
  const used = targets.filter((t) => map[t] !== undefined);
  const value = (row: string[], s: Source) => ('constant' in s ? s.constant : row[s.column] ?? '');
  return writeCsv([used, ...rows.slice(1).map((row) => used.map((t) => value(row, map[t]!)))]);
}

/** A mapping as the API keeps it per source: Csm column → the file column's name, or a constant. */
export interface SavedMapping {
  columns: Record<string, string>;
  constants: Record<string, string>;
}

/** The mapping chosen on the page in the API's terms, for `?mapping=` and for saving per source. */
export function toSaved(header: string[], map: Partial<Record<Target, Source>>): SavedMapping {
  const saved: SavedMapping = { columns: {}, constants: {} };
  for (const target of targets) {
    const s = map[target];
    if (!s) continue;
    if ('constant' in s) saved.constants[target] = s.constant;
    else if (header[s.column] !== undefined) saved.columns[target] = header[s.column].trim();
  }
  return saved;
}

/** A saved mapping laid over this file's header: the columns it names that the file has (any case), and its constants. */
export function fromSaved(header: string[], saved: SavedMapping): Partial<Record<Target, Source>> {
  const map: Partial<Record<Target, Source>> = {};
  for (const target of targets) {
    const name = saved.columns[target];
    const column = name === undefined ? -1 : header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
    if (column >= 0) map[target] = { column };
    else if (saved.constants[target] !== undefined) map[target] = { constant: saved.constants[target] };
  }
  return map;
}
