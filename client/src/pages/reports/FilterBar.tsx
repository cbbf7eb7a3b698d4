import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, DatePicker, Select, Space, Typography } from 'antd';
import { ApiError } from '../../api/client';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { downloadCsv, type CsvRequest } from './download';
import { intervals, metrics, timeZones, withFilters, type ReportFilters } from './query';

export type FilterField = 'metric' | 'range' | 'interval' | 'groupBy' | 'timeZone';

interface Props {
  fields: FilterField[];
  filters: ReportFilters;
  /** The range the API answered for, shown when the URL leaves it to the API's default (this quarter). */
  shown?: { from?: string; to?: string };
  groups?: readonly string[];
  /** Labels for groups that are not fixed (a ticket field's "field:{key}"): shown instead of a translated name. */
  groupLabels?: Record<string, string>;
  /** The report's request asked as CSV (the same URL with Accept: text/csv), and a file name should the API give none. */
  exportCsv: CsvRequest;
  exportName: string;
  /** The report's error: a 400 names the filters it refused, shown under them. */
  error?: unknown;
}

/** A 400's messages by filter name (from, to, interval…), or null for any other error. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> | null {
  return error instanceof ApiError && error.status === 400 && error.problem.errors ? error.problem.errors : null;
}

/** The error for the page's alert: none when the filter bar already shows it under the fields. */
export const unlessFieldError = (error: unknown) => (fieldErrorsOf(error) ? null : error);

function Field({ error, children }: { error?: string; children: ReactNode }) {
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', maxWidth: 260 }}>
      {children}
      {error && <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>{error}</Typography.Text>}
    </span>
  );
}

/** The report filters, kept in the URL query so a report can be bookmarked and shared, and the CSV export. */
export function FilterBar({ fields, filters, shown, groups = [], groupLabels = {}, exportCsv: request, exportName, error }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const set = (changes: Record<string, string | undefined>) => setParams(withFilters(params, changes));
  const errors = fieldErrorsOf(error) ?? {};
  const status = (name: string) => (errors[name] ? ('error' as const) : undefined);
  const from = filters.from ?? shown?.from;
  const to = filters.to ?? shown?.to;
  const exportCsv = async () => {
    setExporting(true);
    try {
      const name = await downloadCsv(request, exportName);
      message.success(t('reports.exported', { name }));
    } catch (error) {
      message.error(t('reports.exportFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
      <Space wrap align="start">
        {fields.includes('metric') && (
          <Field error={errors.metric?.[0]}><Select status={status('metric')} aria-label={t('reports.filter.metric')} value={filters.metric ?? 'nps'} style={{ width: 190 }}
            options={metrics.map((m) => ({ value: m, label: t(`reports.metric.${m}`) }))} onChange={(metric) => set({ metric })} /></Field>
        )}
        {fields.includes('range') && (
          <>
            <Field error={errors.from?.[0]}><DatePicker status={status('from')} aria-label={t('reports.filter.from')} placeholder={t('reports.filter.from')} allowClear
              value={from ? dayjs(from) : null} onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : undefined })} /></Field>
            <Field error={errors.to?.[0]}><DatePicker status={status('to')} aria-label={t('reports.filter.to')} placeholder={t('reports.filter.to')} allowClear
              value={to ? dayjs(to) : null} onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : undefined })} /></Field>
          </>
        )}
        {fields.includes('interval') && (
          <Field error={errors.interval?.[0]}><Select status={status('interval')} aria-label={t('reports.filter.interval')} value={filters.interval ?? 'month'} style={{ width: 110 }}
            options={intervals.map((i) => ({ value: i, label: t(`reports.interval.${i}`) }))} onChange={(interval) => set({ interval })} /></Field>
        )}
        {fields.includes('groupBy') && (
          <Field error={errors.groupBy?.[0]}><Select status={status('groupBy')} aria-label={t('reports.filter.groupBy')} value={filters.groupBy ?? ''} style={{ width: 150 }}
            options={[{ value: '', label: t('reports.filter.noGroup') }, ...groups.map((g) => ({ value: g, label: groupLabels[g] ?? t(`reports.group.${g}` as MessageKey) }))]}
            onChange={(groupBy) => set({ groupBy })} /></Field>
        )}
        {fields.includes('timeZone') && (
          <Field error={errors.timeZone?.[0]}><Select status={status('timeZone')} aria-label={t('reports.filter.timeZone')} value={filters.timeZone ?? timeZones[0]} style={{ width: 190 }}
            options={timeZones.map((z) => ({ value: z, label: z }))} onChange={(timeZone) => set({ timeZone: timeZone === timeZones[0] ? undefined : timeZone })} /></Field>
        )}
        <Button onClick={() => setParams(new URLSearchParams())}>{t('reports.filter.reset')}</Button>
      </Space>
      <Button type="primary" loading={exporting} onClick={exportCsv}>{t('reports.export')}</Button>
    </Space>
  );
}
