import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import { fromSaved, guess, isNative, parseCsv, targets, toSaved, type Source, type Target } from './csv';
import { api, call, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState } from '../components/States';

type Report = Schemas['ImportReport'];
type Job = Schemas['ImportJobView'];

export default function CustomerImport() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [source, setSource] = useState('crm');
  const [file, setFile] = useState<File | null>(null);
  // A file in Csm's own columns goes as it is; another file's columns are mapped here first.
  const [rows, setRows] = useState<string[][] | null>(null);
  const [map, setMap] = useState<Partial<Record<Target, Source>>>({});
  // Each source system's saved mapping is laid over its next file, so its columns are matched once.
  const saved = useQuery({ queryKey: ['import-mappings'], queryFn: () => call(api.GET('/api/customers/import-mappings')) });
  const savedFor = (s: string) => saved.data?.find((m) => m.source === s.trim())?.mapping;
  const [header, setHeader] = useState<string[]>([]);
  useEffect(() => {
    if (!rows) return;
    const mapping = savedFor(source);
    setMap(mapping ? fromSaved(header, mapping) : guess(header));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, header, saved.data]);
  const choose = async (f: File) => {
    setFile(f);
    // Only the header is needed to match columns: the server reads the file itself, however large.
    const parsed = parseCsv((await f.slice(0, 64 * 1024).text()).split(/\r?\n/)[0] + '\n');
    const native = parsed.length > 0 && isNative(parsed[0]);
    setRows(native ? null : parsed);
    setHeader(native ? [] : parsed[0] ?? []);
    if (native) setMap({});
  };
  const mapped = !rows || ['externalId', 'name', 'tier'].every((t) => map[t as Target] !== undefined);
  const run = useMutation({
    mutationFn: async () => call(api.POST('/api/customers/import', {
      // A file in its own columns goes as it is, with the columns matched on the page as its mapping.
      params: { query: { source, ...(rows ? { mapping: JSON.stringify(toSaved(header, map)) } : {}) } },
      body: file as unknown as Schemas['ImportCustomersRow'][],
      bodySerializer: (body) => body as unknown as string,
      headers: { 'Content-Type': 'text/csv' },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
  const save = useMutation({
    mutationFn: () => call(api.PUT('/api/customers/import-mappings/{source}', {
      params: { path: { source: source.trim() } }, body: toSaved(header, map),
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['import-mappings'] }),
  });
  // A small file answers with its report; a large one with its background job (202).
  const job: Job | undefined = run.data && 'state' in run.data ? run.data : undefined;
  const report: Report | undefined = run.data && !('state' in run.data) ? run.data : undefined;

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
      {rows && rows.length > 0 && (
        <ColumnMap header={rows[0]} map={map} onChange={setMap}>
          <Space wrap>
            <Button disabled={!source.trim() || !mapped} loading={save.isPending} onClick={() => save.mutate()}>{t('import.saveMapping', { source: source.trim() })}</Button>
            {savedFor(source) && <Typography.Text type="secondary">{t('import.savedMappingUsed', { source: source.trim() })}</Typography.Text>}
            {save.isSuccess && <Typography.Text type="success" role="status">{t('import.mappingSaved')}</Typography.Text>}
          </Space>
          <QueryState isPending={false} error={save.error} retry={() => save.mutate()} />
        </ColumnMap>
      )}
      <QueryState isPending={false} error={run.error} retry={() => run.mutate()} />
      {job && <ImportJobProgress key={job.id} started={job} />}
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
function ColumnMap({ header, map, onChange, children }: {
  header: string[]; map: Partial<Record<Target, Source>>; onChange: (m: Partial<Record<Target, Source>>) => void; children?: React.ReactNode;
}) {
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
      <div style={{ marginTop: 16 }}>{children}</div>
    </Card>
  );
}

/** A background import followed until it ends: a progress bar, its counts, cancel, and its refused rows as a CSV download. */
function ImportJobProgress({ started }: { started: Job }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const progress = useQuery({
    queryKey: ['import-job', started.id],
    queryFn: () => call(api.GET('/api/customers/imports/{id}', { params: { path: { id: started.id } } })),
    initialData: started,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
  const job = progress.data ?? started;
  const running = job.state === 'running';
  useEffect(() => {
    if (!running) void client.invalidateQueries({ queryKey: ['customers'] });
  }, [running, client]);
  const cancel = useMutation({
    mutationFn: () => call(api.DELETE('/api/customers/imports/{id}', { params: { path: { id: job.id } } })),
    onSuccess: (j) => client.setQueryData(['import-job', job.id], j),
  });
  const status = running ? 'active' : job.state === 'completed' ? (job.failed ? 'normal' : 'success') : 'exception';
  return (
    <Card title={t('import.jobTitle', { id: job.id })} data-testid="import-job">
      <Progress percent={job.percent} status={status} aria-label={t('import.progress')} />
      <Typography.Paragraph role="status" style={{ marginTop: 8 }}>
        {t(`import.state.${job.state as 'running' | 'completed' | 'cancelled' | 'interrupted' | 'failed'}`)}{' · '}
        {t('import.jobCounts', { read: job.rowsRead, written: job.written, created: job.created, updated: job.updated, unchanged: job.unchanged, failed: job.failed })}
      </Typography.Paragraph>
      {job.reason && <Alert type={job.state === 'cancelled' ? 'info' : 'warning'} showIcon title={job.reason} />}
      {job.kept > 0 && <Typography.Paragraph type="secondary">{t('import.kept', { kept: job.kept })}</Typography.Paragraph>}
      <Space style={{ marginTop: 8 }}>
        {running && (
          <Button danger disabled={job.cancelRequested} loading={cancel.isPending} onClick={() => cancel.mutate()}>
            {job.cancelRequested ? t('import.cancelling') : t('import.cancel')}
          </Button>
        )}
        {job.failed > 0 && <Button href={job.errorReport} download>{t('import.errorReport', { failed: job.failed })}</Button>}
      </Space>
      <QueryState isPending={false} error={cancel.error ?? progress.error} retry={() => void progress.refetch()} />
    </Card>
  );
}
