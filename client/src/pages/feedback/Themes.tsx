import { useEffect, useRef, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { namePath } from './facts';
import { proposedTheme } from './proposedTheme';

type Theme = Schemas['FeedbackThemesTheme'];

const fieldErrors = (form: ReturnType<typeof Form.useForm>[0], error: unknown) => {
  if (error instanceof ApiError && error.problem.errors) form.setFields(Object.entries(error.problem.errors).map(([k, errors]) => ({ name: namePath(k), errors })));
};

/** /settings/themes — keyword dictionaries per theme; saving one re-tags every response. */
export default function Themes() {
  const { t } = useI18n();
  const themes = useQuery({ queryKey: ['feedback-themes'], queryFn: () => call(api.GET('/api/feedback-themes')) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('feedback.themes.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('feedback.themes.retagHint')} description={t('feedback.themes.matchHint')} />
      <QueryState isPending={themes.isPending} error={themes.error} retry={() => themes.refetch()} />
      {themes.data && (themes.data.items.length ? themes.data.items.map((theme) => <ThemeCard key={`${theme.id}-${theme.revision}`} theme={theme} />) : <Nothing />)}
      <NewTheme />
    </Space>
  );
}

function KeywordFields() {
  const { t } = useI18n();
  return (
    <Space wrap align="start" style={{ width: '100%' }}>
      <Form.Item name={['keywords', 'zh']} label={t('feedback.themes.keywordsZh')} style={{ minWidth: 460 }}>
        <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
      </Form.Item>
      <Form.Item name={['keywords', 'en']} label={t('feedback.themes.keywordsEn')} style={{ minWidth: 460 }}>
        <Select mode="tags" open={false} tokenSeparators={[',']} />
      </Form.Item>
    </Space>
  );
}

function NameFields({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space wrap align="start">
      {children}
      <Form.Item name={['name', 'zh']} label={t('feedback.themes.nameZh')}><Input style={{ width: 200 }} /></Form.Item>
      <Form.Item name={['name', 'en']} label={t('feedback.themes.nameEn')}><Input style={{ width: 200 }} /></Form.Item>
    </Space>
  );
}

function ThemeCard({ theme }: { theme: Theme }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: Schemas['FeedbackThemesUpdateRequest']) =>
      call(api.PUT('/api/feedback-themes/{id}', { params: { path: { id: theme.id } }, body: { ...v, revision: theme.revision } })),
    onSuccess: () => { message.success(t('feedback.themes.saved')); client.invalidateQueries({ queryKey: ['feedback-themes'] }); },
    onError: (error) => fieldErrors(form, error),
  });
  const title = language === 'en' ? theme.name.en : theme.name.zh;
  return (
    <Card size="small" aria-label={title} title={<Space>{title}<Tag>{theme.code}</Tag></Space>}
      extra={<Typography.Text type="secondary">{t('feedback.themes.responses', { n: theme.responses })}</Typography.Text>}>
      <QueryState isPending={false} error={save.error instanceof ApiError && save.error.status === 400 ? null : save.error}
        retry={() => { save.reset(); client.invalidateQueries({ queryKey: ['feedback-themes'] }); }} />
      <Form form={form} name={`theme-${theme.id}`} layout="vertical" initialValues={{ name: theme.name, keywords: theme.keywords }} onFinish={(v) => save.mutate(v)}>
        <NameFields />
        <KeywordFields />
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('feedback.themes.saveAndRetag')}</Button>
      </Form>
    </Card>
  );
}

function NewTheme() {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [params] = useSearchParams();
  const proposed = proposedTheme(params);
  const card = useRef<HTMLDivElement>(null);
  const keyword = params.get('keyword');
  useEffect(() => { if (keyword) card.current?.scrollIntoView?.({ block: 'center' }); }, [keyword]);
  const client = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (body: Schemas['FeedbackThemesCreateRequest']) => call(api.POST('/api/feedback-themes', { body })),
    onSuccess: () => { message.success(t('feedback.themes.saved')); form.resetFields(); client.invalidateQueries({ queryKey: ['feedback-themes'] }); },
    onError: (error) => fieldErrors(form, error),
  });
  return (
    <Card size="small" title={t('feedback.themes.add')} ref={card}>
      {proposed && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('feedback.themes.proposed', { keyword: [...proposed.keywords.zh, ...proposed.keywords.en].join('') })} />}
      {create.error && !(create.error instanceof ApiError && create.error.status === 400) && <Typography.Text type="danger">{create.error.message}</Typography.Text>}
      <Form form={form} name="new-theme" layout="vertical" initialValues={proposed ?? { keywords: { zh: [], en: [] } }} onFinish={(v) => create.mutate(v)}>
        <NameFields>
          <Form.Item name="code" label={t('feedback.themes.code')}><Input style={{ width: 180 }} /></Form.Item>
        </NameFields>
        <KeywordFields />
        <Button type="primary" htmlType="submit" loading={create.isPending}>{t('feedback.themes.create')}</Button>
      </Form>
    </Card>
  );
}
