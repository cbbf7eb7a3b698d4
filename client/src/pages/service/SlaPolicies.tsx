import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { formatMinutes, joinMinutes, splitMinutes } from './businessTime';
import { bannerError, showFormErrors } from './errors';
import { priorities } from './TicketTypes';
import { stageLabel } from './workflowRules';

type Policy = Schemas['SlaPolicyView'];
const tiers = ['vip', 'standard', 'prospect'] as const;
const whens = ['atRisk', 'breached'] as const;
const targets = ['firstResponse', 'resolution', 'stage'] as const;
const actions = ['notify', 'reassignToSupervisor', 'reassignToTeamLead', 'raisePriority'] as const;
// Minutes are edited as hours and minutes: a server error on the minutes stands under the hours.
const rename = { firstResponseMinutes: 'firstResponseHours', resolutionMinutes: 'resolutionHours', atRiskShare: 'atRiskPercent' };

/** SLA policies: which tickets they cover, their targets in business time, and how they escalate. */
export default function SlaPolicies() {
  const { t, language } = useI18n();
  const policies = useQuery({ queryKey: ['sla-policies'], queryFn: () => call(api.GET('/api/sla-policies')) });
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => call(api.GET('/api/ticket-types')) });
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: () => call(api.GET('/api/calendars')) });
  const [editing, setEditing] = useState<{ policy?: Policy } | null>(null);
  const units = { h: t('service.sla.h'), min: t('service.sla.min') };
  const list = policies.data?.items ?? [];
  const typeName = (code?: string | null) => (code ? stageLabel(types.data?.items.find((x) => x.code === code)?.name ?? code, language) : t('service.sla.anyType'));
  const calendarName = (id?: number | null) => (id ? calendars.data?.items.find((c) => c.id === id)?.name ?? `#${id}` : t('service.sla.defaultCalendar'));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('service.sla.title')}</Typography.Title>
      <Alert type="info" showIcon title={<>{t('service.sla.stageNote')} <Link to="/settings/workflows">{t('service.nav.workflows')}</Link></>} />
      <Card title={t('service.sla.list')} extra={<Button type="primary" onClick={() => setEditing({})}>{t('service.sla.new')}</Button>}>
        <QueryState isPending={policies.isPending} error={policies.error} retry={() => policies.refetch()} />
        {policies.isSuccess && list.length === 0 ? <Nothing /> : policies.isSuccess && (
          <Table size="small" rowKey="id" pagination={false} dataSource={list} scroll={{ x: 900 }}
            columns={[
              { title: t('service.sla.name'), dataIndex: 'name', render: (n: string, p) => <>{n} {!p.isActive && <Tag>{t('service.sla.inactive')}</Tag>}</> },
              { title: t('service.sla.type'), dataIndex: 'typeCode', render: typeName },
              { title: t('service.sla.priority'), dataIndex: 'priority', render: (p?: string) => (p ? t(`service.priority.${p as 'low'}`) : t('service.sla.any')) },
              { title: t('service.sla.tier'), dataIndex: 'tier', render: (x?: string) => (x ? t(`service.tier.${x as 'vip'}`) : t('service.sla.any')) },
              { title: t('service.sla.firstResponse'), dataIndex: 'firstResponseMinutes', render: (m: number) => formatMinutes(m, units) },
              { title: t('service.sla.resolution'), dataIndex: 'resolutionMinutes', render: (m: number) => formatMinutes(m, units) },
              { title: t('service.sla.atRisk'), dataIndex: 'atRiskShare', render: (s: number) => `${Math.round(s * 100)}%` },
              { title: t('service.sla.escalation'), render: (_, p) => p.escalation.map((e, i) => <Tag key={i}>{t(`service.sla.when.${e.when as 'atRisk'}`)} · {e.target ? t(`service.sla.target.${e.target}`) : t('service.sla.anyTarget')} → {t(`service.sla.action.${e.action as 'notify'}`)}</Tag>) },
              { title: t('service.sla.calendar'), dataIndex: 'calendarId', render: calendarName },
              { title: '', render: (_, p) => <Button size="small" aria-label={t('service.sla.editOf', { name: p.name })} onClick={() => setEditing({ policy: p })}>{t('service.edit')}</Button> },
            ]} />
        )}
      </Card>
      {editing && (
        <PolicyForm policy={editing.policy} onClose={() => setEditing(null)}
          typeOptions={[{ value: '', label: t('service.sla.anyType') }, ...(types.data?.items ?? []).map((x) => ({ value: x.code, label: `${x.code} · ${stageLabel(x.name, language)}` }))]}
          calendarOptions={[{ value: 0, label: t('service.sla.defaultCalendar') }, ...(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]} />
      )}
    </Space>
  );
}

interface Values {
  name: string; typeCode: string; priority: Schemas['TicketPriority'] | ''; tier: Schemas['CustomerTier'] | ''; calendarId: number; isActive: boolean;
  firstResponseHours: number; firstResponseMins: number; resolutionHours: number; resolutionMins: number; atRiskPercent: number | null;
  escalation?: Schemas['EscalationStep'][];
}

function PolicyForm({ policy, onClose, typeOptions, calendarOptions }: {
  policy?: Policy; onClose: () => void; typeOptions: { value: string; label: string }[]; calendarOptions: { value: number; label: string }[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const fr = splitMinutes(policy?.firstResponseMinutes ?? 240);
  const res = splitMinutes(policy?.resolutionMinutes ?? 1440);
  const save = useMutation({
    mutationFn: (body: Schemas['CreateSlaPolicyRequest']) => policy
      ? call(api.PUT('/api/sla-policies/{id}', { params: { path: { id: policy.id } }, body: { ...body, version: policy.version } }))
      : call(api.POST('/api/sla-policies', { body })),
    onSuccess: () => { message.success(t('service.sla.saved')); client.invalidateQueries({ queryKey: ['sla-policies'] }); onClose(); },
    onError: (error) => showFormErrors(form, error, rename),
  });
  const submit = (v: Values) => save.mutate({
    // An empty choice means "any": the server reads a missing priority, tier or target as matching all.
    name: v.name, typeCode: v.typeCode || null, priority: v.priority || undefined, tier: v.tier || undefined, calendarId: v.calendarId || null, isActive: v.isActive,
    firstResponseMinutes: joinMinutes(v.firstResponseHours, v.firstResponseMins),
    resolutionMinutes: joinMinutes(v.resolutionHours, v.resolutionMins),
    atRiskShare: v.atRiskPercent == null ? null : v.atRiskPercent / 100,
    escalation: (v.escalation ?? []).map((e) => ({ ...e, target: e.target || undefined, assignTo: e.action?.startsWith('reassign') ? e.assignTo || null : null })),
  });
  const action = Form.useWatch('escalation', form) as Schemas['EscalationStep'][] | undefined;
  return (
    <Modal open width={820} title={policy ? t('service.sla.editOf', { name: policy.name }) : t('service.sla.new')} onCancel={onClose}
      onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      <QueryState isPending={false} error={bannerError(save.error)} retry={onClose} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{
        name: policy?.name, typeCode: policy?.typeCode ?? '', priority: policy ? policy.priority ?? '' : 'normal', tier: policy ? policy.tier ?? '' : 'standard',
        calendarId: policy?.calendarId ?? 0, isActive: policy?.isActive ?? true,
        firstResponseHours: fr.hours, firstResponseMins: fr.minutes, resolutionHours: res.hours, resolutionMins: res.minutes,
        atRiskPercent: Math.round((policy?.atRiskShare ?? 0.8) * 100), escalation: (policy?.escalation ?? []).map((e) => ({ ...e, target: e.target ?? '' })),
      }}>
        <Form.Item name="name" label={t('service.sla.name')} rules={[{ required: true, message: t('service.required') }]}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="typeCode" label={t('service.sla.type')}><Select style={{ width: 200 }} options={typeOptions} /></Form.Item>
          <Form.Item name="priority" label={t('service.sla.priority')}><Select style={{ width: 120 }} options={[{ value: '', label: t('service.sla.any') }, ...priorities.map((p) => ({ value: p, label: t(`service.priority.${p}`) }))]} /></Form.Item>
          <Form.Item name="tier" label={t('service.sla.tier')}><Select style={{ width: 120 }} options={[{ value: '', label: t('service.sla.any') }, ...tiers.map((x) => ({ value: x, label: t(`service.tier.${x}`) }))]} /></Form.Item>
          <Form.Item name="calendarId" label={t('service.sla.calendar')}><Select style={{ width: 180 }} options={calendarOptions} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="firstResponseHours" label={t('service.sla.firstResponseHours')}><InputNumber min={0} /></Form.Item>
          <Form.Item name="firstResponseMins" label={t('service.sla.firstResponseMins')}><InputNumber min={0} max={59} /></Form.Item>
          <Form.Item name="resolutionHours" label={t('service.sla.resolutionHours')}><InputNumber min={0} /></Form.Item>
          <Form.Item name="resolutionMins" label={t('service.sla.resolutionMins')}><InputNumber min={0} max={59} /></Form.Item>
          <Form.Item name="atRiskPercent" label={t('service.sla.atRiskPercent')}><InputNumber min={1} max={99} suffix="%" /></Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('service.sla.businessTime')}</Typography.Paragraph>
        <Typography.Title level={5}>{t('service.sla.escalation')}</Typography.Title>
        <Form.List name="escalation">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'when']} label={t('service.sla.stepWhen')}><Select aria-label={t('service.sla.stepWhenOf', { n: i + 1 })} style={{ width: 130 }} options={whens.map((w) => ({ value: w, label: t(`service.sla.when.${w}`) }))} /></Form.Item>
                  <Form.Item name={[f.name, 'target']} label={t('service.sla.stepTarget')}><Select aria-label={t('service.sla.stepTargetOf', { n: i + 1 })} style={{ width: 130 }} options={[{ value: '', label: t('service.sla.anyTarget') }, ...targets.map((x) => ({ value: x, label: t(`service.sla.target.${x}`) }))]} /></Form.Item>
                  <Form.Item name={[f.name, 'action']} label={t('service.sla.stepAction')}><Select aria-label={t('service.sla.stepActionOf', { n: i + 1 })} style={{ width: 190 }} options={actions.map((x) => ({ value: x, label: t(`service.sla.action.${x}`) }))} /></Form.Item>
                  {(action?.[i]?.action === 'reassignToSupervisor' || action?.[i]?.action === 'reassignToTeamLead') && (
                    <Form.Item name={[f.name, 'assignTo']} label={t('service.sla.assignTo')}><Input style={{ width: 140 }} placeholder={t('service.sla.assignToHint')} /></Form.Item>
                  )}
                  <Form.Item label=" "><Button danger aria-label={t('service.sla.removeStepOf', { n: i + 1 })} onClick={() => remove(f.name)}>{t('service.remove')}</Button></Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({ when: 'atRisk', target: 'resolution', action: 'notify' })}>{t('service.sla.addStep')}</Button>
            </Space>
          )}
        </Form.List>
        <Form.Item name="isActive" valuePropName="checked" style={{ marginTop: 12 }}><Checkbox>{t('service.sla.active')}</Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}
