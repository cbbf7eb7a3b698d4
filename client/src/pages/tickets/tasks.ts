import type { Schemas } from '../../api/client';

/** What closing a task reads of its workflow. */
type Workflow = Pick<Schemas['WorkflowView'], 'stages' | 'transitions'>;

/** Where a task goes when it is done: the final stage its workflow reaches from where it stands (not a reopen). */
export function closingStage(workflow: Workflow | undefined, from: string): string | undefined {
  const finals = new Set((workflow?.stages ?? []).filter((s) => s.isFinal).map((s) => s.code));
  return (workflow?.transitions ?? []).find((x) => x.from === from && !x.isReopen && finals.has(x.to))?.to;
}

/** Earliest due first; tasks without a due time last, oldest first among them. */
export function dueFirst<T extends { nextDueAt?: string | null; createdAt?: string }>(rows: T[]): T[] {
  const time = (s?: string | null) => (s ? Date.parse(s) : Number.POSITIVE_INFINITY);
  return [...rows].sort((a, b) => time(a.nextDueAt) - time(b.nextDueAt) || time(a.createdAt) - time(b.createdAt));
}
