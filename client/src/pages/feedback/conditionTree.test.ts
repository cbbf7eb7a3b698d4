import { describe, expect, it } from 'vitest';
import {
  addChild, countPredicates, errorsFor, find, fromJson, group, move, moveInto, paths, predicate, remove, setGroupKind, toJson, toggleNot,
  targetsFor, updatePredicate, type Group, type Node,
} from './conditionTree';

const renewal = { all: [{ fact: 'tier', op: 'eq', value: 'vip' }, { fact: 'daysToContractEnd', op: 'within', value: 30 }] };
const spike = {
  any: [
    { fact: 'ticketsLast30Days', op: 'gte', valueFact: 'monthlyTicketBaseline', factor: 2 },
    { not: { fact: 'tags', op: 'contains', value: 'key' } },
    { all: [{ fact: 'latestNps', op: 'isSet' }, { fact: 'latestNps', op: 'between', value: [0, 6] }] },
  ],
};

const children = (n: Node) => (n as Group).children;

describe('condition tree ↔ JSON', () => {
  it('reads and writes the API JSON unchanged, nested groups, NOT and fact comparisons included', () => {
    expect(toJson(fromJson(renewal))).toEqual(renewal);
    expect(toJson(fromJson(spike))).toEqual(spike);
  });

  it('reads a missing condition as an empty AND group', () => {
    expect(toJson(fromJson(null))).toEqual({ all: [] });
  });

  it('gives every node its own id', () => {
    const ids = [...paths(fromJson(spike)).keys()];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(7);
  });

  it('leaves out a value for isSet and when comparing with another fact', () => {
    const p = { ...predicate('latestNps', 'isSet', 5) };
    expect(toJson(p)).toEqual({ fact: 'latestNps', op: 'isSet' });
    expect(toJson({ ...predicate('a', 'gte', 3), valueFact: 'b', factor: 2 })).toEqual({ fact: 'a', op: 'gte', valueFact: 'b', factor: 2 });
  });
});

describe('editing the tree', () => {
  it('adds a predicate or a group to a group', () => {
    const root = fromJson(renewal);
    const added = addChild(root, root.id, group('any', [predicate('latestNps', 'lte', 6)]));
    expect(toJson(added)).toEqual({ all: [...renewal.all, { any: [{ fact: 'latestNps', op: 'lte', value: 6 }] }] });
    expect(toJson(root)).toEqual(renewal); // the old tree is untouched
  });

  it('removes a node, and a NOT with its only child', () => {
    const root = fromJson(spike);
    expect(toJson(remove(root, children(root)[0].id)).any).toHaveLength(2);
    const not = children(root)[1];
    const inner = not.kind === 'not' ? not.child : not;
    expect(toJson(remove(root, inner.id))).toEqual({ any: [spike.any[0], spike.any[2]] });
  });

  it('removing the root leaves an empty AND group', () => {
    const root = fromJson(renewal);
    expect(toJson(remove(root, root.id))).toEqual({ all: [] });
  });

  it('moves a node up and down among its siblings, and not past the ends', () => {
    const root = fromJson(renewal);
    const [first, second] = children(root);
    expect(toJson(move(root, second.id, -1))).toEqual({ all: [renewal.all[1], renewal.all[0]] });
    expect(move(root, first.id, -1)).toBe(root);
    expect(move(root, second.id, 1)).toBe(root);
  });

  it('moves a node into another group, but never into itself', () => {
    const root = fromJson(spike);
    const [comparison, , inner] = children(root);
    const moved = moveInto(root, comparison.id, inner.id);
    expect(toJson(moved)).toEqual({ any: [spike.any[1], { all: [...spike.any[2].all!, spike.any[0]] }] });
    expect(moveInto(root, inner.id, inner.id)).toBe(root);
    expect(moveInto(root, root.id, inner.id)).toBe(root);
  });

  it('offers the groups a node may move into', () => {
    const root = fromJson(spike);
    const [comparison, , inner] = children(root);
    expect(targetsFor(root, comparison.id)).toEqual([{ id: inner.id, kind: 'all', number: 2 }]);
    expect(targetsFor(root, inner.id)).toEqual([]);
    expect(targetsFor(root, children(inner)[0].id)).toEqual([{ id: root.id, kind: 'any', number: 1 }]);
  });

  it('switches AND/OR and puts NOT on and off', () => {
    const root = fromJson(renewal);
    expect(toJson(setGroupKind(root, root.id, 'any'))).toEqual({ any: renewal.all });
    const first = children(root)[0];
    const negated = toggleNot(root, first.id);
    expect(toJson(negated)).toEqual({ all: [{ not: renewal.all[0] }, renewal.all[1]] });
    expect(toJson(toggleNot(negated, children(negated)[0].id))).toEqual(renewal);
  });

  it('updates a predicate and drops fields set to undefined', () => {
    const root = fromJson(spike);
    const comparison = children(root)[0];
    const next = updatePredicate(root, comparison.id, { valueFact: undefined, factor: undefined, value: 5 });
    expect(toJson(next).any![0]).toEqual({ fact: 'ticketsLast30Days', op: 'gte', value: 5 });
    expect(find(next, comparison.id)).not.toHaveProperty('valueFact');
  });

  it('counts predicates', () => {
    expect(countPredicates(fromJson(spike))).toBe(4);
  });
});

describe('server errors on the tree', () => {
  it('names every node by the JSON path the server uses', () => {
    const root = fromJson(spike);
    const p = paths(root);
    const not = children(root)[1];
    expect(p.get(root.id)).toBe('condition');
    expect(p.get(not.id)).toBe('condition.any[1]');
    expect(p.get(not.kind === 'not' ? not.child.id : '')).toBe('condition.any[1].not');
    expect(p.get(children(children(root)[2])[1].id)).toBe('condition.any[2].all[1]');
  });

  it('gives a node its own errors by field, not its children’s', () => {
    const errors = {
      'condition.all[0].fact': ['Unknown fact'],
      'condition.all[0].value[1]': ['must be a number'],
      'condition.all[1].all[0].op': ['bad op'],
      'condition.all': ['A group needs at least one condition.'],
      'condition.all[10]': ['too many'],
    };
    expect(errorsFor(errors, 'condition.all[0]')).toEqual([
      { field: 'fact', messages: ['Unknown fact'] },
      { field: 'value', messages: ['must be a number'] },
    ]);
    expect(errorsFor(errors, 'condition')).toEqual([{ field: 'all', messages: ['A group needs at least one condition.'] }]);
    expect(errorsFor(errors, 'condition.all[1]')).toEqual([]);
  });
});
