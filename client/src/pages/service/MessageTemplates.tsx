import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { api, call, showFieldErrors, type Schemas } from '../../api/client';
import { catalogs, useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { CustomerPicker } from '../tickets/common';

type Template = Schemas['MessageTemplateView'];
type Text = Schemas['MessageTemplateText'];

/** Every kind of message Csm sends, its subject and body in both languages, edited with placeholders and previewed with a real customer. Managers. */
export default function MessageTemplates() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ['message-templates'], queryFn: () => call(api.GET('/api/message-templates')) });
  const [kind, setKind] = useState<string | undefined>(undefined);
  const items = list.data?.items ?? [];
  const chosen = items.find((i) => i.kind === kind) ?? items[0];
  const kindLabel = (k: string) => (`templates.kind.${k}` in catalogs.en ? t(`templates.kind.${k}` as MessageKey) : k);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('templates.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('templates.intro')}</Typography.Paragraph>
      <QueryState isPending={list.isPending} error={list.error} retry={() => list.refetch()} />
      {chosen && (
        <Card>
          <Space style={{ marginBottom: 12 }}>
            <Select aria-label={t('templates.kind')} style={{ width: 260 }} value={chosen.kind} onChange={setKind}
              options={items.map((i) => ({ value: i.kind, label: kindLabel(i.kind) }))} />
          </Space>
          <Tabs key={chosen.kind} items={chosen.texts.map((text) => ({
            key: text.language,
            label: t(`templates.lang.${text.language}` as MessageKey),
            children: <Editor template={chosen} text={text} />,
          }))} />
        </Card>
      )}
    </Space>
  );
}

function Editor({ template, text }: { template: Template; text: Text }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [customerId, setCustomerId] = useState<number | undefined>(undefined);
  const [preview, setPreview] = useState<{ subject: string; body: string } | null>(null);
  useEffect(() => { form.setFieldsValue({ subject: text.subject, body: text.body }); }, [form, text.subject, text.body]);
  const path = { kind: template.kind, language: text.language };
  const saved = (updated: Template, note: MessageKey) => {
    client.setQueryData(['message-templates'], (old: { items: Template[] } | undefined) =>
      old && { ...old, items: old.items.map((i) => (i.kind === updated.kind ? updated : i)) });
    message.success(t(note));
  };
  const save = useMutation({
    mutationFn: (values: { subject: string; body: string }) =>
      call(api.PUT('/api/message-templates/{kind}/{language}', { params: { path }, body: { ...values, version: text.version } })),
    onSuccess: (updated) => saved(updated, 'templates.saved'),
    onError: (error) => showFieldErrors(form, error),
  });
  const reset = useMutation({
    mutationFn: () => call(api.DELETE('/api/message-templates/{kind}/{language}', { params: { path } })),
    onSuccess: (updated) => saved(updated, 'templates.wasReset'),
  });
  const show = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/message-templates/{kind}/{language}/preview', {
      params: { path }, body: { customerId: id, ...form.getFieldsValue() },
    })),
    onSuccess: setPreview,
    onError: (error) => showFieldErrors(form, error),
  });
  const insert = (placeholder: string) => form.setFieldValue('body', `${form.getFieldValue('body') ?? ''}{{${placeholder}}}`);

  return (
    <Row gutter={24}>
      <Col xs={24} lg={14}>
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} requiredMark={false}>
          <Form.Item name="subject" label={t('templates.subject')} rules={[{ required: true }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="body" label={t('templates.body')} rules={[{ required: true }]}>
            <Input.TextArea rows={10} maxLength={20000} />
          </Form.Item>
          <Typography.Text type="secondary">{t('templates.placeholders')}</Typography.Text>
          <div style={{ margin: '6px 0 16px' }}>
            {template.placeholders.map((p) => (
              <Tag key={p} style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => insert(p)}>{`{{${p}}}`}</Tag>
            ))}
          </div>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={save.isPending}>{t('templates.save')}</Button>
            {text.edited && (
              <Popconfirm title={t('templates.resetConfirm')} okText={t('templates.reset')} cancelText={t('common.cancel')} onConfirm={() => reset.mutateAsync()}>
                <Button loading={reset.isPending}>{t('templates.reset')}</Button>
              </Popconfirm>
            )}
            <Typography.Text type="secondary">
              {text.edited
                ? t('templates.edited', { who: text.updatedBy ?? '', when: text.updatedAt ? new Date(text.updatedAt).toLocaleString(language) : '' })
                : t('templates.default')}
            </Typography.Text>
          </Space>
        </Form>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('templates.preview')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <CustomerPicker value={customerId} onChange={setCustomerId} style={{ width: '100%' }} />
            <Button disabled={!customerId} loading={show.isPending} onClick={() => customerId && show.mutate(customerId)}>{t('templates.previewFor')}</Button>
            {preview ? (
              <div aria-label={t('templates.preview')} role="region">
                <Typography.Text strong>{preview.subject}</Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{preview.body}</Typography.Paragraph>
              </div>
            ) : <Typography.Text type="secondary">{t('templates.previewHint')}</Typography.Text>}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
