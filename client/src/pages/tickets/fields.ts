import dayjs, { type Dayjs } from 'dayjs';

/** How a stage's required field is asked for. The workflow names its fields; the name says what kind it is. */
export type FieldKind = 'dateTime' | 'list' | 'text';

export function fieldKind(name: string): FieldKind {
  if (/(Time|At|Date|On)$/.test(name) || /^(time|date)$/i.test(name)) return 'dateTime';
  if (/(List|Items|Parts)$/.test(name) || /^(list|items|parts)$/i.test(name)) return 'list';
  return 'text';
}

export type FieldInput = string | string[] | Dayjs | null | undefined;

/** The text the API keeps for a field: ISO time with offset for a date-time, items joined by "; " for a list. */
export function fieldValue(kind: FieldKind, input: FieldInput): string {
  if (input === null || input === undefined) return '';
  if (kind === 'dateTime') return dayjs.isDayjs(input) ? input.format() : String(input);
  if (kind === 'list') return (Array.isArray(input) ? input : String(input).split(';')).map((s) => String(s).trim()).filter(Boolean).join('; ');
  return String(input).trim();
}

/** A kept field value as a person reads it (a date-time in local time). */
export function showField(kind: FieldKind, value: string): string {
  if (kind === 'dateTime' && dayjs(value).isValid()) return dayjs(value).format('YYYY-MM-DD HH:mm');
  return value;
}

/** The values a transition sends: each required field the form holds, as the API keeps it; empty ones left out. */
export function transitionFields(required: string[], values: Record<string, FieldInput>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of required) {
    const value = fieldValue(fieldKind(name), values[name]);
    if (value) fields[name] = value;
  }
  return fields;
}
