import { lazy } from 'react';
import type { Area } from './area';

// The tickets area: pages live under src/pages/tickets/ and load on demand (lazy imports here).
const TicketQueue = lazy(() => import('../pages/tickets/TicketQueue'));
const NewTicket = lazy(() => import('../pages/tickets/NewTicket'));
const TicketDetail = lazy(() => import('../pages/tickets/TicketDetail'));
const MyTasks = lazy(() => import('../pages/tickets/MyTasks'));

export const tickets: Area = {
  routes: [
    { path: '/tickets', element: <TicketQueue /> },
    { path: '/tickets/new', element: <NewTicket /> },
    { path: '/tickets/:id', element: <TicketDetail /> },
    { path: '/my-tasks', element: <MyTasks /> },
  ],
  menu: [
    { path: '/tickets', label: 'nav.tickets', order: 30 },
    { path: '/my-tasks', label: 'nav.myTasks', order: 31 },
  ],
  settings: [],
};
