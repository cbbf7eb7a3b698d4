import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { useNamed } from './labels';
import { useDateTime } from './format';

type Rule = Schemas['RuleView'];

/** /rules — proactive-service rules: enabled state, owner, trigger; new ones from a template or from scratch. */
export default function Rules() {
  const { t } = useI18n();
  const named = useNamed();
  const when = useDateTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [enabled, setEnabled] = useState<boolean | undefined>();
  const [choosing, setChoosing] = useState(false);
  const rules = useQuery({
    queryKey: ['rules', page, enabled],
    queryFn: () => call(api.GET('/api/rules', { params: { query: { page, pageSize: 20, enabled } } })),
  });
  const templates = useQuery({ queryKey: ['rule-templates'], queryFn: () => call(api.GET('/api/rule-templates')), enabled: choosing });
  const fromTemplate = useMutation({
    mutationFn: (key: string) => call(api.POST('/api/rule-templates/{key}/rules', { params: { path: { key } }, body: { enabled: false } })),
    onSuccess: (rule) => { client.invalidateQueries({ queryKey: ['rules'] }); navigate(`/rules/${rule.id}`); },
  });
  const toggle = useMutation({
    mutationFn: (rule: Rule) => call(api.PUT('/api/rules/{id}', {
      params: { path: { id: rule.id } },
      body: {
        name: rule.name, description: rule.description, owner: rule.owner, trigger: rule.trigger, condition: rule.condition,
        actions: rule.actions, cooldownDays: rule.cooldownDays, enabled: !rule.enabled, version: rule.version,
      },
    })),
    onSuccess: (rule) => {
      message.success(rule.enabled ? t('feedback.rules.nowEnabled', { name: rule.name }) : t('feedback.rules.nowDisabled', { name: rule.name }));
      client.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const trigger = (r: Rule) => (r.trigger.event ? `${t('feedback.rules.trigger.event')}: ${named('feedback.rules.event', r.trigger.event)}` : `${t('feedback.rules.trigger.schedule')}: ${r.trigger.schedule ?? ''}`);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('feedback.rules.title')}</Typography.Title>
        <Space wrap>
          <Select aria-label={t('feedback.rules.filterEnabled')} style={{ width: 140 }} value={enabled === undefined ? 'all' : String(enabled)}
            onChange={(v) => { setPage(1); setEnabled(v === 'all' ? undefined : v === 'true'); }}
            options={[{ value: 'all', label: t('common.all') }, { value: 'true', label: t('feedback.rules.enabled') }, { value: 'false', label: t('feedback.rules.disabled') }]} />
          <Button type="primary" onClick={() => setChoosing(true)}>{t('feedback.rules.fromTemplate')}</Button>
          <Button onClick={() => navigate('/rules/new')}>{t('feedback.rules.fromScratch')}</Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('feedback.rules.intro')}</Typography.Paragraph>
      <QueryState isPending={rules.isPending} error={rules.error ?? toggle.error} retry={() => { toggle.reset(); rules.refetch(); }} />
      {rules.data && (rules.data.items.length ? (
        <Table size="middle" rowKey="id" dataSource={rules.data.items}
          pagination={{ current: page, pageSize: 20, total: rules.data.total, onChange: setPage }}
          columns={[
            { title: t('feedback.rules.name'), dataIndex: 'name', render: (name: string, r) => <Link to={`/rules/${r.id}`}>{name}</Link> },
            {
              title: t('feedback.rules.enabledLabel'), dataIndex: 'enabled',
              render: (on: boolean, r) => (
                <Switch checked={on} aria-label={t('feedback.rules.toggle', { name: r.name })} loading={toggle.isPending && toggle.variables.id === r.id}
                  onChange={() => toggle.mutate(r)} />
              ),
            },
            { title: t('feedback.rules.owner'), dataIndex: 'owner', render: (o: string | null) => o ?? '—' },
            { title: t('feedback.rules.triggerKind'), key: 'trigger', render: (_: unknown, r) => trigger(r) },
            { title: t('feedback.rules.cooldownDays'), dataIndex: 'cooldownDays' },
            { title: t('feedback.rules.nextRun'), dataIndex: 'nextRunAt', render: when },
            { title: t('feedback.rules.template'), dataIndex: 'templateKey', render: (k: string | null) => (k ? <Tag>{named('feedback.rules.template', k)}</Tag> : '—') },
          ]} />
      ) : <Nothing />)}
      <Modal open={choosing} title={t('feedback.rules.chooseTemplate')} footer={null} onCancel={() => setChoosing(false)} width={720}>
        <QueryState isPending={templates.isPending} error={templates.error ?? fromTemplate.error} retry={() => templates.refetch()} />
        {templates.data && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {templates.data.map((tpl) => (
              <Card key={tpl.key} size="small" title={named('feedback.rules.template', tpl.key, tpl.name)}
                extra={
                  <Button type="primary" loading={fromTemplate.isPending && fromTemplate.variables === tpl.key}
                    aria-label={t('feedback.rules.useTemplate', { name: named('feedback.rules.template', tpl.key, tpl.name) })}
                    onClick={() => fromTemplate.mutate(tpl.key)}>{t('feedback.rules.use')}</Button>
                }>
                <Typography.Text type="secondary">{named('feedback.rules.templateDescription', tpl.key, tpl.description)}</Typography.Text>
              </Card>
            ))}
          </Space>
        )}
      </Modal>
    </Space>
  );
}
