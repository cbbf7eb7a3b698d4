import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, InputNumber, Modal, Popconfirm, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { useCan } from '../api/permissions';
import { useI18n } from '../i18n';

/**
 * What a manager or an admin may do with a customer beyond their service: export their data, archive them, and (admins)
 * erase their personal data after typing the customer's name. Shown only to those who hold the permission.
 */
export function CustomerActions({ customer }: { customer: Schemas['CustomerView'] }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [erasing, setErasing] = useState(false);
  const [merging, setMerging] = useState(false);
  const id = customer.id;
  const exportData = useMutation({
    mutationFn: () => call(api.GET('/api/customers/{id}/export', { params: { path: { id } } })),
    onSuccess: (data) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `customer-${id}.json`;
      a.click();
      URL.revokeObjectURL(url);
    },
    onError: (e) => message.error(e.message),
  });
  const archive = useMutation({
    mutationFn: () => call(api.DELETE('/api/customers/{id}', { params: { path: { id }, query: { erase: false } } })),
    onSuccess: () => { message.success(t('customer.actions.archived')); client.invalidateQueries({ queryKey: ['customers'] }); navigate('/customers'); },
    onError: (e) => message.error(e.message),
  });
  if (customer.erased) return null;
  return (
    <>
      {can('customers.export') && <Button loading={exportData.isPending} onClick={() => exportData.mutate()}>{t('customer.actions.export')}</Button>}
      {can('customers.archive') && (
        <Popconfirm title={t('customer.actions.archiveConfirm')} onConfirm={() => archive.mutate()}>
          <Button loading={archive.isPending}>{t('customer.actions.archive')}</Button>
        </Popconfirm>
      )}
      {can('customers.archive') && <Button onClick={() => setMerging(true)}>{t('customer.actions.merge')}</Button>}
      {merging && <MergeCustomer customer={customer} onClose={() => setMerging(false)} />}
      {can('customers.erase') && <Button danger onClick={() => setErasing(true)}>{t('customer.actions.erase')}</Button>}
      {erasing && <EraseCustomer customer={customer} onClose={() => setErasing(false)} />}
    </>
  );
}

/** Another customer merged into this one (it survives); or, typing a merged customer's id, a merge undone within 30 days. */
function MergeCustomer({ customer, onClose }: { customer: Schemas['CustomerView']; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [other, setOther] = useState<number | null>(null);
  const [undoId, setUndoId] = useState<number | null>(null);
  const refresh = () => { client.invalidateQueries({ queryKey: ['customer360', customer.id] }); client.invalidateQueries({ queryKey: ['customers'] }); };
  const merge = useMutation({
    mutationFn: (duplicateId: number) => call(api.POST('/api/customers/{id}/merge', { params: { path: { id: customer.id } }, body: { duplicateId } })),
    onSuccess: (_, id) => { message.success(t('customer.actions.merged', { id })); refresh(); onClose(); },
  });
  const undo = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/customers/{id}/merge/undo', { params: { path: { id } } })),
    onSuccess: (_, id) => { message.success(t('customer.actions.unmerged', { id })); refresh(); onClose(); },
  });
  const error = merge.error ?? undo.error;
  return (
    <Modal
      open title={t('customer.actions.mergeTitle', { name: customer.name })} onCancel={onClose}
      okText={t('customer.actions.mergeConfirm')} okButtonProps={{ disabled: !other, loading: merge.isPending }}
      onOk={() => other && merge.mutate(other)}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('customer.actions.mergeHint', { name: customer.name })}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error.message} />}
        <InputNumber aria-label={t('customer.actions.mergeId')} placeholder={t('customer.actions.mergeId')} min={1} style={{ width: '100%' }}
          value={other} onChange={(v) => setOther(v)} autoFocus />
        <Space.Compact style={{ width: '100%' }}>
          <InputNumber aria-label={t('customer.actions.undoMergeId')} placeholder={t('customer.actions.undoMergeId')} min={1} style={{ width: '100%' }}
            value={undoId} onChange={(v) => setUndoId(v)} />
          <Button disabled={!undoId} loading={undo.isPending} onClick={() => undoId && undo.mutate(undoId)}>{t('customer.actions.undoMerge')}</Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}

/** Erasure cannot be undone: the button stays disabled until the customer's name is typed exactly. */
function EraseCustomer({ customer, onClose }: { customer: Schemas['CustomerView']; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => call(api.DELETE('/api/customers/{id}', { params: { path: { id: customer.id }, query: { erase: true } } })),
    onSuccess: () => {
      message.success(t('customer.actions.erased'));
      client.invalidateQueries({ queryKey: ['customer360', customer.id] });
      client.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
  });
  const matches = typed.trim() === customer.name.trim();
  return (
    <Modal
      open title={t('customer.actions.eraseTitle', { name: customer.name })} onCancel={onClose}
      okText={t('customer.actions.eraseConfirm')} okButtonProps={{ danger: true, disabled: !matches, loading: erase.isPending }}
      onOk={() => erase.mutate()}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('customer.actions.eraseWarning')} />
        {erase.error && <Alert type="error" showIcon title={erase.error.message} />}
        <Typography.Text id="erase-confirm-label">{t('customer.actions.eraseType', { name: customer.name })}</Typography.Text>
        <Input aria-labelledby="erase-confirm-label" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
      </Space>
    </Modal>
  );
}
