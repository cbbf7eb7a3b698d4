import { Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import en_US from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { Shell } from './components/Shell';
import { Login } from './pages/Login';
import { session } from './api/session';
import { routes } from './areas';


// Secondary and descriptive text darker than antd's default greys (about 3:1 on white), so every text meets AA (4.5:1).
const theme = { token: { colorPrimary: '#1d4ed8', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextDescription: 'rgba(0, 0, 0, 0.62)' } };

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

function Localised() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'en' ? en_US : zh_CN} theme={theme}>
      <AntApp>
        <BrowserRouter>
          <UnauthorizedToLogin />
          <Suspense fallback={<Spin style={{ margin: 48 }} />}>
            <Routes>
              <Route path="/login" element={<Login />} />
              <Route element={<Shell />}>
                <Route path="/" element={<Navigate to="/dashboard" replace />} />
                {routes.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
                <Route path="*" element={<Navigate to="/dashboard" replace />} />
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
