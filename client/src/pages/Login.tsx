import { useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { session } from '../api/session';

/** Where a single sign-on starts: the provider's address on the API, told to come back to the page the person wanted. */
export const singleSignOnHref = (signInUrl: string, from: string) => `${signInUrl}?returnUrl=${encodeURIComponent(from)}`;

export function Login() {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const client = useQueryClient();
  const [failed, setFailed] = useState<'password' | 'passwordsOff' | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPasswords, setShowPasswords] = useState(false);
  const methods = useQuery({ queryKey: ['auth-methods'], queryFn: async () => (await api.GET('/api/auth/methods')).data ?? null });
  const sso = methods.data?.singleSignOn ?? null;
  const passwordsOpen = methods.data?.passwords !== 'breakGlassOnly' || showPasswords;
  const from = (location.state as { from?: string } | null)?.from ?? '/customers';

  const submit = async (values: { userName: string; password: string }) => {
    setBusy(true);
    const { response } = await api.POST('/api/auth/login', { body: values });
    setBusy(false);
    if (!response.ok) { setFailed(response.status === 403 ? 'passwordsOff' : 'password'); return; }
    session.remember();
    await client.invalidateQueries({ queryKey: ['me'] });
    navigate(from, { replace: true });
  };

  return (
    <main style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', background: '#f1f5f9' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3}>{t('login.title')}</Typography.Title>
        {params.get('sso') === 'failed' && <Alert type="error" showIcon title={t('login.ssoFailed')} style={{ marginBottom: 16 }} />}
        {failed === 'password' && <Alert type="error" showIcon title={t('login.failed')} style={{ marginBottom: 16 }} />}
        {failed === 'passwordsOff' && sso && <Alert type="warning" showIcon title={t('login.passwordsOff', { name: sso.name })} style={{ marginBottom: 16 }} />}
        {sso && (
          <Button type="primary" block size="large" href={singleSignOnHref(sso.signInUrl, from)}
            // The provider sends the browser back signed in; the shell then asks the server who it is.
            onClick={() => session.remember()}>{t('login.sso', { name: sso.name })}</Button>
        )}
        {sso && passwordsOpen && <Divider plain>{t('login.or')}</Divider>}
        {passwordsOpen ? (
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item label={t('login.userName')} name="userName" rules={[{ required: true }]}>
              <Input autoComplete="username" autoFocus={!sso} />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type={sso ? 'default' : 'primary'} htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
          </Form>
        ) : (
          <Button type="link" onClick={() => setShowPasswords(true)} style={{ marginTop: 8, paddingLeft: 0 }}>{t('login.breakGlass')}</Button>
        )}
        <Button type="link" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')} style={{ marginTop: 8 }}>{t('app.language')}</Button>
      </Card>
    </main>
  );
}
