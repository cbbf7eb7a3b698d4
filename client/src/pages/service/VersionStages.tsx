import { useQuery } from '@tanstack/react-query';
import { Space, Table, Tag, Typography } from 'antd';
import { api, call } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { formatMinutes } from './businessTime';
import { StageTags } from './StageTags';
import { stageLabel } from './workflowRules';

/** One stored version of a workflow, read-only: its stages with owner (and whether the account manager takes it), time limit and required fields, and its transitions. */
export function VersionStages({ code, version }: { code: string; version: number }) {
  const { t, language } = useI18n();
  const workflow = useQuery({
    queryKey: ['workflow', code, version],
    queryFn: () => call(api.GET('/api/workflows/{code}', { params: { path: { code }, query: { version } } })),
  });
  const units = { h: t('service.sla.h'), min: t('service.sla.min') };
  const stages = workflow.data?.stages ?? [];

  return (
    <section aria-label={t('service.ver.stagesOf', { n: version })} style={{ marginTop: 8 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('service.ver.stagesOf', { n: version })}</Typography.Title>
      <QueryState isPending={workflow.isPending} error={workflow.error} retry={() => workflow.refetch()} />
      {workflow.data && (
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          <StageTags stages={stages} />
          <Table size="small" rowKey="code" pagination={false} dataSource={stages}
            columns={[
              { title: t('service.ver.stage'), render: (_, s) => (
                <Space size={4} wrap>
                  <span>{stageLabel(s.name, language)}</span>
                  <Typography.Text type="secondary">{s.code}</Typography.Text>
                  {s.isStart && <Tag color="blue">{t('service.wf.start')}</Tag>}
                  {s.isFinal && <Tag color="green">{t('service.wf.final')}</Tag>}
                </Space>) },
              { title: t('service.wf.ownerRole'), render: (_, s) => (s.ownerRole ? t(`service.role.${s.ownerRole}` as MessageKey) : '—') + (s.ownerTeam ? ` · ${s.ownerTeam}` : '')
                + (s.goesToAccountManager ? ` · ${t('service.wf.accountManager')}` : '') },
              { title: t('service.ver.limit'), render: (_, s) => (s.timeLimitMinutes ? formatMinutes(s.timeLimitMinutes, units) : t('service.ver.noLimit')) },
              { title: t('service.wf.requiredFields'), render: (_, s) => (
                <Space size={2} wrap>{(s.requiredFields ?? []).map((f) => <Tag key={f.name}>{f.name} · {t(`service.kind.${f.kind ?? 'text'}`)}</Tag>)}</Space>) },
            ]} />
          <Typography.Text strong>{t('service.wf.transitions')}</Typography.Text>
          <Space size={2} wrap>
            {workflow.data.transitions.map((x) => (
              <Tag key={`${x.from}-${x.to}-${x.isReopen}`}>{x.from} → {x.to}{x.isReopen ? t('service.ver.reopen') : ''}</Tag>
            ))}
          </Space>
        </Space>
      )}
    </section>
  );
}
