import type { Schemas } from '../../api/client';

// A survey template as the editor holds it, and the question presets that make the usual surveys a few clicks.

export type Question = Schemas['Question'];
export type QuestionKind = Schemas['QuestionKind'];
export type SurveyDraft = Schemas['CreateSurveyRequest'];

export const kinds: QuestionKind[] = ['nps', 'csat', 'ces', 'rating', 'singleChoice', 'multipleChoice', 'text'];
export const touchpoints: Schemas['Touchpoint'][] = ['awareness', 'purchase', 'onboarding', 'service'];

/** The score range of a scored question; null for choices and free text. */
export function range(q: Pick<Question, 'kind' | 'scale'>): [number, number] | null {
  switch (q.kind) {
    case 'nps': return [0, 10];
    case 'csat': return [1, 5];
    case 'ces': return [1, 7];
    case 'rating': return [1, q.scale ?? 5];
    default: return null;
  }
}

/** The usual wording of each kind, in both languages, so a new question starts complete. */
const presetText: Record<QuestionKind, { zh: string; en: string }> = {
  nps: { zh: '您有多大可能向朋友或同事推荐我们？', en: 'How likely are you to recommend us to a friend or colleague?' },
  csat: { zh: '您对这次服务满意吗？', en: 'How satisfied are you with this service?' },
  ces: { zh: '这次解决问题有多容易？', en: 'How easy was it to get your issue resolved?' },
  rating: { zh: '请为我们的服务评分', en: 'Please rate our service' },
  singleChoice: { zh: '请选择一项', en: 'Please choose one' },
  multipleChoice: { zh: '请选择所有适用项', en: 'Please choose all that apply' },
  text: { zh: '您还有什么想告诉我们的吗？', en: 'Is there anything else you would like to tell us?' },
};

export function newQuestion(kind: QuestionKind, existing: Question[]): Question {
  const q: Question = { key: uniqueKey(kind, existing), kind, text: { ...presetText[kind] }, required: kind !== 'text' };
  if (kind === 'singleChoice' || kind === 'multipleChoice') {
    q.choices = [
      { key: 'a', text: { zh: '选项一', en: 'Option one' } },
      { key: 'b', text: { zh: '选项二', en: 'Option two' } },
    ];
  }
  if (kind === 'rating') q.scale = 5;
  return q;
}

function uniqueKey(base: string, existing: Question[]): string {
  const used = new Set(existing.map((q) => q.key));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** The score below which the "why?" is asked: detractors for NPS, unhappy for CSAT; CES asks when it was hard. */
export function unhappyRange(q: Question): { min?: number; max?: number } {
  switch (q.kind) {
    case 'nps': return { max: 6 };
    case 'csat': return { max: 2 };
    case 'ces': return { min: 5 };
    default: { const r = range(q); return { max: r ? Math.floor((r[0] + r[1]) / 2) : 2 }; }
  }
}

/** A "why?" free-text follow-up, shown only for an unhappy score on `to`. */
export function whyFollowUp(to: Question, existing: Question[]): Question {
  return {
    key: uniqueKey(`${to.key}_why`, existing), kind: 'text', required: false,
    text: { zh: '请告诉我们原因，我们该如何改进？', en: 'Why? What should we improve?' },
    showWhen: { question: to.key!, ...unhappyRange(to) },
  };
}

/** A new after-service NPS survey: the score and the "why?" for detractors, both languages filled. */
export function afterServiceNps(): SurveyDraft {
  const nps = newQuestion('nps', []);
  return {
    name: '', touchpoint: 'service',
    title: { zh: '服务满意度调查', en: 'How did we do?' },
    questions: [nps, whyFollowUp(nps, [nps])],
  };
}

/** Questions earlier than index that carry a score: what a follow-up may depend on. */
export function scoredBefore(questions: Question[], index: number): Question[] {
  return questions.slice(0, index).filter((q) => q && range(q) !== null);
}

/** The body the API takes: no read-only fields, no choices or scale where the kind has none, an empty show-when dropped. */
export function cleanQuestions(questions: Question[]): Question[] {
  return questions.map((q) => {
    const out: Question = { key: q.key, kind: q.kind, text: q.text, required: !!q.required };
    if (q.kind === 'singleChoice' || q.kind === 'multipleChoice') out.choices = q.choices ?? [];
    if (q.kind === 'rating' && q.scale != null) out.scale = q.scale;
    if (q.showWhen?.question) {
      out.showWhen = { question: q.showWhen.question };
      if (q.showWhen.min != null) out.showWhen.min = q.showWhen.min;
      if (q.showWhen.max != null) out.showWhen.max = q.showWhen.max;
    }
    return out;
  });
}

export type DistributionRequest = Schemas['DistributionsRequest'];

/** What the API takes for a distribution: a ticket type and delay for transactional, a segment and period for relationship. */
export function distributionBody(v: DistributionRequest): DistributionRequest {
  const relationship = v.kind === 'relationship';
  return {
    kind: v.kind, channel: v.channel, delayMinutes: relationship ? 0 : v.delayMinutes ?? 0, validDays: v.validDays ?? 14,
    remindAfterHours: v.remindAfterHours ?? null,
    ...(relationship
      ? { tiers: v.tiers?.length ? v.tiers : null, tags: v.tags?.length ? v.tags : null, everyDays: v.everyDays }
      : { ticketType: v.ticketType || null }),
  };
}

/** "Shown when nps ≤ 6" / "… between 5 and 7" — a follow-up's rule in words. */
export function showWhenText(showWhen: Question['showWhen'], words: { atMost: string; atLeast: string; between: string }): string {
  if (!showWhen?.question) return '';
  const { min, max } = showWhen;
  const fill = (s: string) => s.replace('{q}', showWhen.question!).replace('{min}', String(min)).replace('{max}', String(max));
  if (min != null && max != null) return fill(words.between);
  return fill(min != null ? words.atLeast : words.atMost);
}
