import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PortalPage } from './PortalPage';
import { tokenOf } from './link';
import '../survey/survey.css';
import '../support/support.css';
import './portal.css';

// The token leaves the address bar at once: a reload or a shared screenshot does not carry a spent link around.
const token = tokenOf(location.hash, location.search);
if (token) history.replaceState(null, '', location.pathname);
const query = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PortalPage token={token} language={query.get('lang') ?? navigator.language} />
  </StrictMode>,
);
