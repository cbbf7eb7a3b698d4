import type { Schemas } from '../../api/client';

export type Stage = Schemas['WorkflowStage'];
export type Transition = Schemas['WorkflowTransition'];

/** The structural rules a saved workflow must follow; each names the i18n text `service.rule.<rule>`. */
export type Rule =
  | 'duplicateCode' | 'unknownRole' | 'startCount' | 'noFinal' | 'startIsFinal'
  | 'unknownFrom' | 'unknownTo' | 'outOfFinal' | 'reopenNotFromFinal' | 'reopenToFinal'
  | 'unreachable' | 'noExit';

/** One thing wrong, keyed like the server's 400 field errors (`stages[2]`, `transitions[0].to`, `stages`). */
export interface WorkflowProblem {
  field: string;
  rule: Rule;
  values: Record<string, string | number>;
}

export const roles = ['agent', 'accountManager', 'manager', 'admin'] as const;

/**
 * The same checks the server runs when a workflow is saved (WorkflowDefinition.Problems), so a manager sees them
 * while editing: one start stage, every stage reachable, a final stage reachable from every stage, and no way out
 * of a final stage except a reopen.
 */
export function workflowProblems(stages: Stage[], transitions: Transition[]): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const index = new Map<string, number>();
  stages.forEach((s, i) => {
    const code = s.code ?? '';
    if (index.has(code)) problems.push({ field: `stages[${i}].code`, rule: 'duplicateCode', values: { code } });
    else index.set(code, i);
    if (s.ownerRole && !(roles as readonly string[]).includes(s.ownerRole))
      problems.push({ field: `stages[${i}].ownerRole`, rule: 'unknownRole', values: { role: s.ownerRole } });
  });
  const starts = stages.filter((s) => s.isStart).length;
  if (starts !== 1) problems.push({ field: 'stages', rule: 'startCount', values: { n: starts } });
  if (!stages.some((s) => s.isFinal)) problems.push({ field: 'stages', rule: 'noFinal', values: {} });
  if (stages.some((s) => s.isStart && s.isFinal)) problems.push({ field: 'stages', rule: 'startIsFinal', values: {} });

  const valid: Transition[] = [];
  transitions.forEach((t, i) => {
    const from = index.has(t.from ?? '') ? stages[index.get(t.from ?? '')!] : undefined;
    const to = index.has(t.to ?? '') ? stages[index.get(t.to ?? '')!] : undefined;
    if (!from) problems.push({ field: `transitions[${i}].from`, rule: 'unknownFrom', values: { code: t.from ?? '' } });
    if (!to) problems.push({ field: `transitions[${i}].to`, rule: 'unknownTo', values: { code: t.to ?? '' } });
    if (!from || !to) return;
    if (from.isFinal && !t.isReopen) problems.push({ field: `transitions[${i}]`, rule: 'outOfFinal', values: { code: t.from ?? '' } });
    else if (t.isReopen && !from.isFinal) problems.push({ field: `transitions[${i}].isReopen`, rule: 'reopenNotFromFinal', values: {} });
    else if (t.isReopen && to.isFinal) problems.push({ field: `transitions[${i}].to`, rule: 'reopenToFinal', values: {} });
    else valid.push(t);
  });
  if (starts !== 1 || index.size !== stages.length) return problems;

  const reachable = walk([stages.find((s) => s.isStart)!.code ?? ''], valid, true);
  const canFinish = walk(stages.filter((s) => s.isFinal).map((s) => s.code ?? ''), valid.filter((t) => !t.isReopen), false);
  stages.forEach((s, i) => {
    const code = s.code ?? '';
    if (!reachable.has(code)) problems.push({ field: `stages[${i}]`, rule: 'unreachable', values: { code } });
    else if (!canFinish.has(code)) problems.push({ field: `stages[${i}]`, rule: 'noExit', values: { code } });
  });
  return problems;
}

function walk(from: string[], transitions: Transition[], forward: boolean): Set<string> {
  const seen = new Set(from);
  const queue = [...seen];
  while (queue.length) {
    const stage = queue.shift()!;
    for (const t of transitions) {
      const [a, b] = forward ? [t.from, t.to] : [t.to, t.from];
      if (a === stage && b !== undefined && !seen.has(b)) { seen.add(b); queue.push(b); }
    }
  }
  return seen;
}

/**
 * A stage has one name on the server; the shipped ones read "受理 Accept": the Chinese name, then the English one.
 * The editor keeps that convention so both languages can show their part (and reads "Repair 维修" too).
 */
export function splitName(name: string | undefined): { zh: string; en: string } {
  const text = (name ?? '').trim();
  const match = /^([^\x00-\x7F][^A-Za-z]*?)\s+([A-Za-z].*)$/.exec(text);
  if (match) return { zh: match[1].trim(), en: match[2].trim() };
  // Shipped ticket types and workflows put English first: "Repair 维修".
  const reversed = /^([A-Za-z][\x00-\x7F]*?)\s+([^\x00-\x7F].*)$/.exec(text);
  if (reversed) return { zh: reversed[2].trim(), en: reversed[1].trim() };
  return /[^\x00-\x7F]/.test(text) ? { zh: text, en: '' } : { zh: '', en: text };
}

export function joinName(zh: string | undefined, en: string | undefined): string {
  return [zh?.trim(), en?.trim()].filter(Boolean).join(' ');
}

/** The name in the reader's language, falling back to the other one. */
export function stageLabel(name: string | undefined, language: 'zh-CN' | 'en'): string {
  const { zh, en } = splitName(name);
  return (language === 'en' ? en || zh : zh || en) || (name ?? '');
}

export type FieldKind = 'text' | 'datetime' | 'date' | 'number' | 'list';

/**
 * The API keeps required fields as names only; their kind follows from the name, as in the shipped workflows
 * (visitTime, partsList, diagnosis): …Time/…At a date and time, …Date a date, …List a list, …Count/…Number/…Minutes
 * a number, anything else free text.
 */
export function fieldKind(name: string): FieldKind {
  if (/(Time|At)$/.test(name)) return 'datetime';
  if (/Date$/.test(name)) return 'date';
  if (/List$/.test(name)) return 'list';
  if (/(Count|Number|Minutes|Amount)$/.test(name)) return 'number';
  return 'text';
}

const suffixes: Record<FieldKind, string> = { text: '', datetime: 'Time', date: 'Date', number: 'Count', list: 'List' };

/** A field name that reads as the kind chosen: `visit` + datetime → `visitTime`; a name already of that kind stays. */
export function nameForKind(name: string, kind: FieldKind): string {
  const base = name.replace(/(Time|At|Date|List|Count|Number|Minutes|Amount)$/, '') || name;
  if (fieldKind(name) === kind) return name;
  return base + suffixes[kind];
}
