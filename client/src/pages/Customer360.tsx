import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Progress, Row, Select, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState, Nothing } from '../components/States';
import { TierTag } from '../components/TierTag';
import { timelineOf } from './timeline';
import { EditCustomer } from './EditCustomer';
import { CustomerActions } from './CustomerActions';
import { CustomerHistory } from './CustomerHistory';
import { CustomerLifecycle } from './CustomerLifecycle';
import { useCan } from '../api/permissions';

type Ticket = Schemas['CustomerOverviewTicketItem'];
const bandColour: Record<string, string> = { healthy: '#15803d', watch: '#b45309', atRisk: '#b91c1c' };

export default function Customer360() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const view = useQuery({
    queryKey: ['customer360', id],
    queryFn: () => call(api.GET('/api/customers/{id}/360', { params: { path: { id } } })),
  });
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const can = useCan();
  if (!view.data) return <QueryState isPending={view.isPending} error={view.error} retry={() => view.refetch()} />;
  const v = view.data;
  const p = v.profile;
  const health = v.health;
  const band = health.band;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{p.name}</Typography.Title>
        <TierTag tier={p.tier} />
        <CustomerLifecycle customer={p} />
        {p.accountManager && <Tag>{t('customers.accountManager')}: {p.accountManager}</Tag>}
        {p.tags.map((tag) => <Tag key={tag} color="geekblue">{tag}</Tag>)}
        {!p.erased && can('customers.profile', p.accountManager ?? null) && <Button onClick={() => setEditing(true)}>{t('customers.edit')}</Button>}
        {/* A link (it opens a page), drawn as the page's main button. */}
        {!p.erased && (
          <Button type="primary" href={`/tickets/new?customerId=${id}`}
            onClick={(e) => { e.preventDefault(); navigate(`/tickets/new?customerId=${id}`); }}>{t('tickets.new')}</Button>
        )}
        <CustomerActions customer={p} />
      </Space>
      {editing && <EditCustomer customer={p} open={editing} onClose={() => setEditing(false)} />}
      {p.erased && <Alert type="info" showIcon title={t('c360.erased')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('c360.health')}>
            <Space align="start">
              <Progress type="circle" percent={health.score} format={(n) => n} strokeColor={bandColour[band]} size={96}
                aria-label={`${t('c360.health')} ${health.score}`} />
              <div>
                <Typography.Text strong style={{ color: bandColour[band] }}>{t(`c360.band.${band as 'healthy' | 'watch' | 'atRisk'}`)}</Typography.Text>
                <ul style={{ paddingLeft: 18, margin: '8px 0 0' }}>{health.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
              </div>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('c360.scores')}>
            {v.scores.nps || v.scores.csat || v.scores.ces ? (
              <Space size="large">
                {v.scores.nps && <Statistic title="NPS" value={v.scores.nps.score} suffix="/10" />}
                {v.scores.csat && <Statistic title="CSAT" value={v.scores.csat.score} suffix="/5" />}
                {v.scores.ces && <Statistic title="CES" value={v.scores.ces.score} suffix="/7" />}
              </Space>
            ) : <Typography.Text type="secondary">{t('c360.noScores')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('c360.contacts')}>
            <List size="small" dataSource={p.contacts} locale={{ emptyText: <Nothing /> }}
              renderItem={(c) => <List.Item>{[c.name, c.role, c.phone, c.email, c.weChat && `WeChat ${c.weChat}`].filter(Boolean).join(' · ')}</List.Item>} />
            {Object.keys(p.customFields).length > 0 && (
              <Descriptions size="small" column={1} title={t('c360.customFields')} style={{ marginTop: 12 }}
                items={Object.entries(p.customFields).map(([key, value]) => ({ key, label: key, children: String(value) }))} />
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('c360.openTickets')}><Tickets tickets={v.openTickets} /></Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('c360.openTasks')}><Tickets tickets={v.openTasks} /></Card>
        </Col>
      </Row>
      <Card title={t('c360.contracts')}>
        <Table size="small" rowKey="id" pagination={false} dataSource={v.contracts} locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('c360.number'), dataIndex: 'number' },
            { title: t('c360.period'), render: (_, k) => `${k.startsOn} → ${k.endsOn}` },
            { title: t('c360.value'), dataIndex: 'value', align: 'right' },
            { title: t('c360.status'), dataIndex: 'status' },
          ]} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('c360.assets')}>
            <Table size="small" rowKey="id" pagination={false} dataSource={v.assets} locale={{ emptyText: <Nothing /> }}
              columns={[
                { title: t('c360.model'), dataIndex: 'model' },
                { title: t('c360.serial'), dataIndex: 'serialNumber' },
                { title: t('c360.nextMaintenance'), dataIndex: 'nextMaintenanceOn' },
              ]} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('c360.orders')}>
            <Typography.Paragraph>
              {t('c360.ordersSummary', { count: v.orders.count, total: v.orders.total, last: v.orders.lastOrderedOn ?? '—' })}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card title={t('c360.timeline')} extra={p.erased ? null : <RecordInteraction id={id} />}>
        {timelineOf(v).length === 0 ? <Nothing /> : (
          <Timeline items={timelineOf(v).map((e, i) => ({
            key: i, color: e.kind === 'interaction' ? 'blue' : e.kind === 'resolved' ? 'green' : 'orange',
            content: <><Typography.Text type="secondary">{new Date(e.at).toLocaleString()}</Typography.Text> <b>{e.title}</b><div>{e.detail}</div></>,
          }))} />
        )}
      </Card>
      <CustomerHistory id={id} />
    </Space>
  );
}

function Tickets({ tickets }: { tickets: Ticket[] }) {
  if (tickets.length === 0) return <Nothing />;
  return (
    <List size="small" dataSource={tickets} renderItem={(k) => (
      <List.Item>
        <Space>
          <b>{k.number}</b> {k.subject} <Tag>{k.stage}</Tag> {k.breached && <Tag color="red">SLA</Tag>}
          {k.assignee && <Typography.Text type="secondary">{k.assignee}</Typography.Text>}
        </Space>
      </List.Item>
    )} />
  );
}

function RecordInteraction({ id }: { id: number }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const record = useMutation({
    mutationFn: (body: Schemas['RecordInteractionRequest']) => call(api.POST('/api/customers/{id}/interactions', { params: { path: { id } }, body })),
    onSuccess: () => { form.resetFields(); client.invalidateQueries({ queryKey: ['customer360', id] }); },
  });
  return (
    <Form form={form} layout="inline" onFinish={(values) => record.mutate(values)} initialValues={{ channel: 'call', direction: 'inbound' }}>
      <Form.Item name="channel" label={t('c360.channel')}>
        <Select style={{ width: 100 }} options={['call', 'email', 'chat', 'visit', 'weChat'].map((c) => ({ value: c, label: c }))} />
      </Form.Item>
      <Form.Item name="direction" label={t('c360.direction')}>
        <Select style={{ width: 110 }} options={['inbound', 'outbound'].map((d) => ({ value: d, label: d }))} />
      </Form.Item>
      <Form.Item name="summary" label={t('c360.summary')} rules={[{ required: true }]}><Input style={{ width: 240 }} /></Form.Item>
      <Button htmlType="submit" loading={record.isPending}>{t('c360.recordInteraction')}</Button>
    </Form>
  );
}
