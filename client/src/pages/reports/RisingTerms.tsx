import { useNavigate } from 'react-router-dom';
import { Button, Card, List, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { formatCount } from './format';
import type { ReportFilters } from './query';
import { clean } from './query';

type Term = Schemas['RisingTermsTerm'];

/** The theme editor, opened with a new theme holding the term as its keyword. */
export const newThemeLink = (term: Term) =>
  `/settings/themes?${new URLSearchParams({ keyword: term.text, language: term.language }).toString()}`;

/** Words rising among detractors against the previous period of equal length, each one click from becoming a theme. */
export function RisingTerms({ filters }: { filters: ReportFilters }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const query = clean({ from: filters.from, to: filters.to, timeZone: filters.timeZone, terms: 15, verbatims: 3 });
  const terms = useQuery({
    queryKey: ['reports', 'rising-terms', query],
    queryFn: () => call(api.GET('/api/reports/voice-of-customer/rising-terms', { params: { query } })),
  });
  const r = terms.data;
  return (
    <section aria-label={t('reports.voice.rising')}>
      <Card title={t('reports.voice.rising')}
        extra={r && <Typography.Text type="secondary">{t('reports.voice.risingAgainst', { from: r.previousFrom, to: r.previousTo })}</Typography.Text>}>
        <QueryState isPending={terms.isPending} error={terms.error} retry={() => terms.refetch()} />
        {r && (
          <Table<Term>
            rowKey="text" size="small" dataSource={r.terms} pagination={false} locale={{ emptyText: <Nothing /> }}
            expandable={{ expandedRowRender: (term) => (
              <List size="small" dataSource={term.verbatims} renderItem={(v) => <List.Item>“{v.comment}”</List.Item>} />
            ) }}
            columns={[
              { title: t('reports.voice.term'), dataIndex: 'text', render: (text: string, term) => <>{text} <Tag>{term.language}</Tag></> },
              { title: t('reports.voice.thisPeriod'), dataIndex: 'current', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('reports.voice.previousPeriod'), dataIndex: 'previous', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('reports.voice.rise'), dataIndex: 'rise', align: 'right', render: (n: number) => `+${formatCount(n)}` },
              { title: '', key: 'theme', render: (_, term) => (
                <Button size="small" onClick={() => navigate(newThemeLink(term))}>{t('reports.voice.makeTheme')}</Button>
              ) },
            ]}
          />
        )}
      </Card>
    </section>
  );
}
