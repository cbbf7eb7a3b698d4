import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { session } from '../api/session';

export function Login() {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { userName: string; password: string }) => {
    setBusy(true);
    const { response } = await api.POST('/api/auth/login', { body: values });
    setBusy(false);
    if (!response.ok) { setFailed(true); return; }
    session.remember();
    await client.invalidateQueries({ queryKey: ['me'] });
    navigate((location.state as { from?: string } | null)?.from ?? '/customers', { replace: true });
  };

  return (
    <main style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', background: '#f1f5f9' }}>
      <Card style={{ width: 360 }}>
        <Typography.Title level={3}>{t('login.title')}</Typography.Title>
        {failed && <Alert type="error" showIcon title={t('login.failed')} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t('login.userName')} name="userName" rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
        <Button type="link" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')} style={{ marginTop: 8 }}>{t('app.language')}</Button>
      </Card>
    </main>
  );
}
