import { Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { Loading } from './components/States';
import zh_CN from 'antd/locale/zh_CN';
import en_US from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { Shell } from './components/Shell';
import { Login } from './pages/Login';
import { session } from './api/session';
import { routes } from './areas';
import { useCan } from './api/permissions';
import './staff.css';


// Every text meets WCAG AA (4.5:1; the accessibility e2e test runs axe on every page): antd's default link blue (4.1:1
// on white), red (3.3:1), placeholder grey (1.8:1) and secondary greys (about 3:1) are darkened; tag colours in staff.css.
// The hover blue antd derives from the primary (#4373e6, 4.3:1) is set too: a button's text takes it under the pointer.
const theme = {
  token: {
    colorPrimary: '#1d4ed8', colorInfo: '#1d4ed8', colorLink: '#1d4ed8', colorError: '#c81e1e',
    colorPrimaryHover: '#2563eb', colorLinkHover: '#2563eb', colorErrorHover: '#b42318',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextDescription: 'rgba(0, 0, 0, 0.62)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
};
// antd spaces two-character Chinese labels ("保 存"), which splits the word a screen reader and an aria-label hold.
const button = { autoInsertSpace: false };

const queries = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, staleTime: 10_000 },
  },
});

function UnauthorizedToLogin() {
  const navigate = useNavigate();
  useEffect(() => setUnauthorizedHandler(() => { session.forget(); navigate('/login', { replace: true }); }), [navigate]);
  return null;
}

/** Where a person lands: the dashboard for those who may read reports, the ticket queue for the others. */
function Home() {
  const can = useCan();
  return <Navigate to={can('reports.view') ? '/dashboard' : '/tickets'} replace />;
}

function Localised() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'en' ? en_US : zh_CN} theme={theme} button={button}>
      <AntApp>
        <BrowserRouter>
          <UnauthorizedToLogin />
          <Suspense fallback={<Loading style={{ margin: 48 }} />}>
            <Routes>
              <Route path="/login" element={<Login />} />
              <Route element={<Shell />}>
                <Route path="/" element={<Home />} />
                {routes.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
                <Route path="*" element={<Home />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queries}>
      <I18nProvider>
        <Localised />
      </I18nProvider>
    </QueryClientProvider>
  );
}
