import { Card, Table, Tag, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useMatrix } from '../../api/permissions';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';

type Row = Schemas['ListRolesPermissionView'];

/** Settings → Roles: the permission matrix as the server enforces it, one row per permission, one column per role. */
export default function Roles() {
  const { t } = useI18n();
  const matrix = useMatrix();
  if (!matrix.data) return <QueryState isPending={matrix.isPending} error={matrix.error} retry={() => matrix.refetch()} />;
  const cell = (row: Row, role: string) => {
    if (row.ownCustomersOnly.includes(role)) return <Tag color="gold">{t('roles.own')}</Tag>;
    return row.roles.includes(role)
      ? <Tag color="green">{t('roles.yes')}</Tag>
      : <Tag>{t('roles.no')}</Tag>;
  };
  return (
    <Card title={t('roles.title')}>
      <Typography.Paragraph type="secondary">{t('roles.intro')}</Typography.Paragraph>
      <Table<Row>
        rowKey="name" pagination={false} dataSource={matrix.data.permissions} scroll={{ x: true }}
        columns={[
          {
            title: t('roles.permission'), key: 'name',
            render: (_, row) => (
              <>
                <div>{t(`roles.perm.${row.name}` as MessageKey)}</div>
                <Typography.Text type="secondary" code>{row.name}</Typography.Text>
              </>
            ),
          },
          ...matrix.data.roles.map((role) => ({
            title: t(`service.role.${role}` as MessageKey), key: role, render: (_: unknown, row: Row) => cell(row, role),
          })),
        ]}
      />
    </Card>
  );
}
