import type { Schemas } from '../../api/client';
import type { MessageKey } from '../../i18n/zh-CN';
import { formatMinutes } from './businessTime';
import { stageLabel } from './workflowRules';

export type WorkflowVersion = Schemas['ListWorkflowVersionsVersion'];
export type WorkflowChanges = Schemas['WorkflowChanges'];
type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A stage as a summary names it: its name in the reader's language, else its code. */
const stage = (s: { code?: string; name?: string }, language: 'zh-CN' | 'en') => stageLabel(s.name, language) || s.code || '';

/**
 * What a version changed against the one before it, as sentences in the reader's language: stages added and removed,
 * each kept stage whose name, time limit, owner role or team, account manager hand-off, or required fields changed, then transitions added and removed.
 * An empty list means the stages and transitions are as before (only the name or nothing changed).
 */
export function changeSentences(changes: WorkflowChanges, t: T, language: 'zh-CN' | 'en'): string[] {
  const units = { h: t('service.sla.h'), min: t('service.sla.min') };
  const limit = (m: number | null | undefined) => (m ? formatMinutes(m, units) : t('service.ver.noLimit'));
  const role = (r: string | null | undefined) => (r ? t(`service.role.${r}` as MessageKey) : t('service.ver.noRole'));
  const team = (x: string | null | undefined) => x || t('service.ver.anyTeam');
  const list = (names: string[] | undefined) => (names ?? []).join(language === 'en' ? ', ' : '、');
  const move = (x: Schemas['TransitionChange']) =>
    `${stage({ code: x.from, name: x.fromName }, language)} → ${stage({ code: x.to, name: x.toName }, language)}${x.isReopen ? t('service.ver.reopen') : ''}`;

  const out: string[] = [];
  for (const s of changes.stagesAdded) out.push(t('service.ver.stageAdded', { stage: stage(s, language) }));
  for (const s of changes.stagesRemoved) out.push(t('service.ver.stageRemoved', { stage: stage(s, language) }));
  for (const c of changes.stagesChanged) {
    const name = stage(c, language);
    if (c.renamed) {
      // Only the other language's half may have changed: then both names are shown whole.
      const before = stage({ name: c.renamed.before ?? undefined }, language);
      out.push(before === name
        ? t('service.ver.renamed', { before: c.renamed.before ?? '', after: c.renamed.after ?? '' })
        : t('service.ver.renamed', { before, after: name }));
    }
    if (c.timeLimitMinutes)
      out.push(t('service.ver.timeLimit', { stage: name, before: limit(c.timeLimitMinutes.before), after: limit(c.timeLimitMinutes.after) }));
    if (c.ownerRole) out.push(t('service.ver.ownerRole', { stage: name, before: role(c.ownerRole.before), after: role(c.ownerRole.after) }));
    if (c.ownerTeam) out.push(t('service.ver.ownerTeam', { stage: name, before: team(c.ownerTeam.before), after: team(c.ownerTeam.after) }));
    if (c.goesToAccountManager) out.push(t(c.goesToAccountManager.after ? 'service.ver.toAccountManager' : 'service.ver.notToAccountManager', { stage: name }));
    const fields = c.requiredFields;
    if (fields?.added.length) out.push(t('service.ver.fieldsAdded', { stage: name, fields: list(fields.added) }));
    if (fields?.removed.length) out.push(t('service.ver.fieldsRemoved', { stage: name, fields: list(fields.removed) }));
    if (fields?.kindChanged.length) out.push(t('service.ver.fieldsKind', { stage: name, fields: list(fields.kindChanged) }));
  }
  for (const x of changes.transitionsAdded) out.push(t('service.ver.transitionAdded', { move: move(x) }));
  for (const x of changes.transitionsRemoved) out.push(t('service.ver.transitionRemoved', { move: move(x) }));
  return out;
}

/** When a version was saved, in the reader's locale. */
export function savedWhen(value: string | undefined, language: 'zh-CN' | 'en'): string {
  const date = value ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
