import { describe, expect, it } from 'vitest';
import { canCompareWithFact, factKind, fitValue, listValues, namePath, showTest, showValue, valueShape, type FactInfo } from './facts';

const tier: FactInfo = { name: 'tier', type: 'a text', description: '', operators: ['eq', 'in'], values: ['vip', 'standard', 'prospect'] };
const manager: FactInfo = { name: 'accountManager', type: 'a text', description: '', operators: ['eq'], values: null };
const days: FactInfo = { name: 'daysToContractEnd', type: 'a number of days', description: '', operators: ['within'] };
const tickets: FactInfo = { name: 'ticketsLast7Days', type: 'a number', description: '', operators: ['gte'] };
const tags: FactInfo = { name: 'tags', type: 'a set of tags', description: '', operators: ['contains'] };

describe('predicate values', () => {
  it('reads the vocabulary’s fact types', () => {
    expect([tier, days, tickets, tags].map(factKind)).toEqual(['text', 'days', 'number', 'tags']);
  });

  it('asks for the control the fact and operator need', () => {
    expect(valueShape(tier, 'eq')).toBe('choice');
    expect(valueShape(tier, 'in')).toBe('choices');
    expect(valueShape(manager, 'eq')).toBe('text');
    expect(valueShape(manager, 'in')).toBe('list');
    expect(valueShape(days, 'within')).toBe('number');
    expect(valueShape(days, 'between')).toBe('range');
    expect(valueShape(tickets, 'isSet')).toBe('none');
    expect(valueShape(tags, 'contains')).toBe('text');
    expect(valueShape(undefined, '')).toBe('none');
  });

  it('keeps a value that still fits and replaces one that does not', () => {
    expect(fitValue(30, 'number')).toBe(30);
    expect(fitValue('vip', 'number')).toBeUndefined();
    expect(fitValue(30, 'range')).toEqual([0, 30]);
    expect(fitValue([1, 2], 'range')).toEqual([1, 2]);
    expect(fitValue('x', 'list')).toEqual([]);
    expect(fitValue(3, 'none')).toBeUndefined();
  });

  it('types an "in" list for its fact', () => {
    expect(listValues(['1', ' 2 ', 'x'], 'number')).toEqual([1, 2]);
    expect(listValues(['am.li', ' '], 'text')).toEqual(['am.li']);
  });

  it('compares with another fact only for number facts and comparisons', () => {
    expect(canCompareWithFact(tickets, 'gte')).toBe(true);
    expect(canCompareWithFact(tickets, 'between')).toBe(false);
    expect(canCompareWithFact(days, 'gte')).toBe(false);
  });
});

describe('the why of a dry run', () => {
  it('shows values and thresholds as people read them', () => {
    expect(showValue(10)).toBe('10');
    expect(showValue(1.23456)).toBe('1.23');
    expect(showValue([0, 30])).toBe('0 – 30');
    expect(showValue(['vip', 'standard'])).toBe('vip, standard');
    expect(showValue(null)).toBe('—');
    expect(showTest('daysToContractEnd', 'between', [0, 30])).toBe('daysToContractEnd ∈ 0 – 30');
    expect(showTest('tier', 'eq', 'vip')).toBe('tier = vip');
    expect(showTest('latestNps', 'isSet', null)).toBe('latestNps ≠ ∅');
  });
});

describe('server field errors', () => {
  it('become form name paths', () => {
    expect(namePath('questions[0].showWhen.question')).toEqual(['questions', 0, 'showWhen', 'question']);
    expect(namePath('actions[2].title')).toEqual(['actions', 2, 'title']);
    expect(namePath('trigger.schedule')).toEqual(['trigger', 'schedule']);
    expect(namePath('name')).toEqual(['name']);
  });
});
