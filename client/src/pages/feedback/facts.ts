import type { Schemas } from '../../api/client';

// What a predicate's value looks like for a fact and an operator, and how a dry run's "why" reads.

export type FactInfo = Schemas['ListFactsFactInfo'];

/** How the vocabulary describes fact types ("a number", "a text", "a set of tags", "a number of days"). */
export type FactKind = 'number' | 'text' | 'tags' | 'days';

export function factKind(fact: FactInfo | undefined): FactKind {
  const type = fact?.type ?? '';
  if (type.includes('tags')) return 'tags';
  if (type.includes('days')) return 'days';
  if (type.includes('number')) return 'number';
  return 'text';
}

export type ValueShape = 'none' | 'number' | 'text' | 'choice' | 'range' | 'list' | 'choices';

/** Which control a predicate's value needs. */
export function valueShape(fact: FactInfo | undefined, op: string): ValueShape {
  const kind = factKind(fact);
  if (!op || op === 'isSet' || op === 'isNotSet') return 'none';
  if (op === 'between') return 'range';
  if (op === 'in') return fact?.values?.length ? 'choices' : 'list';
  if (op === 'within') return 'number';
  if (kind === 'number' || kind === 'days') return 'number';
  return fact?.values?.length ? 'choice' : 'text';
}

/** Keeps a value when it still fits the new shape, otherwise a sensible empty one. */
export function fitValue(value: unknown, shape: ValueShape): unknown {
  switch (shape) {
    case 'none': return undefined;
    case 'number': return typeof value === 'number' ? value : undefined;
    case 'text': case 'choice': return typeof value === 'string' ? value : undefined;
    case 'range': return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number') ? value : [0, 30];
    default: return Array.isArray(value) ? value : [];
  }
}

/** Values typed into an "in" list: numbers for number facts, texts otherwise. */
export function listValues(texts: string[], kind: FactKind): (string | number)[] {
  if (kind === 'number' || kind === 'days') return texts.map((t) => Number(t.trim())).filter((n) => !Number.isNaN(n));
  return texts.map((t) => t.trim()).filter(Boolean);
}

/** Operators that compare with another fact (valueFact × factor). */
export const comparisons = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];

export function canCompareWithFact(fact: FactInfo | undefined, op: string): boolean {
  return factKind(fact) === 'number' && comparisons.includes(op);
}

/** A fact value or threshold as a person reads it: 2 decimals at most, ranges as "0 – 30", nothing as "—". */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  if (Array.isArray(value)) return value.length === 2 && value.every((v) => typeof v === 'number') ? `${showValue(value[0])} – ${showValue(value[1])}` : value.map(showValue).join(', ');
  return String(value);
}

export const opSymbols: Record<string, string> = {
  eq: '=', ne: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥', between: '∈', in: '∈', within: '≤', contains: '∋', isSet: '≠ ∅', isNotSet: '= ∅',
};

/** "daysToContractEnd ∈ 0 – 30" — a predicate's test, for the dry run's why. */
export function showTest(fact: string, op: string, threshold: unknown): string {
  const symbol = opSymbols[op] ?? op;
  return op === 'isSet' || op === 'isNotSet' ? `${fact} ${symbol}` : `${fact} ${symbol} ${showValue(threshold)}`;
}

/** Turns the server's error path ("questions[0].showWhen.question") into an antd form name path. */
export function namePath(path: string): (string | number)[] {
  return path.split('.').flatMap((segment) => {
    const parts: (string | number)[] = [];
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(segment);
    if (!m) return [segment];
    parts.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
    return parts;
  });
}
