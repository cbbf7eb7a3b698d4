import { ApiError } from '../../api/client';

/** An error worth a banner: anything but a 400 whose field errors already stand under the fields. */
export function bannerError(error: unknown): unknown {
  return error instanceof ApiError && error.status === 400 && error.problem.errors ? null : error;
}

/** A server field path as an antd form name: `escalation[1].assignTo` → ['escalation', 1, 'assignTo']. */
export function formPath(field: string): (string | number)[] {
  return field.split(/[.[\]]+/).filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts a 400's field errors under the form's fields, including fields inside lists; `rename` maps a server field to
 * the form field that edits it (e.g. minutes edited as hours and minutes).
 */
export function showFormErrors(
  form: { setFields: (fields: { name: (string | number)[]; errors: string[] }[]) => void },
  error: unknown,
  rename: Record<string, string> = {},
) {
  if (!(error instanceof ApiError) || !error.problem.errors) return;
  form.setFields(Object.entries(error.problem.errors).map(([field, errors]) => ({ name: formPath(rename[field] ?? field), errors })));
}
