import { lazy } from 'react';
import type { Area } from './area';

// The service area: configuration a service manager does without a developer. Pages load on demand.
const Workflows = lazy(() => import('../pages/service/Workflows'));
const SlaPolicies = lazy(() => import('../pages/service/SlaPolicies'));
const Calendars = lazy(() => import('../pages/service/Calendars'));
const Users = lazy(() => import('../pages/service/Users'));
const ApiKeys = lazy(() => import('../pages/service/ApiKeys'));
const OutboundMessages = lazy(() => import('../pages/service/OutboundMessages'));
const AuditLog = lazy(() => import('../pages/service/AuditLog'));
const MessageTemplates = lazy(() => import('../pages/service/MessageTemplates'));
const RolesPage = lazy(() => import('../pages/service/Roles'));
const Macros = lazy(() => import('../pages/service/Macros'));
const Mailboxes = lazy(() => import('../pages/service/Mailboxes'));

export const service: Area = {
  routes: [
    { path: '/settings/workflows', element: <Workflows /> },
    { path: '/settings/sla', element: <SlaPolicies /> },
    { path: '/settings/calendars', element: <Calendars /> },
    { path: '/settings/users', element: <Users /> },
    { path: '/settings/api-keys', element: <ApiKeys /> },
    { path: '/settings/outbound', element: <OutboundMessages /> },
    { path: '/settings/audit', element: <AuditLog /> },
    { path: '/settings/templates', element: <MessageTemplates /> },
    { path: '/settings/roles', element: <RolesPage /> },
    { path: '/settings/macros', element: <Macros /> },
    { path: '/settings/mailboxes', element: <Mailboxes /> },
  ],
  menu: [],
  settings: [
    { path: '/settings/workflows', label: 'service.nav.workflows', order: 10, permission: 'settings.configure' },
    { path: '/settings/sla', label: 'service.nav.sla', order: 11, permission: 'settings.configure' },
    { path: '/settings/calendars', label: 'service.nav.calendars', order: 12, permission: 'settings.configure' },
    { path: '/settings/users', label: 'service.nav.users', order: 30, permission: 'users.administer' },
    { path: '/settings/api-keys', label: 'service.nav.apiKeys', order: 31, permission: 'users.administer' },
    { path: '/settings/outbound', label: 'ops.nav.outbound', order: 32, permission: 'settings.configure' },
    { path: '/settings/templates', label: 'templates.nav', order: 13, permission: 'settings.configure' },
    { path: '/settings/audit', label: 'audit.nav', order: 33, permission: 'users.administer' },
    { path: '/settings/roles', label: 'roles.nav', order: 34 },
    { path: '/settings/macros', label: 'macros.nav', order: 14 },
    { path: '/settings/mailboxes', label: 'mailboxes.nav', order: 35, permission: 'users.administer' },
  ],
};
