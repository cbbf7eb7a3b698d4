import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Loading } from './States';
import { NotificationBell } from './Notifications';
import { api, call } from '../api/client';
import { useI18n } from '../i18n';
import { session } from '../api/session';
import { menu, selectedEntry, settingsMenu } from '../areas';
import { visibleTo } from '../areas/area';

/** The signed-in frame: menu, language switch, sign-out. Sends a visitor without a session to the login page. */
export function Shell() {
  const { t, language, setLanguage } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  // Without a sign-in in this browser session there is nothing to ask the server: go straight to the login page.
  const known = session.isSignedIn();
  const me = useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/api/auth/me')), retry: false, enabled: known });

  if (!known) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.isPending) return <Loading style={{ margin: 48 }} />;
  if (me.isError) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  const selected = selectedEntry(location.pathname);
  const signOut = async () => {
    await api.POST('/api/auth/logout');
    session.forget();
    client.clear();
    navigate('/login');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>{t('app.name')}</Typography.Text>
        <Menu
          theme="dark" mode="horizontal" selectedKeys={selected ? [selected] : []} style={{ flex: 1, minWidth: 0 }}
          // The menu moves focus between its items with the arrow keys; Enter on an item opens its page (a click is the link's).
          onClick={({ key, domEvent }) => { if (domEvent.type === 'keydown' && key.startsWith('/')) navigate(key); }}
          items={[
            ...visibleTo(menu, me.data.permissions).map((e) => ({ key: e.path, label: <Link to={e.path}>{t(e.label)}</Link> })),
            {
              key: 'settings', label: t('nav.settings'),
              children: visibleTo(settingsMenu, me.data.permissions).map((e) => ({ key: e.path, label: <Link to={e.path}>{t(e.label)}</Link> })),
            },
          ]}
        />
        <Space>
          <NotificationBell />
          <Typography.Text style={{ color: '#cbd5e1' }}>{me.data.displayName}</Typography.Text>
          <Button size="small" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>{t('app.language')}</Button>
          <Button size="small" onClick={signOut}>{t('nav.logout')}</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
