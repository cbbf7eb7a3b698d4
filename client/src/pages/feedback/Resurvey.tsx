import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { namePath } from './facts';

type Request = Schemas['ResurveySettingsRequest'];

/** Re-survey after a resolved follow-up: off by default; which survey asks again (this one or a short one) and when. */
export function Resurvey({ surveyId }: { surveyId: number }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const setting = useQuery({
    queryKey: ['resurvey', surveyId],
    queryFn: () => call(api.GET('/api/surveys/{id}/resurvey', { params: { path: { id: surveyId } } })),
  });
  const surveys = useQuery({ queryKey: ['surveys', 'all'], queryFn: () => call(api.GET('/api/surveys', { params: { query: { page: 1, pageSize: 100 } } })) });
  const save = useMutation({
    mutationFn: (body: Request) => call(api.PUT('/api/surveys/{id}/resurvey', { params: { path: { id: surveyId } }, body })),
    onSuccess: () => { message.success(t('feedback.resurvey.saved')); client.invalidateQueries({ queryKey: ['resurvey', surveyId] }); },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.errors) form.setFields(Object.entries(error.problem.errors).map(([k, errors]) => ({ name: namePath(k), errors })));
    },
  });
  const s = setting.data;
  return (
    <Card title={t('feedback.resurvey.title')} size="small">
      <Typography.Paragraph type="secondary">{t('feedback.resurvey.intro')}</Typography.Paragraph>
      <QueryState isPending={setting.isPending} error={setting.error ?? (save.error instanceof ApiError && save.error.status === 400 ? null : save.error)}
        retry={() => { save.reset(); setting.refetch(); }} />
      {s && (
        <Form form={form} name="resurvey" layout="vertical" aria-label={t('feedback.resurvey.title')} key={`${s.enabled}-${s.resurveySurveyId}-${s.delayHours}-${s.validDays}`}
          initialValues={{ enabled: s.enabled, resurveySurveyId: s.resurveySurveyId ?? null, delayHours: s.delayHours, validDays: s.validDays }}
          onFinish={(v: Request) => save.mutate({ ...v, resurveySurveyId: v.resurveySurveyId ?? null })}>
          <Space wrap align="start" size="large">
            <Form.Item name="enabled" label={t('feedback.resurvey.enabled')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="resurveySurveyId" label={t('feedback.resurvey.survey')}>
              <Select style={{ width: 240 }} allowClear placeholder={t('feedback.resurvey.itself')} loading={surveys.isPending}
                options={(surveys.data?.items ?? []).filter((x) => x.id !== surveyId).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
            <Form.Item name="delayHours" label={t('feedback.resurvey.delay')}><InputNumber min={0} max={720} style={{ width: 120 }} /></Form.Item>
            <Form.Item name="validDays" label={t('feedback.resurvey.valid')}><InputNumber min={1} max={60} style={{ width: 100 }} /></Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>{t('feedback.resurvey.save')}</Button>
        </Form>
      )}
    </Card>
  );
}
