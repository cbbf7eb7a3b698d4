import type { Schemas } from '../../api/client';
import { fromJson, toJson, type Node } from './conditionTree';
import { namePath } from './facts';

// Between the API's rule definition and the editor: an antd form for the flat parts, the condition tree beside it.

export type RuleDefinition = Schemas['RuleDefinition'];
export type RuleAction = Schemas['RuleAction'];

export interface RuleFormValues {
  name: string;
  description?: string | null;
  owner?: string | null;
  enabled: boolean;
  triggerKind: 'schedule' | 'event';
  trigger: { schedule?: string | null; event?: string | null };
  actions: RuleAction[];
  cooldownDays: number;
}

export const everyMorning = '0 0 8 * * ?';

export function blankRule(): RuleDefinition {
  return {
    name: '', enabled: false, trigger: { schedule: everyMorning }, cooldownDays: 30,
    condition: { all: [{ fact: 'tier', op: 'eq', value: 'vip' }] },
    actions: [{ type: 'createTask', title: '', dueInHours: 24 }],
  };
}

export function toForm(rule: RuleDefinition): { values: RuleFormValues; tree: Node } {
  const event = rule.trigger?.event ?? null;
  return {
    values: {
      name: rule.name ?? '', description: rule.description ?? '', owner: rule.owner ?? '', enabled: !!rule.enabled,
      triggerKind: event ? 'event' : 'schedule',
      trigger: { schedule: rule.trigger?.schedule ?? everyMorning, event },
      actions: (rule.actions ?? []).map((a) => ({ ...a })),
      cooldownDays: rule.cooldownDays ?? 30,
    },
    tree: fromJson(rule.condition),
  };
}

const blankToNull = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/** The definition to save or dry-run: only the trigger the manager chose, empty texts as null. */
export function toDefinition(values: RuleFormValues, tree: Node): RuleDefinition {
  const actions = (values.actions ?? []).map((a) => {
    const out: RuleAction = { type: a.type };
    for (const [key, value] of Object.entries(a) as [keyof RuleAction, unknown][]) {
      if (key === 'type' || value === undefined || value === null || value === '') continue;
      (out as Record<string, unknown>)[key] = value;
    }
    return out;
  });
  return {
    name: values.name ?? '',
    description: blankToNull(values.description),
    owner: blankToNull(values.owner),
    enabled: !!values.enabled,
    trigger: values.triggerKind === 'event' ? { event: values.trigger?.event ?? '' } : { schedule: values.trigger?.schedule ?? '' },
    condition: toJson(tree),
    actions,
    cooldownDays: values.cooldownDays,
  };
}

/**
 * Sorts a 400's errors by where they show: condition paths on the tree, "actions" and "trigger" under their sections,
 * and every other path on the form field of the same name.
 */
export function splitErrors(errors: Record<string, string[]>) {
  const condition: Record<string, string[]> = {};
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  const sections: Record<'actions' | 'trigger', string[]> = { actions: [], trigger: [] };
  for (const [key, messages] of Object.entries(errors)) {
    if (key === 'condition' || key.startsWith('condition.')) condition[key] = messages;
    else if (key === 'actions' || key === 'trigger') sections[key].push(...messages);
    else if (/^actions\[\d+\]$/.test(key)) fields.push({ name: [...namePath(key), 'type'], errors: messages });
    else fields.push({ name: namePath(key), errors: messages });
  }
  return { condition, fields, sections };
}
