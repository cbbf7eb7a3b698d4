import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Col, List, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { Chart } from './Chart';
import { barOption, lineOption } from './charts';
import { reportQuery, useThemeNames, useVoice, type VoiceTheme } from './data';
import { FilterBar, unlessFieldError } from './FilterBar';
import { asCsv } from './download';
import { formatCount, formatPercent } from './format';
import { newestFirst } from './order';
import { readFilters } from './query';
import { RisingTerms } from './RisingTerms';

export function VoicePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const filters = readFilters(params);
  const [themes, verbatims] = [10, 10];
  const report = useVoice(filters, themes, verbatims);
  const r = report.data;
  const respondents = r?.respondents ?? {};
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <FilterBar
        fields={['range', 'interval', 'timeZone']} filters={filters} shown={r} error={report.error}
        exportCsv={() => api.GET('/api/reports/voice-of-customer', { params: { query: reportQuery.voice(filters, themes, verbatims) }, ...asCsv })}
        exportName="voice-of-customer.csv"
      />
      <QueryState isPending={report.isPending} error={unlessFieldError(report.error)} retry={() => report.refetch()} />
      {r && (
        <>
          <Typography.Text type="secondary">
            {t('reports.range', { from: r.from, to: r.to })} · {t('reports.voice.respondents', {
              promoter: formatCount(respondents.promoter), passive: formatCount(respondents.passive), detractor: formatCount(respondents.detractor),
            })}
          </Typography.Text>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}><Themes title={t('reports.voice.detractors')} themes={r.detractors} other={r.detractorsOther} /></Col>
            <Col xs={24} xl={12}><Themes title={t('reports.voice.promoters')} themes={r.promoters} other={r.promotersOther} /></Col>
          </Row>
          <RisingTerms filters={filters} />
        </>
      )}
    </Space>
  );
}

/** Theme codes start with a letter, so this key never names a defined theme: it is the comments no theme matched. */
const OTHER = '(other)';

function Themes({ title, themes: defined, other }: { title: string; themes: VoiceTheme[]; other: VoiceTheme }) {
  const { t } = useI18n();
  const named = useThemeNames();
  const themes = useMemo(() => other.mentions > 0 ? [...defined, { ...other, name: OTHER }] : defined, [defined, other]);
  const themeName = useCallback((code: string | undefined) => code === OTHER ? t('reports.voice.other') : named(code), [named, t]);
  const top = useMemo(() => themes.slice(0, 5), [themes]);
  const trend = useMemo(() => lineOption({
    categories: (top[0]?.trend ?? []).map((p) => p.period),
    series: top.map((th) => ({ name: themeName(th.name), data: th.trend.map((p) => p.mentions) })),
    integer: true, format: (v) => formatCount(v),
  }), [top, themeName]);
  const chart = useMemo(() => barOption({
    categories: themes.map((th) => themeName(th.name)),
    series: [{ name: t('reports.voice.mentions'), data: themes.map((th) => th.mentions) }],
    horizontal: true, integer: true, format: (v) => formatCount(v),
  }), [themes, t, themeName]);
  return (
    <section aria-label={title}>
      <Card title={title}>
        <Chart option={chart} height={Math.max(120, themes.length * 32)} label={title} empty={themes.length === 0} />
        {themes.length > 0 && (
          <>
            <Typography.Text strong>{t('reports.trendOf', { name: title })}</Typography.Text>
            <Chart option={trend} height={180} label={t('reports.trendOf', { name: title })} />
          </>
        )}
        {themes.length > 0 && (
          <Table<VoiceTheme>
            rowKey="name" size="small" dataSource={themes} pagination={false} locale={{ emptyText: <Nothing /> }}
            expandable={{ expandedRowRender: (theme) => <Verbatims theme={theme} />, defaultExpandedRowKeys: themes[0]?.name ? [themes[0].name] : [] }}
            columns={[
              { title: t('reports.voice.theme'), dataIndex: 'name', render: (code: string) => themeName(code) },
              { title: t('reports.voice.mentions'), dataIndex: 'mentions', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('reports.voice.share'), dataIndex: 'share', align: 'right', render: (s: number | null) => formatPercent(s) },
            ]}
          />
        )}
      </Card>
    </section>
  );
}

function Verbatims({ theme }: { theme: VoiceTheme }) {
  const { t } = useI18n();
  const comments = newestFirst(theme.verbatims);
  return (
    <List
      size="small" header={t('reports.voice.verbatims')} dataSource={comments} locale={{ emptyText: t('reports.voice.noComments') }}
      renderItem={(v) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <Typography.Text>“{v.comment}”</Typography.Text>
            <Space size={4} wrap>
              <Typography.Text type="secondary">{dayjs(v.respondedAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
              {v.nps !== null && v.nps !== undefined && <Tag>NPS {v.nps}</Tag>}
              {v.csat !== null && v.csat !== undefined && <Tag>CSAT {v.csat}</Tag>}
              {v.ces !== null && v.ces !== undefined && <Tag>CES {v.ces}</Tag>}
              {v.customerId ? <Link to={`/customers/${v.customerId}`}>{t('reports.voice.customer', { id: v.customerId })}</Link>
                : <Typography.Text type="secondary">{t('reports.voice.anonymous')}</Typography.Text>}
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}
