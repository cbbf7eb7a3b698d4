import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, type Schemas } from '../../api/client';

type TicketView = Schemas['TicketView'];

/** Where a 400 names a field ("fields.visitTime"), the form's path for it (['fields', 'visitTime']). */
export function formPath(name: string): string[] {
  return name.split('.').filter(Boolean);
}

/** Puts a 400's field errors under the form's (possibly nested) fields; true when there were any. */
export function showNestedFieldErrors(form: { setFields: (fields: { name: string[]; errors: string[] }[]) => void }, error: unknown): boolean {
  if (!(error instanceof ApiError) || !error.problem.errors) return false;
  form.setFields(Object.entries(error.problem.errors).map(([name, errors]) => ({ name: formPath(name), errors })));
  return true;
}

/**
 * One change to a ticket (transition, assignment, note, …). Every change carries the version the page shows; the
 * answer is the ticket as it now stands, so the page takes it as is. A 400 naming fields goes under the form's fields;
 * anything else, a 409 above all (someone changed the ticket first), goes to the page's alert, which offers a reload.
 */
export function useTicketChange<T>(
  id: number,
  send: (input: T) => Promise<TicketView>,
  { onProblem, onDone, form }: {
    onProblem: (error: unknown) => void;
    onDone?: (view: TicketView) => void;
    form?: { setFields: (fields: { name: string[]; errors: string[] }[]) => void };
  },
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (view) => {
      client.setQueryData(['ticket', id], view);
      client.invalidateQueries({ queryKey: ['ticket-history', id] });
      client.invalidateQueries({ queryKey: ['ticket-comments', id] });
      client.invalidateQueries({ queryKey: ['tickets'] });
      onDone?.(view);
    },
    onError: (error) => {
      const conflict = error instanceof ApiError && error.status === 409;
      if (conflict || !form || !showNestedFieldErrors(form, error)) onProblem(error);
    },
  });
}
