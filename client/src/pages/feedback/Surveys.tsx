import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { FatiguePolicies } from './FatiguePolicies';
import { useDateTime } from './format';

/** /settings/surveys — survey templates, and the fatigue policy that keeps customers from being asked too often. */
export default function Surveys() {
  const { t, language } = useI18n();
  const when = useDateTime();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [gallery, setGallery] = useState(false);
  const surveys = useQuery({
    queryKey: ['surveys', page],
    queryFn: () => call(api.GET('/api/surveys', { params: { query: { page, pageSize: 20 } } })),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('feedback.surveys.title')}</Typography.Title>
        <Space>
          <Button onClick={() => setGallery(true)}>{t('feedback.gallery.open')}</Button>
          <Button type="primary" onClick={() => navigate('/settings/surveys/new')}>{t('feedback.surveys.new')}</Button>
        </Space>
      </Space>
      <QueryState isPending={surveys.isPending} error={surveys.error} retry={() => surveys.refetch()} />
      {surveys.data && (surveys.data.items.length ? (
        <Table size="middle" rowKey="id" dataSource={surveys.data.items}
          pagination={{ current: page, pageSize: 20, total: surveys.data.total, onChange: setPage }}
          columns={[
            { title: t('feedback.surveys.name'), dataIndex: 'name', render: (name: string, s) => <Link to={`/settings/surveys/${s.id}`}>{name}</Link> },
            { title: t('feedback.surveys.surveyTitle'), dataIndex: 'title', render: (title?: Schemas['LocalizedText']) => (language === 'en' ? title?.en : title?.zh) },
            { title: t('feedback.surveys.touchpoint'), dataIndex: 'touchpoint', render: (tp: string) => <Tag>{t(`feedback.touchpoint.${tp}` as MessageKey)}</Tag> },
            { title: t('feedback.surveys.questions'), dataIndex: 'questions', render: (qs: unknown[] = []) => qs.length },
            { title: t('feedback.surveys.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            { title: t('feedback.surveys.updated'), dataIndex: 'updatedAt', render: when },
          ]} />
      ) : <Nothing />)}
      {gallery && <Gallery onClose={() => setGallery(false)} />}
      <Card title={t('feedback.fatigue.title')} size="small">
        <FatiguePolicies />
      </Card>
    </Space>
  );
}

/** The survey gallery: a ready survey in both languages, created in one click and opened in the editor. */
function Gallery({ onClose }: { onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const templates = useQuery({ queryKey: ['survey-templates'], queryFn: () => call(api.GET('/api/survey-templates')) });
  const create = useMutation({
    mutationFn: (key: string) => call(api.POST('/api/survey-templates/{key}/surveys', { params: { path: { key } }, body: { name: null } })),
    onSuccess: (survey) => navigate(`/settings/surveys/${survey.id}`),
    onError: (e) => message.error(e.message),
  });
  const text = (x?: Schemas['LocalizedText']) => (language === 'en' ? x?.en : x?.zh) ?? '';
  return (
    <Modal open width={720} title={t('feedback.gallery.title')} onCancel={onClose} footer={null}>
      <QueryState isPending={templates.isPending} error={templates.error} retry={() => templates.refetch()} />
      <List dataSource={templates.data ?? []} renderItem={(tpl) => (
        <List.Item actions={[<Button key="use" type="primary" loading={create.isPending && create.variables === tpl.key}
          aria-label={t('feedback.gallery.useOf', { name: text(tpl.name) })} onClick={() => create.mutate(tpl.key)}>{t('feedback.gallery.use')}</Button>]}>
          <List.Item.Meta title={text(tpl.name)} description={`${text(tpl.purpose)} · ${t('feedback.surveys.questions')}: ${tpl.questions.length}`} />
        </List.Item>
      )} />
    </Modal>
  );
}
