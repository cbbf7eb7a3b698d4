import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Checkbox, Form, Input, Menu, Modal, Popconfirm, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useI18n } from '../../i18n';
import { useLabel } from './common';
import { filterNames, type FilterName } from './queue';

type View = Schemas['TicketViewItem'];

/** A view's filters as the queue's URL parameters; without a status the view counts every ticket, so the queue shows all. */
export function viewParams(view: Pick<View, 'filters'>): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of Object.entries(view.filters)) {
    if (value !== null && value !== undefined && value !== false && (filterNames as readonly string[]).includes(name)) next.set(name, String(value));
  }
  if (!next.has('status')) next.set('status', 'all');
  return next;
}

/** The queue's URL filters as a view's filters ("all" is no status filter). */
export function filtersOf(params: URLSearchParams): Record<string, string | number | boolean> {
  const filters: Record<string, string | number | boolean> = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (!value) continue;
    if (name === 'atRisk' || name === 'breached') { if (value === 'true') filters[name] = true; }
    else if (name === 'customerId') { const n = Number(value); if (Number.isInteger(n) && n > 0) filters[name] = n; }
    else filters[name as FilterName] = value;
  }
  if (!params.has('status')) filters.status = 'active';
  if (filters.status === 'all') delete filters.status;
  return filters;
}

/** The views beside the queue, with live counts: one click applies a view's filters; the current filters can be saved as one. */
export function QueueViews({ params, onApply }: { params: URLSearchParams; onApply: (next: URLSearchParams) => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const views = useQuery({ queryKey: ['ticket-views'], queryFn: () => call(api.GET('/api/ticket-views')), refetchInterval: 60_000 });
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const create = useMutation({
    mutationFn: (v: { name: string; shared?: boolean }) =>
      call(api.POST('/api/ticket-views', { body: { name: v.name, shared: !!v.shared, filters: filtersOf(params) as never } })),
    onSuccess: (view) => { message.success(t('tickets.views.saved', { name: view.name })); setSaving(false); form.resetFields(); client.invalidateQueries({ queryKey: ['ticket-views'] }); },
    onError: (e) => message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: number) => call(api.DELETE('/api/ticket-views/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ticket-views'] }),
    onError: (e) => message.error(e.message),
  });
  const current = viewParams({ filters: filtersOf(params) as never }).toString();
  const selected = (views.data ?? []).filter((v) => viewParams(v).toString() === current).map((v) => String(v.id));
  return (
    <Card size="small" title={t('tickets.views.title')} extra={<Button size="small" onClick={() => setSaving(true)}>{t('tickets.views.save')}</Button>}>
      <Menu
        mode="inline" selectedKeys={selected} style={{ borderInlineEnd: 'none' }} aria-label={t('tickets.views.title')}
        items={(views.data ?? []).map((v) => ({
          key: String(v.id),
          onClick: () => onApply(viewParams(v)),
          label: (
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text ellipsis style={{ maxWidth: 150 }}>{label.name(v.name)}</Typography.Text>
              <Space size={4}>
                <Badge count={v.count} showZero overflowCount={9999} color={v.count ? '#1677ff' : '#bfbfbf'} aria-label={t('tickets.views.count', { n: v.count })} />
                {(!v.shared || can('settings.configure')) && v.owner !== 'system' && (
                  <Popconfirm title={t('tickets.views.deleteConfirm')} onConfirm={(e) => { e?.stopPropagation(); remove.mutate(v.id); }} onCancel={(e) => e?.stopPropagation()}>
                    <Button size="small" type="text" aria-label={t('tickets.views.delete', { name: v.name })} onClick={(e) => e.stopPropagation()}>×</Button>
                  </Popconfirm>
                )}
              </Space>
            </Space>
          ),
        }))}
      />
      <Modal open={saving} title={t('tickets.views.save')} onCancel={() => setSaving(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('tickets.views.name')} rules={[{ required: true, whitespace: true, message: t('tickets.required', { field: t('tickets.views.name') }) }]}>
            <Input maxLength={100} />
          </Form.Item>
          {can('settings.configure') && <Form.Item name="shared" valuePropName="checked"><Checkbox>{t('tickets.views.shared')}</Checkbox></Form.Item>}
          <Typography.Text type="secondary">{t('tickets.views.saveHelp')}</Typography.Text>
        </Form>
      </Modal>
    </Card>
  );
}
