import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SurveyPage } from './SurveyPage';
import './survey.css';

const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SurveyPage token={token} />
  </StrictMode>,
);
