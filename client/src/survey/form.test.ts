import { describe, expect, it } from 'vitest';
import { answersOf, isShown, missing, preselected, range, type Form } from './form';

const form: Form = {
  language: 'zh-CN', title: 'NPS',
  questions: [
    { key: 'nps', kind: 'nps', text: '您向朋友推荐我们的可能性有多大？', required: true },
    { key: 'why', kind: 'text', text: '为什么？', required: true, showWhen: { question: 'nps', min: 0, max: 6 } },
    { key: 'channels', kind: 'multipleChoice', text: 'Channels', required: false, choices: [{ key: 'phone', text: '电话' }, { key: 'web', text: '网页' }] },
  ],
};

describe('the public survey form', () => {
  it('offers the scales of each metric', () => {
    expect(range({ kind: 'nps' })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(range({ kind: 'csat' })).toEqual([1, 2, 3, 4, 5]);
    expect(range({ kind: 'ces' })).toHaveLength(7);
  });

  it('takes the score a one-click e-mail link chose only when it is on the first scale', () => {
    expect(preselected(form, '?score=9')).toEqual({ nps: { score: 9 } });
    expect(preselected(form, '?score=0')).toEqual({ nps: { score: 0 } });
    expect(preselected(form, '?score=11')).toEqual({});
    expect(preselected(form, '?score=-1')).toEqual({});
    expect(preselected(form, '?score=nine')).toEqual({});
    expect(preselected(form, '?score=4.5')).toEqual({});
    expect(preselected(form, '')).toEqual({});
    const csat: Form = { ...form, questions: [{ key: 'csat', kind: 'csat', text: '满意吗？', required: true }] };
    expect(preselected(csat, '?score=0')).toEqual({});
    expect(preselected(csat, '?score=5')).toEqual({ csat: { score: 5 } });
    expect(preselected({ questions: [form.questions[2]] }, '?score=1')).toEqual({});
  });

  it('asks why only of a detractor', () => {
    const why = form.questions[1];
    expect(isShown(why, {})).toBe(false);
    expect(isShown(why, { nps: { score: 4 } })).toBe(true);
    expect(isShown(why, { nps: { score: 9 } })).toBe(false);
  });

  it('requires the visible required questions only', () => {
    expect(missing(form, {})).toEqual(['nps']);
    expect(missing(form, { nps: { score: 10 } })).toEqual([]);
    expect(missing(form, { nps: { score: 3 } })).toEqual(['why']);
    expect(missing(form, { nps: { score: 3 }, why: { text: '  ' } })).toEqual(['why']);
  });

  it('sends the answers of visible questions, trimmed', () => {
    expect(answersOf(form, { nps: { score: 9 }, why: { text: 'hidden now' }, channels: { choices: ['web'] } }))
      .toEqual([{ question: 'nps', score: 9 }, { question: 'channels', choices: ['web'] }]);
    expect(answersOf(form, { nps: { score: 4 }, why: { text: ' 回复太慢了 ' } }))
      .toEqual([{ question: 'nps', score: 4 }, { question: 'why', text: '回复太慢了' }]);
  });
});
