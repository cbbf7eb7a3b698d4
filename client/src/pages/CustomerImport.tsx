import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Typography, Upload } from 'antd';
import { guess, isNative, parseCsv, remap, targets, type Source, type Target } from './csv';
import { api, call, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState } from '../components/States';

type Report = Schemas['ImportReport'];

export default function CustomerImport() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [source, setSource] = useState('crm');
  const [file, setFile] = useState<File | null>(null);
  // A file in Csm's own columns goes as it is; another file's columns are mapped here first.
  const [rows, setRows] = useState<string[][] | null>(null);
  const [map, setMap] = useState<Partial<Record<Target, Source>>>({});
  const choose = async (f: File) => {
    setFile(f);
    const parsed = parseCsv(await f.text());
    const native = parsed.length > 0 && isNative(parsed[0]);
    setRows(native ? null : parsed);
    setMap(native ? {} : guess(parsed[0] ?? []));
  };
  const mapped = !rows || ['externalId', 'name', 'tier'].every((t) => map[t as Target] !== undefined);
  const run = useMutation({
    mutationFn: async () => call(api.POST('/api/customers/import', {
      params: { query: { source } },
      // The server reads CSV (BOM, CRLF, quotes) itself; a mapped file is rewritten in Csm's columns.
      body: (rows ? remap(rows, map) : await file!.text()) as unknown as Schemas['ImportCustomersRow'][],
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
          <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={(f) => { void choose(f); return false; }}
            onRemove={() => { setFile(null); setRows(null); }}>
            <Button>{t('import.file')}</Button>
          </Upload>
          <Button type="primary" disabled={!file || !source || !mapped} loading={run.isPending} onClick={() => run.mutate()}>{t('import.run')}</Button>
        </Space>
      </Card>
      {rows && rows.length > 0 && <ColumnMap header={rows[0]} map={map} onChange={setMap} />}
      <QueryState isPending={false} error={run.error} retry={() => run.mutate()} />
      {report && (
        <>
          <Alert
            type={report.failed ? 'warning' : 'success'} showIcon role="status"
            title={t('import.result', { total: report.total, created: report.created, updated: report.updated, unchanged: report.unchanged, failed: report.failed })}
            description={report.kept > 0 ? t('import.kept', { kept: report.kept }) : undefined}
          />
          {report.errors.length > 0 && (
            <Table
              size="small" rowKey={(e) => `${e.row}-${e.field}`} dataSource={report.errors} pagination={{ pageSize: 50 }}
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

/** Which column of the file fills each of Csm's columns, or one value for all rows (e.g. a tier). */
function ColumnMap({ header, map, onChange }: { header: string[]; map: Partial<Record<Target, Source>>; onChange: (m: Partial<Record<Target, Source>>) => void }) {
  const { t } = useI18n();
  const value = (s?: Source) => (s === undefined ? undefined : 'column' in s ? `c:${s.column}` : `v:${s.constant}`);
  const constants = (target: Target) => (target === 'tier' ? ['vip', 'standard', 'prospect'] : target === 'kind' ? ['person', 'company'] : target === 'language' ? ['zh-CN', 'en'] : []);
  return (
    <Card title={t('import.mapTitle')}>
      <Typography.Paragraph type="secondary">{t('import.mapHint')}</Typography.Paragraph>
      <Space wrap size="middle">
        {targets.map((target) => (
          <label key={target} style={{ display: 'inline-flex', flexDirection: 'column', gap: 4 }}>
            <span>{target}{['externalId', 'name', 'tier'].includes(target) ? ' *' : ''}</span>
            <Select
              aria-label={target} allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 190 }} value={value(map[target])} placeholder={t('import.unmapped')}
              onChange={(v?: string) => {
                const next = { ...map };
                if (!v) delete next[target];
                else next[target] = v.startsWith('c:') ? { column: Number(v.slice(2)) } : { constant: v.slice(2) };
                onChange(next);
              }}
              options={[
                ...(constants(target).length ? [{ label: t('import.sameForAll'), options: constants(target).map((c) => ({ value: `v:${c}`, label: `= ${c}` })) }] : []),
                { label: t('import.fromColumn'), options: header.map((h, i) => ({ value: `c:${i}`, label: h })) },
              ]}
            />
          </label>
        ))}
      </Space>
    </Card>
  );
}
