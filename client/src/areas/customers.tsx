import { lazy } from 'react';
import type { Area } from './area';

const Customers = lazy(() => import('../pages/Customers'));
const CustomerImport = lazy(() => import('../pages/CustomerImport'));
const Customer360 = lazy(() => import('../pages/Customer360'));
const CustomFields = lazy(() => import('../pages/CustomFields'));
const Duplicates = lazy(() => import('../pages/Duplicates'));

export const customers: Area = {
  routes: [
    { path: '/customers', element: <Customers /> },
    { path: '/customers/import', element: <CustomerImport /> },
    { path: '/customers/duplicates', element: <Duplicates /> },
    { path: '/customers/:id', element: <Customer360 /> },
    { path: '/settings/fields', element: <CustomFields /> },
  ],
  menu: [
    { path: '/customers', label: 'nav.customers', order: 20 },
    { path: '/customers/import', label: 'nav.import', order: 21, permission: 'customers.export' },
    { path: '/customers/duplicates', label: 'nav.duplicates', order: 22, permission: 'customers.archive' },
  ],
  settings: [{ path: '/settings/fields', label: 'nav.fields', order: 50, permission: 'settings.configure' }],
};
