import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { formatCount, formatNumber, formatPercent, formatRateInterval, isFigure } from './format';
import { startOfDay, type ReportFilters } from './query';
import { asCsv, downloadCsv } from './download';

type Question = Schemas['AnswersReportQuestionFigure'];

/**
 * The chosen survey's own rating and choice questions over the report's period: for a choice question the share of
 * respondents picking each choice with its interval, for a rating the mean with its interval; n for each.
 */
export function CustomQuestions({ filters }: { filters: ReportFilters }) {
  const { t, language } = useI18n();
  const surveys = useQuery({ queryKey: ['surveys', 'all'], queryFn: () => call(api.GET('/api/surveys', { params: { query: { page: 1, pageSize: 100 } } })) });
  const [chosen, setChosen] = useState<number>();
  const surveyId = chosen ?? surveys.data?.items[0]?.id;
  const report = useQuery({
    queryKey: ['reports', 'answers', surveyId, filters.from, filters.to, filters.timeZone], enabled: !!surveyId,
    queryFn: () => call(api.GET('/api/reports/answers', { params: { query: { surveyId, from: filters.from, to: filters.to, timeZone: filters.timeZone } } })),
  });
  const text = (zh: string, en: string) => (language === 'en' ? en : zh);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  // Every answer of the period, one row each (the raw data behind these figures and the report above).
  const exportAnswers = async () => {
    setExporting(true);
    try {
      await downloadCsv(() => api.GET('/api/survey-responses/answers', {
        params: { query: { surveyId, from: report.data ? startOfDay(report.data.from, report.data.timeZone) : undefined, to: report.data ? startOfDay(report.data.to, report.data.timeZone, 1) : undefined } },
        ...asCsv,
      }), `survey-answers-${surveyId}.csv`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };
  return (
    <Card title={t('reports.answers.title')} extra={(
      <Space>
      <Button onClick={exportAnswers} loading={exporting} disabled={!surveyId}>{t('reports.answers.export')}</Button>
      <Select aria-label={t('reports.answers.survey')} style={{ width: 260 }} value={surveyId} onChange={setChosen} loading={surveys.isPending}
        options={(surveys.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      </Space>
    )}>
      <Typography.Paragraph type="secondary">{t('reports.answers.intro')}</Typography.Paragraph>
      <QueryState isPending={!!surveyId && report.isPending} error={report.error} retry={() => report.refetch()} />
      {report.data && report.data.questions.length === 0 && <Empty description={t('reports.answers.none')} />}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {report.data?.questions.map((q: Question) => (
          <div key={q.question}>
            <Typography.Text strong>{text(q.zh, q.en)}</Typography.Text>{' '}
            <Tag>{t('reports.col.n')} {formatCount(q.n)}</Tag>
            {q.smallSample && <Tag color="orange">{t('reports.answers.small')}</Tag>}
            {q.kind === 'rating' ? (
              <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                {t('reports.answers.mean')}: <b>{formatNumber(q.mean, 2)}</b>{isFigure(q.scaleMax) ? ` / ${q.scaleMax}` : ''}
                {' · '}{t('reports.col.ci')}: {isFigure(q.low) && isFigure(q.high) ? `${formatNumber(q.low, 2)} ~ ${formatNumber(q.high, 2)}` : '—'}
              </Typography.Paragraph>
            ) : (
              <Table size="small" rowKey="key" pagination={false} dataSource={q.options} aria-label={text(q.zh, q.en)} columns={[
                { title: t('reports.answers.choice'), render: (_, o) => text(o.zh, o.en) },
                { title: t('reports.answers.count'), align: 'right', render: (_, o) => formatCount(o.count) },
                { title: t('reports.answers.share'), align: 'right', render: (_, o) => formatPercent(o.share) },
                { title: t('reports.col.ci'), render: (_, o) => formatRateInterval(o.low, o.high) },
              ]} />
            )}
          </div>
        ))}
      </Space>
    </Card>
  );
}
