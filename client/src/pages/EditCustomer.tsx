import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { api, ApiError, call, showFieldErrors, type Schemas } from '../api/client';
import { useI18n } from '../i18n';

type Customer = Schemas['CustomerView'];

/** The profile an account manager keeps by hand: name, tier, owner, language, tags and contacts. Sends the version it read. */
export function EditCustomer({ customer, open, onClose }: { customer: Customer; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Schemas['UpdateCustomerRequest']) => call(api.PUT('/api/customers/{id}', { params: { path: { id: customer.id } }, body })),
    onSuccess: () => {
      message.success(t('customers.saved'));
      client.invalidateQueries({ queryKey: ['customer360', customer.id] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        modal.confirm({
          title: t('common.conflict'), okText: t('common.reload'), cancelText: t('common.cancel'),
          onOk: () => { client.invalidateQueries({ queryKey: ['customer360', customer.id] }); onClose(); },
        });
      } else showFieldErrors(form, error);
    },
  });
  const initial = {
    name: customer.name, tier: customer.tier, accountManager: customer.accountManager ?? '', language: customer.language,
    tags: customer.tags, contacts: customer.contacts.length ? customer.contacts : [{ isPrimary: true }],
  };
  return (
    <Drawer title={t('customers.edit')} open={open} onClose={onClose} size="large" destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('common.cancel')}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()}>{t('common.save')}</Button></Space>}>
      <Form form={form} layout="vertical" initialValues={initial}
        onFinish={(v) => save.mutate({
          ...v, accountManager: v.accountManager || null, version: customer.version,
          contacts: (v.contacts ?? []).map((c: Schemas['Contact'], i: number) => ({ ...c, isPrimary: i === 0 })),
        })}>
        <Form.Item name="name" label={t('customers.name')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="tier" label={t('customers.tier')}>
          <Select options={['vip', 'standard', 'prospect'].map((x) => ({ value: x, label: t(`tier.${x as 'vip'}`) }))} />
        </Form.Item>
        <Form.Item name="accountManager" label={t('customers.accountManager')}><Input /></Form.Item>
        <Form.Item name="language" label={t('customers.language')}>
          <Select options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
        </Form.Item>
        <Form.Item name="tags" label={t('customers.tags')}><Select mode="tags" aria-label={t('customers.tags')} /></Form.Item>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} label={t('customers.contactName')}><Input /></Form.Item>
                  <Form.Item name={[f.name, 'email']} label={t('customers.email')} rules={[{ type: 'email' }]}><Input /></Form.Item>
                  <Form.Item name={[f.name, 'phone']} label={t('customers.phone')}><Input /></Form.Item>
                  <Form.Item name={[f.name, 'weChat']} label="WeChat"><Input /></Form.Item>
                  <Button onClick={() => remove(f.name)} aria-label={`${t('customers.removeContact')} ${i + 1}`}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add({ isPrimary: fields.length === 0 })}>{t('customers.addContact')}</Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
