import { describe, expect, it } from 'vitest';
import { blankRule, splitErrors, toDefinition, toForm, type RuleDefinition } from './ruleForm';

const renewal: RuleDefinition = {
  name: 'VIP contract ends in 30 days', enabled: false, trigger: { schedule: '0 0 8 * * ?' },
  condition: { all: [{ fact: 'tier', op: 'eq', value: 'vip' }, { fact: 'daysToContractEnd', op: 'within', value: 30 }] },
  actions: [
    { type: 'sendEmail', to: 'customer', subject: 'Hi {{customerName}}', body: 'Ends in {{daysToContractEnd}} days' },
    { type: 'createTask', title: 'Renewal', dueInHours: 16 },
  ],
  cooldownDays: 60, owner: null, description: null,
};

describe('the rule form', () => {
  it('round-trips a template’s rule', () => {
    const { values, tree } = toForm(renewal);
    expect(values.triggerKind).toBe('schedule');
    expect(toDefinition(values, tree)).toEqual(renewal);
  });

  it('sends only the chosen trigger, and empty texts as nothing', () => {
    const { values, tree } = toForm(blankRule());
    const definition = toDefinition({ ...values, triggerKind: 'event', trigger: { schedule: '0 0 8 * * ?', event: 'SurveyResponded' }, owner: '  ', actions: [{ type: 'addTag', tag: 'renewal', title: '' }] }, tree);
    expect(definition.trigger).toEqual({ event: 'SurveyResponded' });
    expect(definition.owner).toBeNull();
    expect(definition.actions).toEqual([{ type: 'addTag', tag: 'renewal' }]);
  });

  it('puts each 400 error where it shows', () => {
    const split = splitErrors({
      'condition.all[0].fact': ['Unknown fact'],
      'trigger.schedule': ['Not a valid cron expression'],
      trigger: ['Give either a schedule or an event'],
      actions: ['A rule needs at least one action.'],
      'actions[1].title': ['A task needs a title'],
      'actions[0]': ['An action is required.'],
      cooldownDays: ['between 1 and 3650'],
    });
    expect(split.condition).toEqual({ 'condition.all[0].fact': ['Unknown fact'] });
    expect(split.sections).toEqual({ actions: ['A rule needs at least one action.'], trigger: ['Give either a schedule or an event'] });
    expect(split.fields).toEqual([
      { name: ['trigger', 'schedule'], errors: ['Not a valid cron expression'] },
      { name: ['actions', 1, 'title'], errors: ['A task needs a title'] },
      { name: ['actions', 0, 'type'], errors: ['An action is required.'] },
      { name: ['cooldownDays'], errors: ['between 1 and 3650'] },
    ]);
  });
});
