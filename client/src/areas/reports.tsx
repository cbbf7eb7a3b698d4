import { lazy } from 'react';
import { Navigate } from 'react-router-dom';
import type { Area } from './area';

// The reports area: pages live under src/pages/reports/ and load on demand; ECharts loads with the first chart.
const Dashboard = lazy(() => import('../pages/dashboards/Dashboard'));
const Reports = lazy(() => import('../pages/reports/Reports'));
const Plans = lazy(() => import('../pages/plans/Plans'));
const PlanPage = lazy(() => import('../pages/plans/PlanPage'));
const Subscriptions = lazy(() => import('../pages/reports/Subscriptions'));

export const reports: Area = {
  routes: [
    { path: '/dashboard', element: <Dashboard /> },
    { path: '/reports', element: <Navigate to="/reports/satisfaction" replace /> },
    { path: '/reports/:report', element: <Reports /> },
    { path: '/improvement-plans', element: <Plans /> },
    { path: '/improvement-plans/:id', element: <PlanPage /> },
    { path: '/report-subscriptions', element: <Subscriptions /> },
  ],
  menu: [
    { path: '/dashboard', label: 'reports.nav.dashboard', order: 10, permission: 'tickets.work' },
    { path: '/reports', label: 'reports.nav.reports', order: 40, permission: 'reports.view' },
    { path: '/improvement-plans', label: 'plans.nav', order: 41, permission: 'reports.view' },
  ],
  // Under Settings: the top menu has room for the pages people work in (in English it would overflow at 1366 px).
  settings: [
    { path: '/report-subscriptions', label: 'subscriptions.nav', order: 36, permission: 'reports.view' },
  ],
};
