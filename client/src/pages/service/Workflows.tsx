import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { WorkflowEditor } from './WorkflowEditor';
import { stageLabel } from './workflowRules';
import { TicketTypes } from './TicketTypes';
import { StageTags } from './StageTags';
import { WorkflowVersions } from './WorkflowVersions';


/** Ticket types and the workflows they follow; a workflow opens in the stage editor. */
export default function Workflows() {
  const { t, language } = useI18n();
  const client = useQueryClient();
  const workflows = useQuery({ queryKey: ['workflows'], queryFn: () => call(api.GET('/api/workflows')) });
  const [editing, setEditing] = useState<{ workflow?: Schemas['WorkflowView'] } | null>(null);
  const [notice, setNotice] = useState<string>();
  const [history, setHistory] = useState<string>();
  const list = workflows.data?.items ?? [];

  // Someone else saved the workflow meanwhile: read it again and reopen the editor on the current version.
  const reload = async (code?: string) => {
    const fresh = await client.fetchQuery({ queryKey: ['workflows'], queryFn: () => call(api.GET('/api/workflows')), staleTime: 0 });
    setEditing({ workflow: fresh.items.find((w) => w.code === code) });
  };
  const done = (previous: Schemas['WorkflowView'] | undefined, saved?: Schemas['WorkflowView']) => {
    setEditing(null);
    if (!saved) { client.invalidateQueries({ queryKey: ['workflows'] }); return; }
    // The version history shows the version just saved (and who saved it) the next time it opens.
    client.invalidateQueries({ queryKey: ['workflow-versions', saved.code] });
    // Tickets already on the workflow kept the old row: the server saved a new one beside it.
    setNotice(previous && saved.id !== previous.id
      ? t('service.wf.newVersion', { code: saved.code, version: saved.version, old: previous.version })
      : t('service.wf.savedAs', { code: saved.code, version: saved.version }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('service.wf.title')}</Typography.Title>
      <TicketTypes workflows={list} />
      <Card title={t('service.wf.workflows')} extra={<Button type="primary" onClick={() => { setNotice(undefined); setEditing({}); }}>{t('service.wf.new')}</Button>}>
        <QueryState isPending={workflows.isPending} error={workflows.error} retry={() => workflows.refetch()} />
        {notice && <Alert type="success" showIcon title={notice} role="status" closable={{ onClose: () => setNotice(undefined) }} style={{ marginBottom: 12 }} />}
        {workflows.isSuccess && list.length === 0 ? <Nothing /> : workflows.isSuccess && (
          <Table size="small" rowKey="code" pagination={false} dataSource={list}
            columns={[
              { title: t('service.wf.code'), dataIndex: 'code' },
              { title: t('service.wf.name'), dataIndex: 'name', render: (n: string) => stageLabel(n, language) },
              { title: t('service.wf.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
              { title: t('service.wf.stages'), render: (_, w) => <StageTags stages={w.stages} /> },
              { title: '', render: (_, w) => (
                <Space size={4}>
                  <Button size="small" aria-label={t('service.wf.editOf', { code: w.code })} onClick={() => { setNotice(undefined); setEditing({ workflow: w }); }}>{t('service.edit')}</Button>
                  <Button size="small" aria-label={t('service.ver.openOf', { code: w.code })} onClick={() => setHistory(w.code)}>{t('service.ver.open')}</Button>
                </Space>) },
            ]} />
        )}
      </Card>
      {history && <WorkflowVersions code={history} onClose={() => setHistory(undefined)} />}
      {editing && (
        <WorkflowEditor key={`${editing.workflow?.code ?? 'new'}-${editing.workflow?.id}-${editing.workflow?.version}`} workflow={editing.workflow}
          onDone={(saved) => done(editing.workflow, saved)} onReload={() => reload(editing.workflow?.code)} />
      )}
    </Space>
  );
}
