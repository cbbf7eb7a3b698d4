import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, List, Select, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { priorities, useLabel, useUsers } from './common';

type Item = Schemas['ListTicketsItem'];
type Response = Schemas['BulkChangeResponse'];

/** What to do with the selected tickets: assign them, set their priority, or close them with a reason; then what happened to each. */
export function BulkBar({ selected, onDone }: { selected: Item[]; onDone: () => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const client = useQueryClient();
  const users = useUsers();
  const [assignee, setAssignee] = useState<string>();
  const [priority, setPriority] = useState<string>();
  const [reason, setReason] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [result, setResult] = useState<{ response: Response; numbers: Record<number, string> } | null>(null);
  const bulk = useMutation({
    mutationFn: (body: { action: string; mode?: 'person'; assignee?: string; priority?: string; reason?: string; tags?: string[] }) =>
      call(api.POST('/api/tickets/bulk', { body: { tickets: selected.map((x) => ({ id: x.id, version: x.version })), ...body } as never })),
    onSuccess: (response) => {
      setResult({ response, numbers: Object.fromEntries(selected.map((x) => [x.id, x.number])) });
      if (response.failed === 0) message.success(t('tickets.bulk.allDone', { n: response.done }));
      client.invalidateQueries({ queryKey: ['tickets'] });
      client.invalidateQueries({ queryKey: ['ticket-views'] });
      onDone();
    },
    onError: (e) => message.error(e.message),
  });
  const failures = result?.response.results.filter((r) => r.outcome !== 'done') ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {selected.length > 0 && (
        <Card size="small">
          <Space wrap>
            <Typography.Text strong>{t('tickets.bulk.selected', { n: selected.length })}</Typography.Text>
            <Select aria-label={t('tickets.bulk.assignTo')} placeholder={t('tickets.bulk.assignTo')} style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }}
              value={assignee} onChange={setAssignee}
              options={(users.data?.items ?? []).filter((u) => u.isActive !== false).map((u) => ({ value: u.userName, label: u.displayName }))} />
            <Button disabled={!assignee} loading={bulk.isPending} onClick={() => bulk.mutate({ action: 'assign', mode: 'person', assignee })}>{t('tickets.bulk.assign')}</Button>
            <Select aria-label={t('tickets.priority')} placeholder={t('tickets.priority')} style={{ width: 120 }} value={priority} onChange={setPriority}
              options={priorities.map((p) => ({ value: p, label: label.of('priority', p) }))} />
            <Button disabled={!priority} loading={bulk.isPending} onClick={() => bulk.mutate({ action: 'setPriority', priority })}>{t('tickets.bulk.setPriority')}</Button>
            <Select mode="tags" aria-label={t('tickets.bulk.tags')} placeholder={t('tickets.bulk.tags')} style={{ width: 180 }} value={tags} onChange={setTags} open={false} tokenSeparators={[',', ';']} />
            <Button disabled={tags.length === 0} loading={bulk.isPending} onClick={() => bulk.mutate({ action: 'addTags', tags })}>{t('tickets.bulk.addTags')}</Button>
            <Input aria-label={t('tickets.bulk.reason')} placeholder={t('tickets.bulk.reason')} style={{ width: 220 }} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button danger disabled={!reason.trim()} loading={bulk.isPending} onClick={() => bulk.mutate({ action: 'close', reason: reason.trim() })}>{t('tickets.bulk.close')}</Button>
          </Space>
        </Card>
      )}
      {result && failures.length > 0 && (
        <Alert type="warning" showIcon closable onClose={() => setResult(null)}
          title={t('tickets.bulk.partly', { done: result.response.done, failed: result.response.failed })}
          description={(
            <List size="small" dataSource={failures} renderItem={(r) => (
              <List.Item>{result.numbers[r.id] ?? `#${r.id}`}: {t(`tickets.bulk.outcome.${r.outcome as 'stale'}`)}{r.detail ? ` — ${r.detail}` : ''}</List.Item>
            )} />
          )} />
      )}
    </Space>
  );
}
