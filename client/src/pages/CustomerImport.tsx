import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Typography, Upload } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState } from '../components/States';

type Report = Schemas['ImportReport'];

export default function CustomerImport() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [source, setSource] = useState('crm');
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: async () => call(api.POST('/api/customers/import', {
      params: { query: { source } },
      // The file goes as it is: the server reads CSV (BOM, CRLF, quotes) itself.
      body: (await file!.text()) as unknown as Schemas['ImportCustomersRow'][],
      bodySerializer: (body) => body as unknown as string,
      headers: { 'Content-Type': 'text/csv' },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
  const report: Report | undefined = run.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('import.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>
      <Card>
        <Space wrap>
          <label>
            {t('import.source')}{' '}
            <Input aria-label={t('import.source')} value={source} onChange={(e) => setSource(e.target.value)} style={{ width: 160 }} />
          </label>
          <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)}>
            <Button>{t('import.file')}</Button>
          </Upload>
          <Button type="primary" disabled={!file || !source} loading={run.isPending} onClick={() => run.mutate()}>{t('import.run')}</Button>
        </Space>
      </Card>
      <QueryState isPending={false} error={run.error} retry={() => run.mutate()} />
      {report && (
        <>
          <Alert
            type={report.failed ? 'warning' : 'success'} showIcon role="status"
            title={t('import.result', { total: report.total ?? 0, created: report.created ?? 0, updated: report.updated ?? 0, unchanged: report.unchanged ?? 0, failed: report.failed ?? 0 })}
          />
          {(report.errors?.length ?? 0) > 0 && (
            <Table
              size="small" rowKey={(e) => `${e.row}-${e.field}`} dataSource={report.errors ?? []} pagination={{ pageSize: 50 }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 80 },
                { title: 'externalId', dataIndex: 'externalId', width: 160 },
                { title: t('import.field'), dataIndex: 'field', width: 200 },
                { title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}
