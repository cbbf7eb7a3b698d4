import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { channels, Countdown, CustomerLink, CustomerPicker, priorities, PriorityTag, SlaTag, statuses, useLabel, useStages, useTicketTypes, useUsers } from './common';
import { queueQuery, withChanges } from './queue';
import { QueueViews } from './QueueViews';
import { BulkBar } from './BulkBar';

type Item = Schemas['ListTicketsItem'];

/** The work queue: breached and at-risk tickets first, then by due time (the API's order); filters live in the URL. */
export default function TicketQueue() {
  const { t } = useI18n();
  const label = useLabel();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = queueQuery(params);
  const list = useQuery({
    queryKey: ['tickets', query],
    queryFn: () => call(api.GET('/api/tickets', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const types = useTicketTypes();
  const users = useUsers();
  const stages = useStages();
  const [selected, setSelected] = useState<Item[]>([]);
  const set = (changes: Record<string, string | number | boolean | undefined | null>) => setParams(withChanges(params, changes));
  const teams = [...new Set((users.data?.items ?? []).map((u) => u.team).filter((x): x is string => !!x))];
  const select = (name: string, labelText: string, options: { value: string; label: string }[], width = 150, fallback?: string) => (
    <Select aria-label={labelText} placeholder={labelText} allowClear={!fallback} style={{ width }} value={params.get(name) ?? fallback}
      options={options} onChange={(value) => set({ [name]: value })} />
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('tickets.title')}</Typography.Title>
        <Link to="/tickets/new"><Button type="primary">{t('tickets.new')}</Button></Link>
      </Space>
      <Space wrap>
        <Input.Search aria-label={t('common.search')} placeholder={t('tickets.search')} allowClear defaultValue={query.Q}
          onSearch={(q) => set({ q })} style={{ width: 260 }} />
        {select('status', t('tickets.status'), [
          { value: 'active', label: t('tickets.status.active') },
          ...statuses.map((s) => ({ value: s, label: label.of('status', s) })),
          { value: 'all', label: t('tickets.status.all') },
        ], 150, 'active')}
        {select('type', t('tickets.type'), (types.data?.items ?? []).map((x) => ({ value: x.code, label: label.name(x.name) })))}
        {select('priority', t('tickets.priority'), priorities.map((p) => ({ value: p, label: label.of('priority', p) })), 120)}
        {select('channel', t('tickets.channel'), channels.map((c) => ({ value: c, label: label.of('channel', c) })), 120)}
        {select('assignee', t('tickets.assignee'), (users.data?.items ?? []).map((u) => ({ value: u.userName, label: u.displayName })))}
        {select('team', t('tickets.team'), teams.map((team) => ({ value: team, label: team })), 130)}
        {select('stage', t('tickets.stage'), stages.options, 140)}
        <CustomerPicker style={{ width: 220 }} value={query.CustomerId} onChange={(customerId) => set({ customerId })} />
        <Input.Search aria-label={t('tickets.filterTag')} placeholder={t('tickets.filterTag')} allowClear defaultValue={query.Tag}
          onSearch={(tag) => set({ tag })} style={{ width: 150 }} />
        <FieldFilter value={query.Field} onChange={(field) => set({ field })} />
        <Checkbox checked={query.AtRisk === true} onChange={(e) => set({ atRisk: e.target.checked })}>{t('tickets.onlyAtRisk')}</Checkbox>
        <Checkbox checked={query.Breached === true} onChange={(e) => set({ breached: e.target.checked })}>{t('tickets.onlyBreached')}</Checkbox>
      </Space>
      <QueryState isPending={false} error={list.error} retry={() => list.refetch()} />
      <Row gutter={16}>
        <Col xs={24} lg={5}><QueueViews params={params} onApply={(next) => { setSelected([]); setParams(next); }} /></Col>
        <Col xs={24} lg={19}>
      <BulkBar selected={selected} onDone={() => setSelected([])} />
      <Table<Item>
        rowKey="id" loading={list.isFetching} dataSource={list.data?.items ?? []} locale={{ emptyText: <Nothing /> }}
        rowSelection={{
          selectedRowKeys: selected.map((x) => x.id),
          onChange: (_, rows) => setSelected(rows),
          getCheckboxProps: (row) => ({ disabled: row.status === 'closed', 'aria-label': t('tickets.bulk.select', { number: row.number }) }),
        }}
        onRow={(row) => ({ onClick: (e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/tickets/${row.id}`); }, style: { cursor: 'pointer' } })}
        pagination={{
          current: query.Page, pageSize: query.PageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          showTotal: (n) => t('tickets.total', { n }), onChange: (page, pageSize) => set({ page, pageSize }),
        }}
        columns={[
          { title: t('tickets.number'), dataIndex: 'number', width: 160, render: (number: string, row) => <Link to={`/tickets/${row.id}`}>{number}</Link> },
          { title: t('tickets.subject'), dataIndex: 'subject', ellipsis: true, width: '24%', render: (subject: string, row) => (
            <>{subject}{(row.tags ?? []).map((tag) => <Tag key={tag} color="geekblue" style={{ marginLeft: 4 }}>{tag}</Tag>)}</>
          ) },
          { title: t('tickets.customer'), dataIndex: 'customerId', render: (id: number, x) => <CustomerLink id={id} name={x.customerName} /> },
          { title: t('tickets.type'), dataIndex: 'typeCode', render: (code: string) => label.name(types.data?.items.find((x) => x.code === code)?.name ?? code) },
          { title: t('tickets.priority'), dataIndex: 'priority', render: (p: string) => <PriorityTag priority={p} /> },
          { title: t('tickets.stage'), dataIndex: 'stage', render: (stage: string, row) => stages.name(row.typeCode, stage) },
          { title: t('tickets.assignee'), render: (_, row) => [row.assignee, row.team].filter(Boolean).join(' · ') || '—' },
          { title: t('tickets.sla'), dataIndex: 'slaState', render: (s: string) => <SlaTag state={s} /> },
          { title: t('tickets.due'), dataIndex: 'nextDueAt', width: 190, render: (due: string | null, row) => (row.status === 'open' ? <Countdown dueAt={due} /> : '—') },
        ]}
      />
        </Col>
      </Row>
    </Space>
  );
}

/** Filters by one field of the ticket types: the field, then its value ("key=value" in the URL). */
function FieldFilter({ value, onChange }: { value?: string; onChange: (field: string | undefined) => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const types = useTicketTypes();
  const [key, current] = value?.includes('=') ? [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)] : [undefined, undefined];
  const [chosen, setChosen] = useState<string | undefined>(key);
  const fields = [...new Map((types.data?.items ?? []).flatMap((x) => x.fields ?? []).map((f) => [f.key, f])).values()];
  return (
    <Space.Compact>
      <Select aria-label={t('tickets.filterField')} placeholder={t('tickets.filterField')} allowClear style={{ width: 140 }} value={chosen}
        onChange={(k) => { setChosen(k); if (!k) onChange(undefined); }}
        options={fields.map((f) => ({ value: f.key ?? '', label: label.name(f.label ?? '') }))} />
      <Input.Search aria-label={t('tickets.filterFieldValue')} placeholder={t('tickets.filterFieldValue')} allowClear defaultValue={current} disabled={!chosen}
        style={{ width: 150 }} onSearch={(v) => onChange(chosen && v ? `${chosen}=${v}` : undefined)} />
    </Space.Compact>
  );
}
