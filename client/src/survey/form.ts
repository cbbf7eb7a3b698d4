import type { components } from '../api/schema';

/** The form of an invitation, or of a survey's reusable link (no first name there). */
export type Form = Pick<components['schemas']['GetPublicSurveyResponse'], 'language' | 'title' | 'questions'> & { firstName?: string | null };
export type Question = components['schemas']['GetPublicSurveyFormQuestion'];
export type Answer = components['schemas']['Answer'];

/** What the customer has given so far, by question key. */
export interface Given {
  score?: number;
  text?: string;
  choices?: string[];
}

const scored = new Set(['nps', 'csat', 'ces', 'rating']);
export const isScored = (q: Question) => scored.has(q.kind);

/** The score range a question offers: NPS 0–10, CSAT 1–5, CES 1–7, or what the form says. */
export function range(q: Pick<Question, 'kind' | 'min' | 'max'>): number[] {
  const defaults: Record<string, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7], rating: [1, 5] };
  const [min, max] = [q.min ?? defaults[q.kind][0], q.max ?? defaults[q.kind][1]];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * The score a one-click link in the invitation e-mail chose (?score=N): given to the first scored question when N is
 * on its scale, else nothing. Nothing is sent until the customer submits, so a mail scanner following every link
 * answers nothing.
 */
export function preselected(form: Pick<Form, 'questions'>, search: string): Record<string, Given> {
  const raw = new URLSearchParams(search).get('score');
  const first = form.questions.find(isScored);
  if (!first || raw === null || !/^\d{1,2}$/.test(raw)) return {};
  const score = Number(raw);
  return range(first).includes(score) ? { [first.key]: { score } } : {};
}

/** A "why?" follow-up shows only while the score it depends on is within its range. */
export function isShown(q: Question, given: Record<string, Given>): boolean {
  const when = q.showWhen;
  if (!when?.question) return true;
  const score = given[when.question]?.score;
  return score !== undefined && (when.min == null || score >= when.min) && (when.max == null || score <= when.max);
}

function isAnswered(q: Question, g: Given | undefined): boolean {
  if (!g) return false;
  if (isScored(q)) return g.score !== undefined;
  if (q.kind === 'text') return (g.text ?? '').trim().length > 0;
  return (g.choices ?? []).length > 0;
}

/** Keys of required, visible questions still unanswered. */
export function missing(form: Form, given: Record<string, Given>): string[] {
  return form.questions.filter((q) => q.required && isShown(q, given) && !isAnswered(q, given[q.key])).map((q) => q.key);
}

/** The answers to send: visible, answered questions only. */
export function answersOf(form: Form, given: Record<string, Given>): Answer[] {
  return form.questions
    .filter((q) => isShown(q, given) && isAnswered(q, given[q.key]))
    .map((q) => {
      const g = given[q.key];
      if (isScored(q)) return { question: q.key, score: g.score };
      if (q.kind === 'text') return { question: q.key, text: g.text!.trim() };
      return { question: q.key, choices: g.choices };
    });
}
