import { describe, expect, it } from 'vitest';
import { blankPlan, formField, toBody, toValues, type Plan } from './planForm';

const saved: Plan = {
  id: 3, title: 'VIP 备件等待', version: 2, owner: 'lee', startsOn: '2026-03-11', createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z',
  problem: { description: 'slow parts', themes: ['delivery'], metric: 'nps', segment: { dimension: 'tier', value: 'vip' } },
  goal: { metric: 'nps', target: 30, date: '2026-06-30' },
  actions: [{ id: 9, title: 'Stock parts', owner: 'lee', dueOn: '2026-04-15', customerId: null, ticketId: null, doneAt: null, state: 'planned' }],
};

describe('the improvement plan form', () => {
  it('gives back the body a saved plan came from, with its version', () => {
    const body = toBody(toValues(saved), saved.version);
    expect(body).toEqual({
      title: 'VIP 备件等待', owner: 'lee', startsOn: '2026-03-11', version: 2,
      problem: { description: 'slow parts', themes: ['delivery'], metric: 'nps', segment: { dimension: 'tier', value: 'vip' } },
      goal: { metric: 'nps', target: 30, date: '2026-06-30' },
      actions: [{ title: 'Stock parts', owner: 'lee', dueOn: '2026-04-15', customerId: null }],
    });
  });
  it('sends no segment value for the whole population', () => {
    expect(toBody({ ...blankPlan('lee', '2026-03-01'), value: 'vip' }).problem?.segment?.value).toBeNull();
  });
  it('puts the API\'s field errors on the form\'s fields', () => {
    expect(formField('goal.date')).toEqual(['goalDate']);
    expect(formField('problem.themes[1]')).toEqual(['themes']);
    expect(formField('actions[2].owner')).toEqual(['actions', 2, 'owner']);
    expect(formField('title')).toEqual(['title']);
  });
});
