import { Link } from 'react-router-dom';
import { Alert, Card, Table, Tag, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing } from '../../components/States';
import { showTest, showValue } from './facts';
import { useFactLabel } from './labels';

type DryRun = Schemas['DryRunRuleResponse'];

/** Who a rule would match now, and for each predicate the customer's value beside the threshold: the why. */
export function DryRunResult({ result, unsaved }: { result: DryRun; unsaved: boolean }) {
  const { t } = useI18n();
  const factLabel = useFactLabel();
  const customers = result.customers;
  return (
    <Card title={t('feedback.rules.dryRun.title')} data-testid="dry-run">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} role="status"
        title={t('feedback.rules.dryRun.summary', { matched: result.matched, wouldFire: result.wouldFire })}
        description={unsaved ? t('feedback.rules.dryRun.unsaved') : t('feedback.rules.dryRun.saved')} />
      {customers.length === 0 ? <Nothing /> : (
        <Table size="small" rowKey="customerId" pagination={customers.length > 20 ? { pageSize: 20 } : false} dataSource={customers}
          columns={[
            {
              title: t('feedback.rules.dryRun.customer'), dataIndex: 'customerName',
              render: (name: string | null, c) => <Link to={`/customers/${c.customerId}`}>{name ?? `#${c.customerId}`}</Link>,
            },
            { title: t('feedback.rules.dryRun.accountManager'), dataIndex: 'accountManager', render: (v: string | null) => v ?? '—' },
            {
              title: t('feedback.rules.dryRun.outcome'), dataIndex: 'wouldFire',
              render: (fire: boolean) => (fire ? <Tag color="green">{t('feedback.rules.dryRun.wouldFire')}</Tag> : <Tag>{t('feedback.rules.dryRun.inCooldown')}</Tag>),
            },
            {
              title: t('feedback.rules.dryRun.why'), dataIndex: 'why',
              render: (why: Schemas['Explanation'][] = []) => (
                <ul style={{ margin: 0, paddingLeft: 16 }} aria-label={t('feedback.rules.dryRun.why')}>
                  {why.map((w, i) => (
                    <li key={i} data-testid="why">
                      <Typography.Text type={w.held ? undefined : 'secondary'}>
                        {w.held ? '✓' : '✗'} {factLabel(w.fact)}: <strong>{showValue(w.value)}</strong>
                        {' '}({t('feedback.rules.dryRun.threshold')} {showTest(w.fact, w.op, w.threshold)})
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              ),
            },
          ]} />
      )}
    </Card>
  );
}
