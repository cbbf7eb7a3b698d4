import type { Schemas } from '../../api/client';

export type Stage = Schemas['WorkflowStage'];
export type Transition = Schemas['WorkflowTransition'];

/** The structural rules a saved workflow must follow; each names the i18n text `service.rule.<rule>`. */
export type Rule =
  | 'duplicateCode' | 'unknownRole' | 'startCount' | 'noFinal' | 'startIsFinal'
  | 'unknownFrom' | 'unknownTo' | 'outOfFinal' | 'reopenNotFromFinal' | 'reopenToFinal'
  | 'unreachable' | 'noExit' | 'fieldTwice' | 'fieldKindClash';

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
  problems.push(...fieldProblems(stages));
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

/** A field twice in one stage, or one field name with two kinds: a value is held on the ticket from stage to stage. */
function fieldProblems(stages: Stage[]): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const kinds = new Map<string, { kind: FieldKind; stage: string }>();
  stages.forEach((s, i) => {
    const names = new Set<string>();
    (s.requiredFields ?? []).forEach((f, j) => {
      const name = f.name ?? '';
      const kind = f.kind ?? 'text';
      const first = kinds.get(name);
      if (names.has(name)) problems.push({ field: `stages[${i}].requiredFields[${j}].name`, rule: 'fieldTwice', values: { field: name, code: s.code ?? '' } });
      else if (first && first.kind !== kind) problems.push({ field: `stages[${i}].requiredFields[${j}].kind`, rule: 'fieldKindClash', values: { field: name, code: first.stage } });
      else if (!first) kinds.set(name, { kind, stage: s.code ?? '' });
      names.add(name);
    });
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

export type FieldKind = Schemas['FieldKind'];
export type RequiredField = Schemas['RequiredField'];

/** The kinds a required field can have, in the order the editor offers them. */
export const fieldKinds: FieldKind[] = ['text', 'number', 'date', 'dateTime', 'list'];

/**
 * The field list after the names were edited (tags added or removed): fields that stay keep their kind, a new
 * name starts as text. The kind is chosen apart from the name; it never renames the field.
 */
export function withNames(fields: RequiredField[], names: string[]): RequiredField[] {
  const unique = [...new Set(names.map((x) => x.trim()).filter(Boolean))];
  return unique.map((name) => fields.find((f) => f.name === name) ?? { name, kind: 'text' });
}

export function withKind(fields: RequiredField[], name: string, kind: FieldKind): RequiredField[] {
  return fields.map((f) => (f.name === name ? { ...f, kind } : f));
}
