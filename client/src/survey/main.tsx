import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SurveyPage } from './SurveyPage';
import { sourceOf } from './source';
import './survey.css';

const source = sourceOf(location.pathname, location.search);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SurveyPage source={source} />
  </StrictMode>,
);
