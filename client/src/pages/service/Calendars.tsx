import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { CalendarEditor } from './CalendarEditor';

/** Business calendars: the working time SLA targets are counted in. */
export default function Calendars() {
  const { t } = useI18n();
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: () => call(api.GET('/api/calendars')) });
  const [editing, setEditing] = useState<{ calendar?: Schemas['CalendarView'] } | null>(null);
  const list = calendars.data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('service.cal.title')}</Typography.Title>
      <Card title={t('service.cal.list')} extra={<Button type="primary" onClick={() => setEditing({})}>{t('service.cal.new')}</Button>}>
        <QueryState isPending={calendars.isPending} error={calendars.error} retry={() => calendars.refetch()} />
        {calendars.isSuccess && list.length === 0 ? <Nothing /> : calendars.isSuccess && (
          <Table size="small" rowKey="id" pagination={false} dataSource={list}
            columns={[
              { title: t('service.cal.name'), dataIndex: 'name', render: (n: string, c) => <>{n} {c.isDefault && <Tag color="blue">{t('service.cal.default')}</Tag>}</> },
              { title: t('service.cal.timeZone'), dataIndex: 'timeZone' },
              { title: t('service.cal.holidays'), render: (_, c) => c.holidays.length },
              { title: t('service.cal.makeUpDays'), render: (_, c) => c.makeUpDays.length },
              { title: '', render: (_, c) => <Button size="small" aria-label={t('service.cal.editOf', { name: c.name })} onClick={() => setEditing({ calendar: c })}>{t('service.edit')}</Button> },
            ]} />
        )}
      </Card>
      {editing && <CalendarEditor key={editing.calendar?.id ?? 'new'} calendar={editing.calendar} onDone={(saved) => setEditing(saved ? { calendar: saved } : null)} />}
    </Space>
  );
}
