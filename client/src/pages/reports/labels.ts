import { useCallback } from 'react';
import { catalogs, useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { useLabel, useStages, useTicketTypes } from '../tickets/common';

const known = (key: string): key is MessageKey => key in catalogs['zh-CN'];

/** Where the texts keep the words for a group's values; the first key that exists wins. */
const keysOf: Record<string, (value: string) => string[]> = {
  tier: (v) => [`tier.${v}`],
  touchpoint: (v) => [`feedback.touchpoint.${v}`],
  // A ticket's channel (phone, weChat…) or a survey's (sms, link…); e-mail reads the same in both.
  channel: (v) => [`tickets.channel.${v}`, `feedback.channel.${v}`],
  outcome: (v) => [`tickets.outcome.${v}`],
  // How an answer came: an invitation's channel or a reusable link's (widget, qr).
  answeredVia: (v) => [`feedback.channel.${v}`],
};

/** Names the configuration gives (stages of the workflows, ticket types), for values the texts cannot know. */
export interface ConfiguredNames {
  stage?: (code: string) => string;
  ticketType?: (code: string) => string;
}

/**
 * How a group's value reads: the whole population, "no value", a word of the texts (tier, touchpoint, channel, outcome)
 * in the user's language, the configured name of a stage or ticket type, or the value itself.
 */
export function groupLabel(value: string | undefined, groupBy: string | undefined, t: (key: MessageKey) => string, names: ConfiguredNames = {}): string {
  if (value === undefined || value === 'all') return t('reports.value.all');
  if (value === '(none)') return t('reports.value.none');
  const key = (keysOf[groupBy ?? ''] ?? (() => []))(value).find(known);
  if (key) return t(key);
  const configured = groupBy === 'stage' ? names.stage : groupBy === 'ticketType' ? names.ticketType : undefined;
  return configured?.(value) || value;
}

/** groupLabel with the workflows' stage names and the ticket types' names, in the user's language; stable until they change. */
export function useGroupLabel() {
  const { t, language } = useI18n();
  const stages = useStages();
  const types = useTicketTypes();
  const label = useLabel();
  const workflows = stages.workflows.data;
  const items = types.data?.items;
  // stages and label are rebuilt on every render from these inputs, so the callback depends on the inputs
  return useCallback((value: string | undefined, groupBy: string | undefined) => groupLabel(value, groupBy, t, {
    stage: (code) => stages.name(undefined, code),
    ticketType: (code) => label.name(items?.find((x) => x.code === code)?.name),
  }), [t, language, workflows, items]);
}
