import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
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
  const surveys = useQuery({
    queryKey: ['surveys', page],
    queryFn: () => call(api.GET('/api/surveys', { params: { query: { page, pageSize: 20 } } })),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('feedback.surveys.title')}</Typography.Title>
        <Button type="primary" onClick={() => navigate('/settings/surveys/new')}>{t('feedback.surveys.new')}</Button>
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
      <Card title={t('feedback.fatigue.title')} size="small">
        <FatiguePolicies />
      </Card>
    </Space>
  );
}
