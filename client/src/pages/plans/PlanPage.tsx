import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, ApiError, call } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { formatChange, formatInterval, formatScore } from '../reports/format';
import { useThemeNames } from '../reports/data';
import { asPlan, blankPlan, formField, toBody, toValues, type Plan, type PlanValues } from './planForm';

const metrics = ['nps', 'csat', 'ces'];
const dimensions = ['all', 'tier', 'touchpoint', 'ticketType', 'channel', 'agent', 'team', 'survey', 'answeredVia'];

/** /improvement-plans/new and /improvement-plans/:id — a plan's problem, goal, owner and actions, and its measured effect. */
export default function PlanPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const planId = id && id !== 'new' ? Number(id) : undefined;
  const plan = useQuery({
    queryKey: ['improvement-plan', planId],
    queryFn: () => call(api.GET('/api/improvement-plans/{id}', { params: { path: { id: planId! } } })).then(asPlan),
    enabled: planId !== undefined,
  });
  const me = useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/api/auth/me')) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Link to="/improvement-plans">← {t('plans.title')}</Link>
      <QueryState isPending={planId !== undefined && plan.isPending} error={plan.error} retry={() => plan.refetch()} />
      {plan.data && <Effect plan={plan.data} />}
      {(planId === undefined ? me.data : plan.data) && (
        <PlanForm key={`${planId ?? 'new'}-${plan.data?.version ?? 0}`} saved={plan.data} owner={me.data?.userName ?? ''} />
      )}
    </Space>
  );
}

function Effect({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const effect = plan.effect;
  const metric = plan.problem.metric;
  if (!effect) return <Alert type="info" showIcon title={t('plans.effect.notStarted')} />;
  const moved = effect.after.figure.beyondNoise;
  const verdict: MessageKey = moved === true ? 'plans.effect.beyondNoise' : moved === false ? 'plans.effect.withinNoise' : 'plans.effect.unknown';
  const window = (key: MessageKey, w: typeof effect.before) => (
    <Col xs={24} md={8}>
      <Card size="small" title={t(key, { from: w.from, to: w.to })}>
        <Typography.Title level={3} style={{ margin: 0 }}>{metric.toUpperCase()} {formatScore(metric, w.figure.value)}</Typography.Title>
        <Typography.Text type="secondary">
          {t('plans.effect.n', { n: w.figure.n })} · {t('plans.effect.interval', { range: formatInterval(metric, w.figure.ciLow, w.figure.ciHigh) })}
        </Typography.Text>
      </Card>
    </Col>
  );
  return (
    <section aria-label={t('plans.effect')}>
      <Card title={t('plans.effect')}>
        <Row gutter={[16, 16]}>
          {window('plans.effect.before', effect.before)}
          {window('plans.effect.after', effect.after)}
          <Col xs={24} md={8}>
            <Card size="small" title={t('plans.effect.change')}>
              <Typography.Title level={3} style={{ margin: 0 }}>{formatChange(metric, effect.after.figure.change)}</Typography.Title>
              <Tag color={moved ? 'green' : undefined}>{t(verdict)}</Tag>
              <div>
                {effect.goal.reached
                  ? <Tag color="green">{t('plans.effect.goalReached', { target: formatScore(effect.goal.metric, effect.goal.target) })}</Tag>
                  : <Typography.Text>{t('plans.effect.goalNotReached', {
                    target: formatScore(effect.goal.metric, effect.goal.target), value: formatScore(effect.goal.metric, effect.goal.value),
                  })}</Typography.Text>}
              </div>
            </Card>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('plans.effect.test')}</Typography.Paragraph>
      </Card>
    </section>
  );
}

function PlanForm({ saved, owner }: { saved?: Plan; owner: string }) {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const themeName = useThemeNames();
  const themes = useQuery({ queryKey: ['feedback-themes'], queryFn: () => call(api.GET('/api/feedback-themes')) });
  const [form] = Form.useForm<PlanValues>();
  const dimension = Form.useWatch('dimension', form);
  const editable = can('settings.configure');
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.problem.errors)
      form.setFields(Object.entries(error.problem.errors).map(([k, errors]) => ({ name: formField(k) as never, errors })));
  };
  const save = useMutation({
    mutationFn: (v: PlanValues) => saved
      ? call(api.PUT('/api/improvement-plans/{id}', { params: { path: { id: saved.id } }, body: toBody(v, saved.version) }))
      : call(api.POST('/api/improvement-plans', { body: toBody(v) })),
    onSuccess: (plan) => {
      message.success(t('plans.saved'));
      client.invalidateQueries({ queryKey: ['improvement-plans'] });
      client.invalidateQueries({ queryKey: ['improvement-plan', plan.id] });
      if (!saved) navigate(`/improvement-plans/${plan.id}`);
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/improvement-plans/{id}', { params: { path: { id: saved!.id } } })),
    onSuccess: () => { message.success(t('plans.deleted')); client.invalidateQueries({ queryKey: ['improvement-plans'] }); navigate('/improvement-plans'); },
  });
  const metricOptions = metrics.map((m) => ({ value: m, label: t(`reports.metric.${m}` as MessageKey) }));
  return (
    <Card title={saved ? saved.title : t('plans.new')}>
      {save.error instanceof Error && !(save.error instanceof ApiError && save.error.status === 400) && <Alert type="error" title={save.error.message} />}
      <Form form={form} name="improvement-plan" layout="vertical" disabled={!editable}
        initialValues={saved ? toValues(saved) : blankPlan(owner, dayjs().format('YYYY-MM-DD'))} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="title" label={t('plans.planTitle')}><Input /></Form.Item>
        <Typography.Title level={5}>{t('plans.problem')}</Typography.Title>
        <Form.Item name="description" label={t('plans.description')}><Input.TextArea rows={2} /></Form.Item>
        <Space wrap align="start">
          <Form.Item name="themes" label={t('plans.themes')} style={{ minWidth: 320 }}>
            <Select mode="multiple" options={(themes.data?.items ?? []).map((th) => ({ value: th.code, label: themeName(th.code) }))} />
          </Form.Item>
          <Form.Item name="metric" label={t('plans.metric')}><Select style={{ width: 220 }} options={metricOptions} /></Form.Item>
          <Form.Item name="dimension" label={t('plans.segment')}>
            <Select style={{ width: 160 }} options={dimensions.map((d) => ({ value: d, label: d === 'all' ? t('plans.segment.all') : t(`reports.group.${d}` as MessageKey) }))} />
          </Form.Item>
          {dimension !== 'all' && <Form.Item name="value" label={t('plans.segmentValue')}><Input style={{ width: 200 }} /></Form.Item>}
        </Space>
        <Typography.Title level={5}>{t('plans.goal')}</Typography.Title>
        <Space wrap align="start">
          <Form.Item name="goalMetric" label={t('plans.goalMetric')}><Select style={{ width: 220 }} options={metricOptions} /></Form.Item>
          <Form.Item name="goalTarget" label={t('plans.goalTarget')}><InputNumber style={{ width: 120 }} /></Form.Item>
          <Form.Item name="startsOn" label={t('plans.startsOn')}><Input type="date" /></Form.Item>
          <Form.Item name="goalDate" label={t('plans.goalDate')}><Input type="date" /></Form.Item>
          <Form.Item name="owner" label={t('plans.owner')}><Input style={{ width: 180 }} /></Form.Item>
        </Space>
        <Typography.Title level={5}>{t('plans.actions')}</Typography.Title>
        <Form.List name="actions">
          {(fields, { add, remove: drop }) => (
            <>
              {fields.map((field) => {
                const action = saved?.actions[field.name];
                return (
                  <Space key={field.key} wrap align="start">
                    <Form.Item name={[field.name, 'title']} label={t('plans.action.title')}><Input style={{ width: 320 }} /></Form.Item>
                    <Form.Item name={[field.name, 'owner']} label={t('plans.action.owner')}><Input style={{ width: 140 }} /></Form.Item>
                    <Form.Item name={[field.name, 'dueOn']} label={t('plans.action.dueOn')}><Input type="date" /></Form.Item>
                    <Form.Item name={[field.name, 'customerId']} label={t('plans.action.customerId')}><InputNumber min={1} style={{ width: 140 }} /></Form.Item>
                    <Descriptions size="small" column={1} items={[{ key: 's', label: '', children: (
                      <Space size={4}>
                        {action && <Tag color={action.state === 'done' ? 'green' : action.state === 'open' ? 'blue' : undefined}>{t(`plans.action.${action.state as 'open'}`)}</Tag>}
                        {action?.ticketId && <Link to={`/tickets/${action.ticketId}`}>{t('plans.action.task', { id: action.ticketId })}</Link>}
                      </Space>
                    ) }]} />
                    <Button onClick={() => drop(field.name)} style={{ marginTop: 30 }}>{t('plans.action.remove')}</Button>
                  </Space>
                );
              })}
              <Button onClick={() => add({ title: '', owner, dueOn: '', customerId: null })} style={{ marginBottom: 16 }}>{t('plans.action.add')}</Button>
            </>
          )}
        </Form.List>
        {editable && (
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>{t('plans.save')}</Button>
            {saved && (
              <Popconfirm title={t('plans.delete')} onConfirm={() => remove.mutate()}>
                <Button danger loading={remove.isPending}>{t('plans.delete')}</Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Form>
    </Card>
  );
}
