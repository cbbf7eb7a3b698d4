import { describe, expect, it } from 'vitest';
import { afterServiceNps, cleanQuestions, distributionBody, newQuestion, range, scoredBefore, showWhenText, unhappyRange, whyFollowUp } from './surveyDraft';

describe('survey questions', () => {
  it('know their score ranges', () => {
    expect(range({ kind: 'nps' })).toEqual([0, 10]);
    expect(range({ kind: 'csat' })).toEqual([1, 5]);
    expect(range({ kind: 'ces' })).toEqual([1, 7]);
    expect(range({ kind: 'rating', scale: 10 })).toEqual([1, 10]);
    expect(range({ kind: 'text' })).toBeNull();
  });

  it('start complete in both languages, with unique keys', () => {
    const first = newQuestion('nps', []);
    const second = newQuestion('nps', [first]);
    expect(first.key).toBe('nps');
    expect(second.key).toBe('nps2');
    expect(first.text?.zh).toBeTruthy();
    expect(first.text?.en).toBeTruthy();
    expect(newQuestion('singleChoice', []).choices).toHaveLength(2);
  });

  it('ask "why?" only for an unhappy score', () => {
    expect(unhappyRange({ kind: 'nps' })).toEqual({ max: 6 });
    expect(unhappyRange({ kind: 'csat' })).toEqual({ max: 2 });
    expect(unhappyRange({ kind: 'ces' })).toEqual({ min: 5 });
    const nps = newQuestion('nps', []);
    expect(whyFollowUp(nps, [nps])).toMatchObject({ key: 'nps_why', kind: 'text', required: false, showWhen: { question: 'nps', max: 6 } });
  });

  it('make an after-service NPS survey ready to save', () => {
    const draft = afterServiceNps();
    expect(draft.touchpoint).toBe('service');
    expect(draft.questions?.map((q) => q.kind)).toEqual(['nps', 'text']);
    expect(draft.questions?.[1].showWhen).toEqual({ question: 'nps', max: 6 });
  });

  it('offer only earlier scored questions to a follow-up', () => {
    const qs = [newQuestion('text', []), newQuestion('csat', []), newQuestion('nps', []), newQuestion('ces', [])];
    expect(scoredBefore(qs, 3).map((q) => q.kind)).toEqual(['csat', 'nps']);
  });

  it('send the API only what each kind has', () => {
    const cleaned = cleanQuestions([
      { key: 'q', kind: 'nps', text: { zh: 'a', en: 'b' }, required: true, choices: [{ key: 'x' }], scale: 5, range: {}, isScored: true, showWhen: { question: '' } },
      { key: 'r', kind: 'text', text: { zh: 'a', en: 'b' }, showWhen: { question: 'q', max: 6, min: null } },
    ]);
    expect(cleaned).toEqual([
      { key: 'q', kind: 'nps', text: { zh: 'a', en: 'b' }, required: true },
      { key: 'r', kind: 'text', text: { zh: 'a', en: 'b' }, required: false, showWhen: { question: 'q', max: 6 } },
    ]);
  });

  it('send a distribution only the settings of its kind', () => {
    expect(distributionBody({ kind: 'ticketResolved', channel: 'email', ticketType: 'repair', delayMinutes: 0, validDays: 14, tiers: ['vip'], everyDays: 91 }))
      .toEqual({ kind: 'ticketResolved', channel: 'email', ticketType: 'repair', delayMinutes: 0, validDays: 14, remindAfterHours: null });
    expect(distributionBody({ kind: 'ticketResolved', channel: 'sms', ticketType: '' }))
      .toEqual({ kind: 'ticketResolved', channel: 'sms', ticketType: null, delayMinutes: 0, validDays: 14, remindAfterHours: null });
    expect(distributionBody({ kind: 'relationship', channel: 'email', ticketType: 'repair', delayMinutes: 30, tiers: ['vip'], tags: [], everyDays: 91, validDays: 30, remindAfterHours: 72 }))
      .toEqual({ kind: 'relationship', channel: 'email', delayMinutes: 0, validDays: 30, remindAfterHours: 72, tiers: ['vip'], tags: null, everyDays: 91 });
  });

  it('say when a follow-up shows', () => {
    const words = { atMost: '{q} ≤ {max}', atLeast: '{q} ≥ {min}', between: '{q} {min}–{max}' };
    expect(showWhenText({ question: 'nps', max: 6 }, words)).toBe('nps ≤ 6');
    expect(showWhenText({ question: 'ces', min: 5 }, words)).toBe('ces ≥ 5');
    expect(showWhenText({ question: 'r', min: 1, max: 2 }, words)).toBe('r 1–2');
    expect(showWhenText(undefined, words)).toBe('');
  });
});
