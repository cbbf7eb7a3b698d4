import type { Schemas } from '../../api/client';

type Saved = Schemas['ImprovementPlanPlan'];

/** A saved plan: the API sends every field of its problem and goal (the schema marks them optional because requests share the types). */
export interface Plan extends Omit<Saved, 'problem' | 'goal'> {
  problem: { description?: string | null; themes: string[]; metric: string; segment: { dimension: string; value?: string | null } };
  goal: { metric: string; target: number; date: string };
}

export const asPlan = (saved: Saved): Plan => saved as Plan;
export type PlanBody = Schemas['ImprovementPlanForm'];

/** The form's values: the body's shape, with an "all" segment's value left empty and a customer id optional. */
export interface PlanValues {
  title: string;
  description?: string | null;
  themes: string[];
  metric: string;
  dimension: string;
  value?: string | null;
  goalMetric: string;
  goalTarget: number;
  goalDate: string;
  owner: string;
  startsOn: string;
  actions: { title: string; owner: string; dueOn: string; customerId?: number | null }[];
}

export const blankPlan = (owner: string, today: string): PlanValues => ({
  title: '', description: '', themes: [], metric: 'nps', dimension: 'all', value: '', goalMetric: 'nps', goalTarget: 0,
  goalDate: '', owner, startsOn: today, actions: [],
});

export const toValues = (p: Plan): PlanValues => ({
  title: p.title, description: p.problem.description, themes: [...p.problem.themes], metric: p.problem.metric,
  dimension: p.problem.segment.dimension, value: p.problem.segment.value ?? '',
  goalMetric: p.goal.metric, goalTarget: p.goal.target, goalDate: p.goal.date, owner: p.owner, startsOn: p.startsOn,
  actions: p.actions.map((a) => ({ title: a.title, owner: a.owner, dueOn: a.dueOn, customerId: a.customerId ?? null })),
});

export const toBody = (v: PlanValues, version = 0): PlanBody => ({
  title: v.title,
  problem: {
    description: v.description || null, themes: v.themes ?? [], metric: v.metric,
    segment: { dimension: v.dimension, value: v.dimension === 'all' ? null : (v.value ?? '').trim() },
  },
  goal: { metric: v.goalMetric, target: Number(v.goalTarget), date: v.goalDate },
  owner: v.owner, startsOn: v.startsOn,
  actions: (v.actions ?? []).map((a) => ({ title: a.title, owner: a.owner, dueOn: a.dueOn, customerId: a.customerId || null })),
  version,
});

/** A problem's field path (`problem.segment.value`, `actions[0].owner`) as the form names it. */
export function formField(path: string): (string | number)[] {
  const direct: Record<string, string> = {
    'problem.description': 'description', 'problem.themes': 'themes', 'problem.metric': 'metric',
    'problem.segment.dimension': 'dimension', 'problem.segment.value': 'value',
    'goal.metric': 'goalMetric', 'goal.target': 'goalTarget', 'goal.date': 'goalDate',
  };
  if (direct[path]) return [direct[path]];
  const theme = /^problem\.themes\[(\d+)\]$/.exec(path);
  if (theme) return ['themes'];
  const action = /^actions\[(\d+)\]\.(\w+)$/.exec(path);
  if (action) return ['actions', Number(action[1]), action[2]];
  return [path];
}
