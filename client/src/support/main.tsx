import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SupportPage } from './SupportPage';
import '../survey/survey.css';
import './support.css';

// ?lang=en chooses English; otherwise the browser's language decides. ?page= is the address of the page that embeds the form.
const query = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SupportPage language={query.get('lang') ?? navigator.language} page={query.get('page') ?? (document.referrer || undefined)} />
  </StrictMode>,
);
