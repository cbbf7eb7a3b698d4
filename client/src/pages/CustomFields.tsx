import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, showFieldErrors, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState } from '../components/States';
import { FieldOwners } from './FieldOwners';

export default function CustomFields() {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const fields = useQuery({ queryKey: ['customer-fields'], queryFn: () => call(api.GET('/api/customer-fields')) });
  const define = useMutation({
    mutationFn: (body: Schemas['DefineCustomFieldRequest']) => call(api.POST('/api/customer-fields', { body })),
    onSuccess: () => { form.resetFields(); client.invalidateQueries({ queryKey: ['customer-fields'] }); },
    onError: (error) => showFieldErrors(form, error),
  });
  const type = Form.useWatch('type', form);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('fields.title')}</Typography.Title>
      <QueryState isPending={fields.isPending} error={fields.error ?? define.error} retry={() => fields.refetch()} />
      <Table size="small" rowKey="key" pagination={false} dataSource={fields.data ?? []}
        columns={[
          { title: t('fields.key'), dataIndex: 'key' },
          { title: t('fields.label'), dataIndex: 'label' },
          { title: t('fields.type'), dataIndex: 'type' },
          { title: t('fields.required'), dataIndex: 'required', render: (r: boolean) => (r ? '✓' : '') },
          { title: t('fields.choices'), dataIndex: 'choices', render: (c: string[] = []) => c.map((x) => <Tag key={x}>{x}</Tag>) },
        ]} />
      <Card title={t('fields.add')}>
        <Form form={form} layout="inline" initialValues={{ type: 'text', required: false }}
          onFinish={(v) => define.mutate({ ...v, choices: v.type === 'choice' ? String(v.choices ?? '').split(',').map((s: string) => s.trim()).filter(Boolean) : [] })}>
          <Form.Item name="key" label={t('fields.key')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="label" label={t('fields.label')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="type" label={t('fields.type')}>
            <Select style={{ width: 110 }} options={['text', 'number', 'date', 'choice'].map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          {type === 'choice' && <Form.Item name="choices" label={t('fields.choices')}><Input /></Form.Item>}
          <Form.Item name="required" valuePropName="checked"><Checkbox>{t('fields.required')}</Checkbox></Form.Item>
          <Button type="primary" htmlType="submit" loading={define.isPending}>{t('fields.add')}</Button>
        </Form>
      </Card>
      <FieldOwners customKeys={(fields.data ?? []).map((f) => f.key)} />
    </Space>
  );
}
