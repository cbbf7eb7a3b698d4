import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Drawer, Space, Tag, Typography } from 'antd';
import { api, call } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { VersionStages } from './VersionStages';
import { changeSentences, savedWhen, type WorkflowVersion } from './workflowVersions';

/**
 * A workflow's versions, newest first: when and by whom each was saved, how many tickets still run on it (open and in
 * all), and what it changed against the one before. Any version's stages can be shown, read-only.
 */
export function WorkflowVersions({ code, onClose }: { code: string; onClose: () => void }) {
  const { t } = useI18n();
  const versions = useQuery({
    queryKey: ['workflow-versions', code],
    queryFn: () => call(api.GET('/api/workflows/{code}/versions', { params: { path: { code } } })),
  });
  const [shown, setShown] = useState<number>();

  return (
    <Drawer open title={t('service.ver.title', { code })} onClose={onClose} size="large" destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('service.ver.intro')}</Typography.Paragraph>
      <QueryState isPending={versions.isPending} error={versions.error} retry={() => versions.refetch()} />
      {versions.isSuccess && (versions.data.length === 0 ? <Nothing /> : (
        <ol aria-label={t('service.ver.versions')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {versions.data.map((v) => (
            <li key={v.versionNo} style={{ marginBottom: 12 }}>
              <VersionCard version={v} shown={shown === v.versionNo} onShow={() => setShown(shown === v.versionNo ? undefined : v.versionNo)} code={code} />
            </li>
          ))}
        </ol>
      ))}
    </Drawer>
  );
}

function VersionCard({ code, version: v, shown, onShow }: { code: string; version: WorkflowVersion; shown: boolean; onShow: () => void }) {
  const { t, language } = useI18n();
  const n = v.versionNo;
  const when = savedWhen(v.savedAt, language);
  const sentences = v.changes ? changeSentences(v.changes, t, language) : [];
  const stagesId = `workflow-${code}-v${n}-stages`;

  return (
    <Card size="small" title={<Space size={6}><span>v{n}</span>{v.isCurrent && <Tag color="blue">{t('service.ver.current')}</Tag>}</Space>}
      extra={<Tag>{t('service.ver.tickets', { open: v.openTickets, all: v.allTickets })}</Tag>}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {v.savedBy ? t('service.ver.savedBy', { when, who: v.savedByName ?? v.savedBy }) : t('service.ver.savedUnknown', { when })}
        </Typography.Text>
        {!v.changes ? <Typography.Text>{t('service.ver.first')}</Typography.Text>
          : sentences.length === 0 ? <Typography.Text>{t('service.ver.noChange')}</Typography.Text>
          : <ul style={{ margin: 0, paddingInlineStart: 18 }}>{sentences.map((s) => <li key={s}>{s}</li>)}</ul>}
        <div>
          <Button size="small" aria-expanded={shown} aria-controls={shown ? stagesId : undefined} onClick={onShow}>{t('service.ver.show', { n })}</Button>
        </div>
        {shown && <div id={stagesId}><VersionStages code={code} version={n} /></div>}
      </Space>
    </Card>
  );
}
