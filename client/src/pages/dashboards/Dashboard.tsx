import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Segmented, Space, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { dashboardIntervals, dashboardRange, reportingZone, todayIn, trendLength, type DashboardInterval } from '../reports/query';
import { Grid } from './Grid';
import { TileView, type Tile } from './tiles';

const Composer = lazy(() => import('./Composer'));

type Dashboard = Schemas['Dashboard'];
type Placed = Tile & { x: number; y: number; w: number; h: number };

/**
 * The home page: the dashboard the person composed, else their role's default. Editing moves and resizes tiles on the
 * grid and adds tiles from the catalogue; saving keeps it as the person's own dashboard (theirs already, or a copy).
 */
export default function DashboardPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const interval: DashboardInterval = (dashboardIntervals as readonly string[]).includes(params.get('interval') ?? '')
    ? (params.get('interval') as DashboardInterval) : 'month';
  const filters = useMemo(() => ({ ...dashboardRange(interval, todayIn(reportingZone)), interval }), [interval]);
  const home = useQuery({ queryKey: ['dashboards', 'home'], queryFn: () => call(api.GET('/api/dashboards/home')) });
  const [draft, setDraft] = useState<Placed[] | null>(null);

  const save = useMutation({
    mutationFn: async ({ dashboard, tiles }: { dashboard: Dashboard; tiles: Placed[] }) => {
      const own = dashboard.canEdit && dashboard.sharedWith.kind === 'person';
      const body = { name: own ? dashboard.name : t('dashboards.mine'), sharedWith: { kind: 'person' }, tiles, version: dashboard.version };
      return own
        ? call(api.PUT('/api/dashboards/{id}', { params: { path: { id: dashboard.id } }, body }))
        : call(api.POST('/api/dashboards', { body }));
    },
    onSuccess: (saved) => { client.setQueryData(['dashboards', 'home'], saved); setDraft(null); },
  });

  const dashboard = home.data;
  const tiles = draft ?? ((dashboard?.tiles ?? []) as Placed[]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={2} style={{ margin: 0 }}>{t('reports.dashboard.title')}</Typography.Title>
          {dashboard && <Typography.Text type="secondary" data-dashboard-name>{dashboard.name}</Typography.Text>}
        </Space>
        <Space wrap>
          <Typography.Text type="secondary">
            {t(`reports.current.${interval}`)} · {t(`reports.window.${interval}`, { n: trendLength[interval] })}
          </Typography.Text>
          <Segmented<DashboardInterval>
            aria-label={t('reports.filter.interval')} value={interval}
            options={dashboardIntervals.map((i) => ({ value: i, label: t(`reports.interval.${i}`) }))}
            onChange={(next) => setParams((p) => { const n = new URLSearchParams(p); n.set('interval', next); return n; })}
          />
          {dashboard && !draft && <Button onClick={() => setDraft(tiles)}>{t('dashboards.edit')}</Button>}
        </Space>
      </Space>
      <QueryState isPending={home.isPending} error={home.error} retry={() => home.refetch()} />
      {draft && dashboard && (
        <Suspense fallback={null}>
          <Composer
            tiles={draft} saving={save.isPending}
            onAdd={(tile) => setDraft([...draft, tile as Placed])}
            onSave={() => save.mutate({ dashboard, tiles: draft })}
            onCancel={() => { setDraft(null); save.reset(); }}
          />
        </Suspense>
      )}
      {save.error && <Alert type="error" showIcon message={t('dashboards.saveFailed')} description={<span style={{ whiteSpace: 'pre-line' }}>{problemText(save.error)}</span>} />}
      {dashboard && (
        <Grid
          tiles={tiles} editing={!!draft} onChange={setDraft}
          onRemove={(i) => setDraft(tiles.filter((_, j) => j !== i))}
          render={(tile) => <TileView tile={tile} filters={filters} />}
        />
      )}
    </Space>
  );
}

/** A refused save's reasons, each field's message (a tile whose rule, view or plan does not exist names it). */
function problemText(error: Error) {
  const errors = error instanceof ApiError ? error.problem.errors : undefined;
  return errors ? Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('\n') : error.message;
}
