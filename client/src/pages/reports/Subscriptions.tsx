import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { bannerError, showFormErrors } from '../service/errors';
import { roles } from '../service/workflowRules';

type Subscription = Schemas['ReportSubscriptionsSubscription'];

export const subscribedReports = ['nps', 'csat', 'ces', 'service', 'closedLoop', 'complaintRate', 'kpis', 'vocDigest', 'dashboard'] as const;
export const frequencies = ['daily', 'weekly', 'monthly'] as const;
const languages = ['zh-CN', 'en'] as const;

/** /report-subscriptions — who gets which report by e-mail, how often; managers add and remove them. */
export default function Subscriptions() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [adding, setAdding] = useState(false);
  const list = useQuery({ queryKey: ['report-subscriptions'], queryFn: () => call(api.GET('/api/report-subscriptions')) });
  const dashboards = useDashboards();
  const remove = useMutation({
    mutationFn: (id: number) => call(api.DELETE('/api/report-subscriptions/{id}', { params: { path: { id } } })),
    onSuccess: () => message.success(t('subscriptions.removed')),
    onSettled: () => client.invalidateQueries({ queryKey: ['report-subscriptions'] }),
  });
  const manager = can('settings.configure');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('subscriptions.title')}</Typography.Title>
        {manager && <Button type="primary" onClick={() => setAdding(true)}>{t('subscriptions.new')}</Button>}
      </Space>
      <Typography.Paragraph type="secondary">{t('subscriptions.intro')}</Typography.Paragraph>
      <QueryState isPending={list.isPending} error={list.error ?? remove.error} retry={() => { remove.reset(); list.refetch(); }} />
      {list.data && (
        <Table<Subscription> rowKey="id" size="small" pagination={false} dataSource={list.data.items} locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('subscriptions.report'), key: 'report', render: (_, s) => (s.dashboardId == null ? reportLabel(t, s.report)
              : `${t('subscriptions.dashboard')} · ${dashboards.data?.find((d) => d.id === s.dashboardId)?.name ?? `#${s.dashboardId}`}`) },
            { title: t('subscriptions.frequency'), dataIndex: 'frequency', render: (f: string) => t(`subscriptions.frequency.${f as 'daily'}`) },
            { title: t('subscriptions.to'), key: 'to', render: (_, s) => (s.userName ? s.userName : <Tag>{t(`service.role.${s.role as 'agent'}`)}</Tag>) },
            { title: t('subscriptions.timeZone'), dataIndex: 'timeZone' },
            { title: t('subscriptions.language'), dataIndex: 'language', render: (l: string) => t(`subscriptions.language.${l as 'en'}`) },
            { title: t('subscriptions.lastPeriod'), dataIndex: 'lastPeriod', render: (p?: string | null) => p?.replace('/', ' – ') ?? t('subscriptions.never') },
            ...(manager ? [{ title: '', key: 'remove', render: (_: unknown, s: Subscription) => (
              <Popconfirm title={t('subscriptions.removeConfirm')} okText={t('subscriptions.remove')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(s.id)}>
                <Button size="small" danger aria-label={t('subscriptions.removeOf', { id: s.id })}>{t('subscriptions.remove')}</Button>
              </Popconfirm>) }] : []),
          ]} />
      )}
      {adding && <SubscriptionForm onClose={() => setAdding(false)} />}
    </Space>
  );
}

const useDashboards = () => useQuery({ queryKey: ['dashboards'], queryFn: () => call(api.GET('/api/dashboards')) });

function reportLabel(t: ReturnType<typeof useI18n>['t'], report: string) {
  return (subscribedReports as readonly string[]).includes(report) ? t(`subscriptions.report.${report as 'nps'}`) : report;
}

interface Values { report: string; dashboardId?: number; frequency: string; to: 'person' | 'role'; userName?: string; role?: string; timeZone: string; language: string }

function SubscriptionForm({ onClose }: { onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const to = Form.useWatch('to', form) ?? 'person';
  const report = Form.useWatch('report', form) ?? 'nps';
  const dashboards = useDashboards();
  const save = useMutation({
    mutationFn: (v: Values) => call(api.POST('/api/report-subscriptions', { body: {
      report: v.report, dashboardId: v.report === 'dashboard' ? v.dashboardId ?? null : null, frequency: v.frequency, userName: v.to === 'person' ? v.userName?.trim() || null : null,
      role: v.to === 'role' ? v.role ?? null : null, timeZone: v.timeZone.trim() || null, language: v.language,
    } })),
    onSuccess: () => { message.success(t('subscriptions.saved')); client.invalidateQueries({ queryKey: ['report-subscriptions'] }); onClose(); },
    onError: (error) => showFormErrors(form, error),
  });
  const required = [{ required: true, message: t('subscriptions.required') }];
  return (
    <Modal open title={t('subscriptions.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('subscriptions.save')} cancelText={t('common.cancel')}
      confirmLoading={save.isPending} destroyOnHidden>
      <QueryState isPending={false} error={bannerError(save.error)} retry={onClose} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}
        initialValues={{ report: 'nps', frequency: 'weekly', to: 'person', role: 'manager', timeZone: 'Asia/Shanghai', language }}>
        <Form.Item name="report" label={t('subscriptions.report')} rules={required}>
          <Select options={subscribedReports.map((r) => ({ value: r, label: reportLabel(t, r) }))} />
        </Form.Item>
        {report === 'dashboard' && (
          <Form.Item name="dashboardId" label={t('subscriptions.dashboard')} rules={required} extra={t('subscriptions.dashboardHint')}>
            <Select options={(dashboards.data ?? []).map((d) => ({ value: d.id, label: d.name }))} loading={dashboards.isPending} />
          </Form.Item>
        )}
        <Form.Item name="frequency" label={t('subscriptions.frequency')} rules={required}>
          <Select options={frequencies.map((f) => ({ value: f, label: t(`subscriptions.frequency.${f}`) }))} />
        </Form.Item>
        <Form.Item name="to" label={t('subscriptions.to')}>
          <Radio.Group options={[{ value: 'person', label: t('subscriptions.to.person') }, { value: 'role', label: t('subscriptions.to.role') }]} />
        </Form.Item>
        {to === 'person'
          ? <Form.Item name="userName" label={t('subscriptions.userName')} rules={required} extra={t('subscriptions.userNameHint')}><Input autoComplete="off" /></Form.Item>
          : <Form.Item name="role" label={t('subscriptions.role')} rules={required}>
            <Select options={roles.map((r) => ({ value: r, label: t(`service.role.${r}`) }))} />
          </Form.Item>}
        <Form.Item name="timeZone" label={t('subscriptions.timeZone')} rules={required}><Input /></Form.Item>
        <Form.Item name="language" label={t('subscriptions.language')}>
          <Select options={languages.map((l) => ({ value: l, label: t(`subscriptions.language.${l}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
