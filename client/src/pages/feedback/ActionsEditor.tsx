import { AutoComplete, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { lifecycleStatuses } from '../CustomerLifecycle';

const roles = ['agent', 'accountManager', 'manager', 'admin'];

/** Which fields each action type asks for (the server checks the same). */
const fieldsOf: Record<string, string[]> = {
  createTask: ['title', 'description', 'assignee', 'dueInHours'],
  sendEmail: ['to', 'subject', 'body'],
  notify: ['role', 'message'],
  addTag: ['tag'],
  setLifecycleStatus: ['lifecycleStatus'],
  escalate: ['priority', 'role', 'message'],
  webhook: ['url', 'secret'],
};

/** The actions of a rule, as a list inside the rule's form: the server's "actions[1].title" errors land on the field. */
export function ActionsEditor({ types, placeholders, listError }: { types: string[]; placeholders: string[]; listError?: string[] }) {
  const { t } = useI18n();
  return (
    <Form.List name="actions">
      {(items, { add, remove, move }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {items.map((item, i) => (
            <Card key={item.key} size="small" data-testid="rule-action"
              title={t('feedback.rules.action.number', { n: i + 1 })}
              extra={
                <Space size={2}>
                  <Button size="small" type="text" aria-label={t('feedback.rules.cond.up')} disabled={i === 0} onClick={() => move(i, i - 1)}>↑</Button>
                  <Button size="small" type="text" aria-label={t('feedback.rules.cond.down')} disabled={i === items.length - 1} onClick={() => move(i, i + 1)}>↓</Button>
                  <Button size="small" type="text" danger aria-label={t('feedback.rules.action.remove')} onClick={() => remove(i)}>✕</Button>
                </Space>
              }>
              <Form.Item name={[item.name, 'type']} label={t('feedback.rules.action.type')}>
                <Select style={{ maxWidth: 260 }} options={types.map((type) => ({ value: type, label: t(`feedback.rules.action.${type}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.actions?.[item.name]?.type !== b.actions?.[item.name]?.type}>
                {({ getFieldValue }) => (fieldsOf[getFieldValue(['actions', item.name, 'type'])] ?? []).map((field) => (
                  <Form.Item key={field} name={[item.name, field]} label={t(`feedback.rules.action.field.${field}` as MessageKey)}>
                    {field === 'dueInHours' ? <InputNumber min={0} style={{ width: 120 }} />
                      : field === 'role' ? <Select style={{ maxWidth: 260 }} allowClear options={roles.map((r) => ({ value: r, label: t(`feedback.rules.role.${r}` as MessageKey) }))} />
                      : field === 'priority' ? <Select style={{ maxWidth: 260 }} options={['high', 'urgent'].map((p) => ({ value: p, label: t(`feedback.rules.priority.${p}` as MessageKey) }))} />
                      : field === 'lifecycleStatus' ? <Select style={{ maxWidth: 260 }} options={lifecycleStatuses.map((s) => ({ value: s, label: t(`customers.lifecycle.${s}`) }))} />
                      : field === 'to' ? <AutoComplete style={{ maxWidth: 360 }} options={['customer', 'accountManager', 'owner'].map((v) => ({ value: v, label: t(`feedback.rules.to.${v}` as MessageKey) }))} />
                      : field === 'body' || field === 'description' || field === 'message' ? <Input.TextArea rows={3} />
                      : <Input />}
                  </Form.Item>
                ))}
              </Form.Item>
            </Card>
          ))}
          {listError?.map((m) => <Typography.Text key={m} type="danger" role="alert">{m}</Typography.Text>)}
          <Button onClick={() => add({ type: 'createTask', title: '', dueInHours: 24 })}>{t('feedback.rules.action.add')}</Button>
          {placeholders.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('feedback.rules.action.placeholders')} {placeholders.map((p) => `{{${p}}}`).join(' ')}
            </Typography.Text>
          )}
        </Space>
      )}
    </Form.List>
  );
}
