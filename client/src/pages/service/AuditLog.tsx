import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, call, type Schemas } from '../../api/client';
import { catalogs, useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { asCsv, downloadCsv } from '../reports/download';
import { actionGroups, changeRows } from './auditChanges';

type Entry = Schemas['AuditEntryView'];

/** Who changed what, when and from where, newest first; filter, open an entry to see before and after, export CSV. Admins. */
export default function AuditLog() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [actor, setActor] = useState<string | undefined>(undefined);
  const [action, setAction] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState(false);
  const query = {
    actor, action,
    from: period?.[0]?.startOf('day').toISOString(),
    to: period?.[1]?.add(1, 'day').startOf('day').toISOString(),
  };
  const list = useQuery({
    queryKey: ['audit', query, page],
    queryFn: () => call(api.GET('/api/audit', { params: { query: { ...query, page, pageSize: 25 } } })),
  });
  const known = (key: string) => key in catalogs.en;
  const actionLabel = (a: string) => (known(`audit.action.${a}`) ? t(`audit.action.${a}` as MessageKey) : a);
  const who = (e: Entry) =>
    e.actorKind === 'system' ? t('audit.system') : e.actorKind === 'anonymous' ? t('audit.anonymous') : e.actor ?? '';
  const exportCsv = async () => {
    setExporting(true);
    try {
      const name = await downloadCsv(() => api.GET('/api/audit', { params: { query }, ...asCsv }), 'audit.csv');
      message.success(t('audit.exported', { name }));
    } catch (error) {
      message.error(t('audit.exportFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('audit.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('audit.intro')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Input.Search aria-label={t('audit.filter.actor')} placeholder={t('audit.filter.actor')} allowClear style={{ width: 220 }}
              onSearch={(v) => { setActor(v.trim() || undefined); setPage(1); }} />
            <Select aria-label={t('audit.filter.action')} style={{ width: 200 }} value={action ?? ''}
              onChange={(v) => { setAction(v || undefined); setPage(1); }}
              options={[{ value: '', label: t('audit.filter.allActions') },
                ...actionGroups.map((g) => ({ value: `${g}.`, label: t(`audit.group.${g}` as MessageKey) }))]} />
            <DatePicker.RangePicker aria-label={t('audit.filter.period')} value={period}
              onChange={(v) => { setPeriod(v); setPage(1); }} />
          </Space>
          <Button loading={exporting} onClick={exportCsv}>{t('audit.export')}</Button>
        </Space>
        <QueryState isPending={list.isPending} error={list.error} retry={() => list.refetch()} />
        {list.isSuccess && list.data.items.length === 0 ? <Nothing /> : list.isSuccess && (
          <Table<Entry> size="small" rowKey="id" dataSource={list.data.items} scroll={{ x: 1000 }}
            pagination={{ current: page, pageSize: 25, total: list.data.total, onChange: setPage, showSizeChanger: false }}
            expandable={{
              expandedRowRender: (e) => <Detail entry={e} />,
              rowExpandable: () => true,
            }}
            columns={[
              { title: t('audit.when'), dataIndex: 'at', width: 180, render: (at: string) => new Date(at).toLocaleString(language) },
              {
                title: t('audit.who'),
                render: (_, e) => (
                  <Space size={4}>
                    {e.actorKind === 'apiKey' && <Tag>{t('audit.apiKey')}</Tag>}
                    <span>{who(e)}</span>
                  </Space>
                ),
              },
              { title: t('audit.from'), dataIndex: 'address', width: 140 },
              {
                title: t('audit.what'),
                render: (_, e) => (
                  <Tag color={e.action.endsWith('.failed') || e.action.endsWith('.erased') ? 'red' : undefined}>{actionLabel(e.action)}</Tag>
                ),
              },
              { title: t('audit.entity'), render: (_, e) => (e.entityId ? `${e.entity} ${e.entityId}` : e.entity) },
              { title: t('audit.changed'), render: (_, e) => e.changed.join(', ') },
            ]} />
        )}
      </Card>
    </Space>
  );
}

/** An entry's before and after, field by field, the changed fields first and marked. */
function Detail({ entry }: { entry: Entry }) {
  const { t } = useI18n();
  const rows = changeRows(entry.before, entry.after, entry.changed);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noDetail')}</Typography.Text>;
  return (
    <Table size="small" rowKey="field" pagination={false} dataSource={rows}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 180, render: (f: string, r) => (r.changed ? <Typography.Text strong>{f}</Typography.Text> : f) },
        { title: t('audit.before'), dataIndex: 'before', render: (v: string, r) => <Typography.Text delete={r.changed && v !== ''} type={r.changed ? 'danger' : undefined} style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
        { title: t('audit.after'), dataIndex: 'after', render: (v: string, r) => <Typography.Text type={r.changed ? 'success' : undefined} style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
      ]} />
  );
}
