import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Space, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { withFilters } from './query';
import { SatisfactionPage } from './Satisfaction';
import { ServicePage } from './Service';
import { ClosedLoopPage } from './ClosedLoop';
import { VoicePage } from './Voice';
import { RetentionPage } from './Retention';
import { ComplaintsPage } from './Complaints';

const pages: { key: string; label: MessageKey; page: () => React.JSX.Element }[] = [
  { key: 'satisfaction', label: 'reports.tab.satisfaction', page: SatisfactionPage },
  { key: 'service', label: 'reports.tab.service', page: ServicePage },
  { key: 'closed-loop', label: 'reports.tab.closedLoop', page: ClosedLoopPage },
  { key: 'voice-of-customer', label: 'reports.tab.voice', page: VoicePage },
  { key: 'retention', label: 'reports.tab.retention', page: RetentionPage },
  { key: 'complaints', label: 'reports.tab.complaints', page: ComplaintsPage },
];

/** The reports, one tab each; the range, interval and time zone follow from tab to tab (groups differ per report). */
export default function Reports() {
  const { t } = useI18n();
  const { report } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const current = pages.find((p) => p.key === report);
  if (!current) return <Navigate to="/reports/satisfaction" replace />;
  const Page = current.page;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('reports.title')}</Typography.Title>
      <Tabs
        activeKey={current.key}
        items={pages.map((p) => ({ key: p.key, label: t(p.label) }))}
        onChange={(key) => {
          const kept = withFilters(params, { groupBy: undefined, metric: undefined });
          navigate({ pathname: `/reports/${key}`, search: kept.toString() });
        }}
      />
      <Page />
    </Space>
  );
}
