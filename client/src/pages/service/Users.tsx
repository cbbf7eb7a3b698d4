import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { bannerError, showFormErrors } from './errors';
import { roles } from './workflowRules';

type User = Schemas['UserView'];

/** Staff accounts: who they are, their roles and team, and whether they may sign in. */
export default function Users() {
  const { t } = useI18n();
  const users = useQuery({ queryKey: ['users'], queryFn: () => call(api.GET('/api/users')) });
  const [editing, setEditing] = useState<{ user?: User } | null>(null);
  const list = users.data?.items ?? [];
  const client = useQueryClient();
  // Disabling keeps the account (its tickets and history) but stops it signing in.
  const toggle = useMutation({
    mutationFn: (u: User) => call(api.PUT('/api/users/{id}', { params: { path: { id: u.id } }, body: {
      displayName: u.displayName, roles: u.roles, team: u.team ?? null, email: u.email ?? null, isActive: !u.isActive, version: u.version,
    } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('service.users.title')}</Typography.Title>
      <Card title={t('service.users.list')} extra={<Button type="primary" onClick={() => setEditing({})}>{t('service.users.new')}</Button>}>
        <QueryState isPending={users.isPending} error={users.error ?? toggle.error} retry={() => { toggle.reset(); users.refetch(); }} />
        {users.isSuccess && list.length === 0 ? <Nothing /> : users.isSuccess && (
          <Table size="small" rowKey="id" pagination={false} dataSource={list}
            columns={[
              { title: t('service.users.userName'), dataIndex: 'userName' },
              { title: t('service.users.displayName'), dataIndex: 'displayName' },
              { title: t('service.users.roles'), dataIndex: 'roles', render: (r: string[] = []) => r.map((x) => <Tag key={x}>{roleLabel(t, x)}</Tag>) },
              { title: t('service.users.team'), dataIndex: 'team' },
              { title: t('service.users.email'), dataIndex: 'email' },
              { title: t('service.users.status'), dataIndex: 'isActive', render: (a: boolean) => (a ? <Tag color="green">{t('service.users.active')}</Tag> : <Tag color="red">{t('service.users.disabled')}</Tag>) },
              { title: '', render: (_, u) => (
                <Space>
                  <Button size="small" aria-label={t('service.users.editOf', { name: u.userName })} onClick={() => setEditing({ user: u })}>{t('service.edit')}</Button>
                  <Popconfirm title={t(u.isActive ? 'service.users.disableConfirm' : 'service.users.enableConfirm', { name: u.userName })}
                    okText={t(u.isActive ? 'service.users.disable' : 'service.users.enable')} cancelText={t('common.cancel')} okButtonProps={{ danger: u.isActive }}
                    onConfirm={() => toggle.mutateAsync(u)}>
                    <Button size="small" danger={u.isActive} aria-label={t(u.isActive ? 'service.users.disableOf' : 'service.users.enableOf', { name: u.userName })}>
                      {t(u.isActive ? 'service.users.disable' : 'service.users.enable')}
                    </Button>
                  </Popconfirm>
                </Space>) },
            ]} />
        )}
      </Card>
      {editing && <UserForm user={editing.user} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function roleLabel(t: ReturnType<typeof useI18n>['t'], role: string) {
  return (roles as readonly string[]).includes(role) ? t(`service.role.${role as 'agent'}`) : role;
}

interface Values { userName: string; displayName: string; password?: string; roles: string[]; team?: string; email?: string; isActive: boolean }

/** Creates an account, or edits one: display name, roles, team, e-mail, disabling it, and a new password. */
function UserForm({ user, onClose }: { user?: User; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => user
      ? call(api.PUT('/api/users/{id}', { params: { path: { id: user.id } }, body: {
        displayName: v.displayName, roles: v.roles, team: v.team || null, email: v.email || null, isActive: v.isActive,
        version: user.version, newPassword: v.password || null,
      } }))
      : call(api.POST('/api/users', { body: { userName: v.userName, displayName: v.displayName, password: v.password ?? '', roles: v.roles, team: v.team || null, email: v.email || null } })),
    onSuccess: () => { message.success(t('service.users.saved')); client.invalidateQueries({ queryKey: ['users'] }); onClose(); },
    onError: (error) => showFormErrors(form, error, { newPassword: 'password' }),
  });
  const required = [{ required: true, message: t('service.required') }];
  return (
    <Modal open title={user ? t('service.users.editOf', { name: user.userName }) : t('service.users.new')} onCancel={onClose}
      onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      <QueryState isPending={false} error={bannerError(save.error)} retry={onClose} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{
        userName: user?.userName, displayName: user?.displayName, roles: user?.roles ?? ['agent'], team: user?.team ?? undefined,
        email: user?.email ?? undefined, isActive: user?.isActive ?? true,
      }}>
        <Form.Item name="userName" label={t('service.users.userName')} rules={required}><Input disabled={!!user} autoComplete="off" /></Form.Item>
        <Form.Item name="displayName" label={t('service.users.displayName')} rules={required}><Input /></Form.Item>
        <Form.Item name="roles" label={t('service.users.roles')} rules={required}>
          <Select mode="multiple" options={roles.map((r) => ({ value: r, label: roleLabel(t, r) }))} />
        </Form.Item>
        <Form.Item name="team" label={t('service.users.team')} extra={t('service.users.teamHint')}><Input /></Form.Item>
        <Form.Item name="email" label={t('service.users.email')}><Input type="email" /></Form.Item>
        <Form.Item name="password" label={user ? t('service.users.newPassword') : t('service.users.password')} rules={user ? [] : required} extra={t('service.users.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {user && <Form.Item name="isActive" valuePropName="checked"><Checkbox>{t('service.users.canSignIn')}</Checkbox></Form.Item>}
      </Form>
    </Modal>
  );
}
