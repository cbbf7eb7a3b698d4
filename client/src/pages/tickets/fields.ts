import dayjs, { type Dayjs } from 'dayjs';
import type { Schemas } from '../../api/client';

/** How a stage's required field is asked for: the workflow gives each field its kind, the server checks values against it. */
export type FieldKind = Schemas['FieldKind'];
export type RequiredField = Schemas['RequiredField'];

export type FieldInput = string | string[] | Dayjs | null | undefined;

/** A field without a kind (never sent by this server, but the type allows it) is text. */
export const kindOf = (field: RequiredField): FieldKind => field.kind ?? 'text';

/**
 * The text the API keeps for a field: ISO time with offset for a date-time, yyyy-MM-dd for a date, the number as
 * written with a point for a number, items joined by "; " for a list.
 */
export function fieldValue(kind: FieldKind, input: FieldInput): string {
  if (input === null || input === undefined) return '';
  if (kind === 'dateTime') return dayjs.isDayjs(input) ? input.format() : String(input);
  if (kind === 'date') return dayjs.isDayjs(input) ? input.format('YYYY-MM-DD') : String(input);
  if (kind === 'list') return (Array.isArray(input) ? input : String(input).split(/[;；\n]/)).map((s) => String(s).trim()).filter(Boolean).join('; ');
  return String(input).trim();
}

/** The form's starting value for a value the ticket already holds, in the shape of the field's control. */
export function fieldInput(kind: FieldKind, value?: string): FieldInput {
  if (!value) return undefined;
  if (kind === 'dateTime' || kind === 'date') return dayjs(value).isValid() ? dayjs(value) : undefined;
  if (kind === 'list') return value.split(/[;；\n]/).map((s) => s.trim()).filter(Boolean);
  return value;
}

/** A kept field value as a person reads it (a date-time in local time). */
export function showField(kind: FieldKind | undefined, value: string): string {
  if (kind === 'dateTime' && dayjs(value).isValid()) return dayjs(value).format('YYYY-MM-DD HH:mm');
  return value;
}

/** The values a transition sends: each required field the form holds, as the API keeps it; empty ones left out. */
export function transitionFields(required: RequiredField[], values: Record<string, FieldInput>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of required) {
    const name = field.name ?? '';
    const value = fieldValue(kindOf(field), values[name]);
    if (value) fields[name] = value;
  }
  return fields;
}

/** The kind of every field the workflow's stages require, to show held values (and history) by their kind. */
export function fieldKinds(workflow?: { stages?: { requiredFields?: RequiredField[] | null }[] | null }): Record<string, FieldKind> {
  const kinds: Record<string, FieldKind> = {};
  for (const stage of workflow?.stages ?? []) {
    for (const field of stage.requiredFields ?? []) if (field.name && !(field.name in kinds)) kinds[field.name] = kindOf(field);
  }
  return kinds;
}
