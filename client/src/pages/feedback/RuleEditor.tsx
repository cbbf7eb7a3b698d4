import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { ConditionEditor } from './ConditionEditor';
import { ActionsEditor } from './ActionsEditor';
import { DryRunResult } from './DryRunResult';
import { RuleHistory } from './RuleHistory';
import type { Node } from './conditionTree';
import { blankRule, splitErrors, toDefinition, toForm, type RuleDefinition, type RuleFormValues } from './ruleForm';
import { useNamed } from './labels';

/** /rules/new and /rules/:id — a rule's trigger, condition tree, actions and cool-down; dry run; history. */
export default function RuleEditor() {
  const { t } = useI18n();
  const { id } = useParams();
  const ruleId = id && id !== 'new' ? Number(id) : undefined;
  const vocabulary = useQuery({ queryKey: ['rules-vocabulary'], queryFn: () => call(api.GET('/api/rules/vocabulary')), staleTime: Infinity });
  const rule = useQuery({
    queryKey: ['rule', ruleId],
    queryFn: () => call(api.GET('/api/rules/{id}', { params: { path: { id: ruleId! } } })),
    enabled: ruleId !== undefined,
  });
  const pending = vocabulary.isPending || (ruleId !== undefined && rule.isPending);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Link to="/rules">← {t('feedback.rules.title')}</Link>
      <QueryState isPending={pending} error={vocabulary.error ?? rule.error} retry={() => { vocabulary.refetch(); rule.refetch(); }} />
      {!pending && vocabulary.data && (ruleId === undefined || rule.data) && (
        <RuleForm key={`${ruleId ?? 'new'}-${rule.data?.version ?? 0}`} ruleId={ruleId} saved={rule.data} vocabulary={vocabulary.data}
          reload={() => rule.refetch()} />
      )}
    </Space>
  );
}

interface FormProps {
  ruleId?: number;
  saved?: Schemas['RuleView'];
  vocabulary: Schemas['ListFactsResponse'];
  reload: () => void;
}

function RuleForm({ ruleId, saved, vocabulary, reload }: FormProps) {
  const { t } = useI18n();
  const named = useNamed();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const initial = toForm(saved ?? blankRule());
  const [form] = Form.useForm();
  const [tree, setTreeState] = useState<Node>(initial.tree);
  const [dirty, setDirty] = useState(ruleId === undefined);
  const [errors, setErrors] = useState<ReturnType<typeof splitErrors>>({ condition: {}, fields: [], sections: { actions: [], trigger: [] } });
  const [dryRun, setDryRun] = useState<{ result: Schemas['DryRunRuleResponse']; unsaved: boolean }>();
  const triggerKind = Form.useWatch('triggerKind', form);

  // An edit makes the last dry run stale: its "why" no longer describes this rule, so it goes.
  const edited = () => { setDirty(true); setDryRun(undefined); };
  const setTree = (next: Node) => { setTreeState(next); edited(); };
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 400 && error.problem.errors) {
      const split = splitErrors(error.problem.errors);
      setErrors(split);
      form.setFields(split.fields);
    }
  };
  const clearErrors = () => {
    setErrors({ condition: {}, fields: [], sections: { actions: [], trigger: [] } });
    form.setFields(form.getFieldsError().filter((f) => f.errors.length).map((f) => ({ name: f.name, errors: [] })));
  };
  const definition = (): RuleDefinition => toDefinition(form.getFieldsValue(true) as RuleFormValues, tree);

  const save = useMutation({
    mutationFn: (body: RuleDefinition) => ruleId === undefined
      ? call(api.POST('/api/rules', { body }))
      : call(api.PUT('/api/rules/{id}', { params: { path: { id: ruleId } }, body: { ...body, version: saved?.version ?? 0 } })),
    onMutate: clearErrors,
    onSuccess: (view) => {
      message.success(t('feedback.rules.saved'));
      client.invalidateQueries({ queryKey: ['rules'] });
      client.setQueryData(['rule', view.id], view);
      setDirty(false);
      if (ruleId === undefined) navigate(`/rules/${view.id}`, { replace: true });
    },
    onError,
  });
  const preview = useMutation({
    mutationFn: async () => {
      const unsaved = ruleId === undefined || dirty;
      const result = unsaved
        ? await call(api.POST('/api/rules/dry-run', { body: definition() }))
        : await call(api.POST('/api/rules/{id}/dry-run', { params: { path: { id: ruleId } } }));
      return { result, unsaved };
    },
    onMutate: clearErrors,
    onSuccess: setDryRun,
    onError,
  });
  const runNow = useMutation({
    mutationFn: () => call(api.POST('/api/rules/{id}/runs', { params: { path: { id: ruleId! } } })),
    onSuccess: (r) => {
      message.success(t('feedback.rules.ranNow', { matched: r.matched, fired: r.fired }));
      client.invalidateQueries({ queryKey: ['rule-runs', ruleId] });
      client.invalidateQueries({ queryKey: ['rule-firings', ruleId] });
    },
  });
  const otherError = [save.error, preview.error, runNow.error].find((e) => e && !(e instanceof ApiError && e.status === 400));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{saved ? saved.name : t('feedback.rules.new')}</Typography.Title>
        {saved && (saved.enabled ? <Tag color="green">{t('feedback.rules.enabled')}</Tag> : <Tag>{t('feedback.rules.disabled')}</Tag>)}
        {saved?.templateKey && <Tag color="blue">{named('feedback.rules.template', saved.templateKey, saved.templateKey)}</Tag>}
        {dirty && ruleId !== undefined && <Tag color="orange">{t('feedback.rules.unsavedChanges')}</Tag>}
      </Space>
      <QueryState isPending={false} error={otherError} retry={() => { save.reset(); runNow.reset(); preview.reset(); reload(); }} />
      <Form form={form} name="rule" layout="vertical" initialValues={initial.values} onValuesChange={edited}
        onFinish={() => save.mutate(definition())}>
        <Card title={t('feedback.rules.section.basics')} size="small" style={{ marginBottom: 16 }}>
          <Space wrap align="start" size="large">
            <Form.Item name="name" label={t('feedback.rules.name')} style={{ minWidth: 360 }}><Input /></Form.Item>
            <Form.Item name="owner" label={t('feedback.rules.owner')}><Input style={{ width: 180 }} /></Form.Item>
            <Form.Item name="cooldownDays" label={t('feedback.rules.cooldownDays')} tooltip={t('feedback.rules.cooldownHint')}>
              <InputNumber min={1} max={3650} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="enabled" label={t('feedback.rules.enabledLabel')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Form.Item name="description" label={t('feedback.rules.description')}><Input.TextArea rows={2} /></Form.Item>
        </Card>
        <Card title={t('feedback.rules.section.trigger')} size="small" style={{ marginBottom: 16 }}>
          <Form.Item name="triggerKind" label={t('feedback.rules.triggerKind')}
            validateStatus={errors.sections.trigger.length ? 'error' : undefined} help={errors.sections.trigger.join(' ') || undefined}>
            <Radio.Group options={[{ value: 'schedule', label: t('feedback.rules.trigger.schedule') }, { value: 'event', label: t('feedback.rules.trigger.event') }]} />
          </Form.Item>
          {triggerKind === 'event' ? (
            <Form.Item name={['trigger', 'event']} label={t('feedback.rules.trigger.eventName')}>
              <Select style={{ maxWidth: 320 }} options={vocabulary.events.map((e) => ({ value: e, label: named('feedback.rules.event', e) }))} />
            </Form.Item>
          ) : (
            <Form.Item name={['trigger', 'schedule']} label={t('feedback.rules.trigger.cron')} extra={t('feedback.rules.trigger.cronHint')}>
              <Input style={{ maxWidth: 320, fontFamily: 'monospace' }} />
            </Form.Item>
          )}
        </Card>
        <Card title={t('feedback.rules.section.condition')} size="small" style={{ marginBottom: 16 }}>
          <ConditionEditor value={tree} onChange={setTree} facts={vocabulary.facts} errors={errors.condition} />
        </Card>
        <Card title={t('feedback.rules.section.actions')} size="small" style={{ marginBottom: 16 }}>
          <ActionsEditor types={vocabulary.actions} placeholders={vocabulary.placeholders} listError={errors.sections.actions} />
        </Card>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
          <Button onClick={() => preview.mutate()} loading={preview.isPending}>{t('feedback.rules.dryRun.run')}</Button>
          {ruleId !== undefined && <Button onClick={() => runNow.mutate()} loading={runNow.isPending} disabled={dirty || !saved?.enabled}>{t('feedback.rules.runNow')}</Button>}
        </Space>
      </Form>
      {dryRun && <DryRunResult result={dryRun.result} unsaved={dryRun.unsaved} />}
      {ruleId !== undefined && (
        <Card title={t('feedback.rules.section.history')} size="small"><RuleHistory ruleId={ruleId} /></Card>
      )}
    </Space>
  );
}
