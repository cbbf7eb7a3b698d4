import type React from 'react';
import { Alert, Button, Empty, Spin } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

/** A spinner a screen reader announces as "loading" (a status region: antd's own div has no role for a label). */
export function Loading({ style }: { style?: React.CSSProperties }) {
  const { t } = useI18n();
  return <div role="status" aria-label={t('common.loading')} style={style}><Spin /></div>;
}

/** The loading and error states every page shows the same way; a 409 offers a reload. */
export function QueryState({ isPending, error, retry }: { isPending: boolean; error: unknown; retry: () => void }) {
  const { t } = useI18n();
  if (isPending) return <Loading style={{ margin: 24 }} />;
  if (!error) return null;
  const conflict = error instanceof ApiError && error.status === 409;
  return (
    <Alert
      type="error" showIcon
      title={conflict ? t('common.conflict') : t('common.error')}
      description={error instanceof Error ? error.message : String(error)}
      action={<Button onClick={retry}>{conflict ? t('common.reload') : t('common.retry')}</Button>}
    />
  );
}

export function Nothing() {
  const { t } = useI18n();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
}
