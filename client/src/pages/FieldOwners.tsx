import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { api, call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { ownersBody, ownerFields } from './fieldOwners';

/** Which source system owns which customer field in imports: another source fills it only while it is empty. */
export function FieldOwners({ customKeys }: { customKeys: string[] }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const owners = useQuery({ queryKey: ['field-owners'], queryFn: () => call(api.GET('/api/customers/field-owners')) });
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(() => {
    if (owners.data) setDraft(Object.fromEntries(owners.data.map((o) => [o.field, o.source])));
  }, [owners.data]);
  const save = useMutation({
    mutationFn: () => call(api.PUT('/api/customers/field-owners', { body: ownersBody(draft) })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['field-owners'] }),
  });
  const rows = ownerFields(customKeys).map((field) => ({ field, label: field.startsWith('cf.') ? field : t(`owners.field.${field}` as MessageKey) }));
  return (
    // The inputs wait for the saved owners: typing before they arrive would be overwritten by them.
    <Card title={t('owners.title')} loading={owners.isPending}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('owners.hint')}</Typography.Paragraph>
        {save.isError && <Alert type="error" showIcon title={String((save.error as Error).message)} />}
        {save.isSuccess && <Alert type="success" showIcon role="status" title={t('owners.saved')} />}
        <Table size="small" rowKey="field" pagination={false} dataSource={rows}
          columns={[
            { title: t('owners.fieldColumn'), dataIndex: 'label' },
            {
              title: t('owners.source'), dataIndex: 'field',
              render: (field: string, row: { label: string }) => (
                <Input aria-label={`${t('owners.source')}: ${row.label}`} placeholder={t('owners.anySource')} maxLength={100} style={{ maxWidth: 240 }}
                  value={draft[field] ?? ''} onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))} />
              ),
            },
          ]} />
        <Button type="primary" onClick={() => save.mutate()} loading={save.isPending}>{t('owners.save')}</Button>
      </Space>
    </Card>
  );
}
