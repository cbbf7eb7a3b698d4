import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { App, Button, Card, Modal, QRCode, Segmented, Space, Switch, Table, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { catalogs, useI18n, type Language } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { useDateTime } from './format';

type Answer = Schemas['ListResponsesItem'];
const linkChannels = new Set(['widget', 'link', 'qr']);

type Title = Schemas['SurveyView']['title'];

/** The survey's reusable link: switched on and off here, shown as a link, a QR code to print and the widget's snippet. */
export function PublicLink({ surveyId, title }: { surveyId: number; title?: Title }) {
  const { t } = useI18n();
  const when = useDateTime();
  const { message } = App.useApp();
  const client = useQueryClient();
  const link = useQuery({
    queryKey: ['survey-link', surveyId],
    queryFn: () => call(api.GET('/api/surveys/{id}/link', { params: { path: { id: surveyId } } })),
  });
  const answers = useQuery({
    queryKey: ['survey-link-answers', surveyId],
    queryFn: () => call(api.GET('/api/survey-responses', { params: { query: { surveyId, pageSize: 50 } } })),
  });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => call(api.PUT('/api/surveys/{id}/link', { params: { path: { id: surveyId } }, body: { enabled } })),
    onSuccess: (view) => {
      client.setQueryData(['survey-link', surveyId], view);
      void message.success(t(view.enabled ? 'feedback.publicLink.on' : 'feedback.publicLink.turnedOff'));
    },
    onError: (error) => void message.error(error.message),
  });
  const view = link.data;
  const url = view?.path ? new URL(view.path, window.location.origin).toString() : undefined;
  const snippet = view?.linkId ? `<script src="${window.location.origin}/widget.js" data-survey="${view.linkId}" async></script>` : '';
  const download = () => {
    const canvas = document.querySelector<HTMLCanvasElement>('#survey-link-qr canvas');
    if (!canvas) return;
    const a = document.createElement('a');
    a.download = `survey-${surveyId}-qr.png`;
    a.href = canvas.toDataURL('image/png');
    a.click();
  };
  const linked = (answers.data?.items ?? []).filter((a) => a.channel && linkChannels.has(a.channel));

  return (
    <Card size="small" title={t('feedback.publicLink.title')} data-testid="public-link-card"
      extra={<Switch checked={view?.enabled ?? false} loading={toggle.isPending || link.isPending} aria-label={t('feedback.publicLink.switch')}
        onChange={(on) => toggle.mutate(on)} />}>
      <QueryState isPending={link.isPending} error={link.error} retry={() => link.refetch()} />
      <Typography.Paragraph type="secondary">{t('feedback.publicLink.intro')}</Typography.Paragraph>
      {view && !view.enabled && <Typography.Paragraph>{t('feedback.publicLink.off')}</Typography.Paragraph>}
      {view?.enabled && url && (
        <Space align="start" wrap size="large">
          <Space orientation="vertical" style={{ maxWidth: 640 }}>
            <Typography.Text strong>{t('feedback.publicLink.link')}</Typography.Text>
            <Typography.Paragraph copyable={{ text: url }} code data-testid="public-link" style={{ margin: 0 }}>{url}</Typography.Paragraph>
            <Typography.Text strong>{t('feedback.publicLink.widget')}</Typography.Text>
            <Typography.Paragraph copyable={{ text: snippet }} code data-testid="widget-snippet" style={{ margin: 0 }}>{snippet}</Typography.Paragraph>
          </Space>
          <Space orientation="vertical" align="center" id="survey-link-qr">
            <Typography.Text>{t('feedback.publicLink.qr')}</Typography.Text>
            <QRCode value={`${url}?channel=qr`} size={160} />
            <Button onClick={download}>{t('feedback.publicLink.download')}</Button>
            <QrPoster url={url} title={title} />
          </Space>
        </Space>
      )}
      {linked.length > 0 && (
        <>
          <Typography.Title level={5}>{t('feedback.publicLink.answers')}</Typography.Title>
          <Table<Answer> rowKey="id" size="small" pagination={false} dataSource={linked} data-testid="public-link-answers"
            columns={[
              { title: t('feedback.publicLink.when'), dataIndex: 'respondedAt', render: (v: string) => when(v) },
              { title: t('feedback.publicLink.score'), key: 'score', render: (_, a) => a.nps ?? a.csat ?? a.ces ?? '—' },
              { title: t('feedback.publicLink.comment'), dataIndex: 'comment', render: (v?: string | null) => v ?? '' },
              { title: t('feedback.publicLink.channel'), dataIndex: 'channel', render: (v: string) => t(`feedback.channel.${v}` as MessageKey) },
              {
                title: t('feedback.publicLink.page'), dataIndex: 'page',
                render: (v?: string | null) => (v ? <Typography.Link href={v} target="_blank" rel="noopener noreferrer">{v}</Typography.Link> : '—'),
              },
            ]} />
        </>
      )}
    </Card>
  );
}

/**
 * A poster to print and put up (a shop, a service desk, the box of a delivery): the survey's title, a large QR code of the
 * link (answers through it count under the QR channel), what to do, and the address to type, in the language chosen for
 * the poster. Printed alone: the page around it is hidden when printing (staff.css).
 */
function QrPoster({ url, title }: { url: string; title?: Title }) {
  const { t, language } = useI18n();
  const [open, setOpen] = useState(false);
  const [lang, setLang] = useState<Language>(language);
  const say = (key: 'feedback.poster.scan' | 'feedback.poster.minute' | 'feedback.poster.orVisit') => catalogs[lang][key];
  const heading = (lang === 'en' ? title?.en || title?.zh : title?.zh || title?.en) ?? '';
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('feedback.publicLink.poster')}</Button>
      <Modal open={open} onCancel={() => setOpen(false)} title={t('feedback.publicLink.posterTitle')} width={640} destroyOnHidden
        footer={[
          <Button key="close" onClick={() => setOpen(false)}>{t('feedback.publicLink.close')}</Button>,
          <Button key="print" type="primary" onClick={() => window.print()}>{t('feedback.publicLink.print')}</Button>,
        ]}>
        <Typography.Paragraph type="secondary">{t('feedback.publicLink.posterIntro')}</Typography.Paragraph>
        <Space style={{ marginBottom: 16 }}>
          <Typography.Text>{t('feedback.publicLink.posterLanguage')}</Typography.Text>
          <Segmented<Language> value={lang} onChange={setLang} options={[{ label: '中文', value: 'zh-CN' }, { label: 'English', value: 'en' }]} />
        </Space>
        <div className="csm-print-sheet" data-testid="qr-poster" lang={lang}>
          {heading && <h1 className="csm-print-sheet-title">{heading}</h1>}
          <p className="csm-print-sheet-call">{say('feedback.poster.scan')}</p>
          <QRCode value={`${url}?channel=qr`} size={280} type="svg" bordered={false} />
          <p>{say('feedback.poster.minute')}</p>
          <p className="csm-print-sheet-address">{say('feedback.poster.orVisit')} {url}</p>
        </div>
      </Modal>
    </>
  );
}
