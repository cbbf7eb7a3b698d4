import { useQuery } from '@tanstack/react-query';
import { Collapse, Timeline, Typography } from 'antd';
import { api, call } from '../api/client';
import { catalogs, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { Nothing, QueryState } from '../components/States';

/** Who changed the customer, when, and each field from what to what (folded: most visits do not need it). */
export function CustomerHistory({ id }: { id: number }) {
  const { t } = useI18n();
  const history = useQuery({ queryKey: ['customer-history', id], queryFn: () => call(api.GET('/api/customers/{id}/history', { params: { path: { id } } })) });
  const known = (key: string) => key in catalogs.en;
  const action = (a: string) => (known(`audit.action.${a}`) ? t(`audit.action.${a}` as MessageKey) : a);
  return (
    <Collapse items={[{
      key: 'history', label: t('c360.history'),
      children: !history.data ? <QueryState isPending={history.isPending} error={history.error} retry={() => history.refetch()} />
        : history.data.length === 0 ? <Nothing /> : (
          <Timeline aria-label={t('c360.history')} items={[...history.data].reverse().map((h, i) => ({
            key: i,
            content: (
              <div data-testid="customer-history-entry">
                <b>{action(h.action)}</b> <Typography.Text type="secondary">{new Date(h.at).toLocaleString()} · {h.actor ?? t('audit.system')}</Typography.Text>
                {h.fields.map((f) => <div key={f.field}>{f.field}: {f.before ?? '—'} → {f.after ?? '—'}</div>)}
              </div>
            ),
          }))} />
        ),
    }]} />
  );
}
