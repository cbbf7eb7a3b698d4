import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { zh as catalogKeys } from '../../i18n/tickets';
import { formatDue } from './due';
import { humanise, inLanguage } from './names';

export const priorities = ['low', 'normal', 'high', 'urgent'] as const satisfies Schemas['TicketPriority'][];
export const channels = ['phone', 'email', 'chat', 'web', 'weChat', 'api'] as const satisfies Schemas['TicketChannel'][];
export const statuses = ['open', 'waitingForCustomer', 'closed'] as const;
export const outcomes = ['reached', 'resolved', 'notReachable'] as const;
const long = 5 * 60_000;

/** The clock the countdowns read; ticks every 30 s so "due in …" stays current without reloading. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A moment as the staff app shows it, the same in both languages: 2026-11-24 10:30. */
export function when(iso?: string | null): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function Countdown({ dueAt }: { dueAt?: string | null }) {
  const { t } = useI18n();
  const now = useNow();
  if (!dueAt) return <Typography.Text type="secondary">—</Typography.Text>;
  const due = formatDue(dueAt, now, t);
  return (
    <Typography.Text title={when(dueAt)} style={{ whiteSpace: 'nowrap', color: due.overdue ? '#b91c1c' : undefined }}>
      {due.text}
    </Typography.Text>
  );
}

// Solid tags with white text: each of these clears the AA contrast ratio (the light preset tags do not all).
const slaColour: Record<string, string> = { breached: '#b91c1c', atRisk: '#b45309', onTrack: '#15803d', paused: '#1d4ed8' };

export function SlaTag({ state }: { state?: string }) {
  const { t } = useI18n();
  if (!state) return null;
  const key = `tickets.sla.${state}` as MessageKey;
  return <Tag color={slaColour[state]}>{t(key)}</Tag>;
}

const priorityColour: Record<string, string> = { urgent: '#b91c1c', high: '#c2410c' };

export function PriorityTag({ priority }: { priority?: string }) {
  const { t } = useI18n();
  if (!priority) return null;
  return <Tag color={priorityColour[priority]}>{t(`tickets.priority.${priority}` as MessageKey)}</Tag>;
}

/** A text of the tickets area for an API value (priority, channel, …), or the value itself when the texts lack it. */
export function useLabel() {
  const { t, language } = useI18n();
  return {
    of: (group: string, value?: string | null) => {
      if (!value) return '';
      const key = `tickets.${group}.${value}` as MessageKey;
      return key in catalogKeys ? t(key) : value;
    },
    field: (name: string) => (`tickets.field.${name}` in catalogKeys ? t(`tickets.field.${name}` as MessageKey) : humanise(name)),
    name: (name?: string | null) => (name ? inLanguage(name, language) : ''),
  };
}
export function useTicketTypes() {
  return useQuery({ queryKey: ['ticket-types'], queryFn: () => call(api.GET('/api/ticket-types')), staleTime: long });
}

export function useWorkflows() {
  return useQuery({ queryKey: ['workflows'], queryFn: () => call(api.GET('/api/workflows')), staleTime: long });
}

/** Stage names for list rows (which carry only codes), from the current workflows of the ticket types. */
export function useStages() {
  const types = useTicketTypes();
  const workflows = useWorkflows();
  const label = useLabel();
  const all = (workflows.data?.items ?? []).flatMap((w) => w.stages.map((s) => ({ workflow: w.code, code: s.code!, name: s.name ?? s.code! })));
  const options = [...new Map(all.map((s) => [s.code, { value: s.code, label: label.name(s.name) }])).values()];
  const name = (typeCode: string | undefined, code: string | undefined) => {
    const workflow = types.data?.items.find((x) => x.code === typeCode)?.workflowCode;
    const stage = all.find((s) => s.workflow === workflow && s.code === code) ?? all.find((s) => s.code === code);
    return stage ? label.name(stage.name) : code ?? '';
  };
  return { options, name, workflows };
}

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: () => call(api.GET('/api/users', { params: { query: {} } })), staleTime: long });
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/api/auth/me')), staleTime: long });
}

/** The customer's name for a ticket: the name the queue row carries, else each customer asked once and kept for a while. */
/** A customer's name linking to them; a task about no customer (id 0, an improvement plan's action) says so. */
export function CustomerLink({ id, name }: { id: number; name?: string | null }) {
  const { t } = useI18n();
  const customer = useQuery({
    queryKey: ['customer', id], staleTime: long, enabled: !name && id > 0,
    queryFn: () => call(api.GET('/api/customers/{id}', { params: { path: { id } } })),
  });
  if (id <= 0) return <Typography.Text type="secondary">{t('tickets.noCustomer')}</Typography.Text>;
  return <Link to={`/customers/${id}`}>{name || customer.data?.name || `#${id}`}</Link>;
}

/** Picks a customer by searching the customer list as one types. */
export function CustomerPicker({ value, onChange, id, style }: {
  value?: number; onChange?: (id: number | undefined) => void; id?: string; style?: React.CSSProperties;
}) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const found = useQuery({
    queryKey: ['customers', 'pick', term],
    queryFn: () => call(api.GET('/api/customers', { params: { query: { q: term || undefined, pageSize: 20 } } })),
    placeholderData: (previous) => previous,
  });
  const chosen = useQuery({
    queryKey: ['customer', value], enabled: !!value, staleTime: long,
    queryFn: () => call(api.GET('/api/customers/{id}', { params: { path: { id: value! } } })),
  });
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (value && chosen.data && !options.some((o) => o.value === value)) options.unshift({ value, label: chosen.data.name });
  return (
    <Select
      id={id} aria-label={t('tickets.customer')} placeholder={t('tickets.customerSearch')} allowClear style={style}
      value={value} onChange={(v) => onChange?.(v ?? undefined)} options={options} loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setTerm }} notFoundContent={null}
    />
  );
}

/** Where a customer's own words came from (email, portal, wechat, wecom), in the reader's language; unknown ones as sent. */
export function channelText(channel: string | null | undefined, t: (key: MessageKey) => string): string {
  if (!channel) return '';
  const key = `tickets.comments.channel.${channel}`;
  return key in catalogKeys ? t(key as MessageKey) : channel;
}
