import { lazy } from 'react';
import type { Area } from './area';

// The feedback area: surveys, feedback themes and proactive-service rules; pages load on demand.
const Rules = lazy(() => import('../pages/feedback/Rules'));
const RuleEditor = lazy(() => import('../pages/feedback/RuleEditor'));
const Surveys = lazy(() => import('../pages/feedback/Surveys'));
const SurveyEditor = lazy(() => import('../pages/feedback/SurveyEditor'));
const Themes = lazy(() => import('../pages/feedback/Themes'));

export const feedback: Area = {
  routes: [
    { path: '/rules', element: <Rules /> },
    { path: '/rules/:id', element: <RuleEditor /> },
    { path: '/settings/surveys', element: <Surveys /> },
    { path: '/settings/surveys/:id', element: <SurveyEditor /> },
    { path: '/settings/themes', element: <Themes /> },
  ],
  menu: [{ path: '/rules', label: 'feedback.nav.rules', order: 35, permission: 'settings.configure' }],
  settings: [
    { path: '/settings/surveys', label: 'feedback.nav.surveys', order: 20, permission: 'settings.configure' },
    { path: '/settings/themes', label: 'feedback.nav.themes', order: 21, permission: 'settings.configure' },
  ],
};
