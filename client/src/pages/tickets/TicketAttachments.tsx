import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { when } from './common';
import { downloadUrl, formatSize } from './attachments';

type Attachment = Schemas['AttachmentView'];

function useAttachments(ticketId: number) {
  return useQuery({
    queryKey: ['ticket-attachments', ticketId],
    queryFn: () => call(api.GET('/api/tickets/{id}/attachments', { params: { path: { id: ticketId } } })),
  });
}

/** The files sent with one comment, as download links under it. */
export function CommentFiles({ ticketId, commentId }: { ticketId: number; commentId: number }) {
  const { t } = useI18n();
  const files = (useAttachments(ticketId).data ?? []).filter((a) => a.commentId === commentId);
  if (files.length === 0) return null;
  return (
    <Space wrap size={4} style={{ marginTop: 4 }}>
      {files.map((a) => (
        <span key={a.id}>
          <a href={downloadUrl(ticketId, a.id)} download={a.fileName} aria-label={t('attachments.download', { name: a.fileName })}>{a.fileName}</a>
          <Typography.Text type="secondary"> ({formatSize(a.size)})</Typography.Text>
        </span>
      ))}
    </Space>
  );
}

/**
 * A ticket's files: the list with a download link each, and a drop area (or a click to choose) that uploads each file
 * as it comes. Files a merge brought from a duplicate say which one.
 */
export function TicketAttachments({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useAttachments(ticketId);

  const upload: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const name = (file as File).name;
    const form = new FormData();
    form.append('files', file as File);
    try {
      const added = await call(api.POST('/api/tickets/{id}/attachments', {
        params: { path: { id: ticketId } },
        // The form is the body as it is: the browser writes the multipart boundary.
        body: { files: [] },
        bodySerializer: () => form,
      }));
      onSuccess?.(added);
      message.success(t('attachments.uploaded', { name }));
      client.invalidateQueries({ queryKey: ['ticket-attachments', ticketId] });
      client.invalidateQueries({ queryKey: ['ticket-history', ticketId] });
    } catch (error) {
      onError?.(error as Error);
      const reason = error instanceof ApiError
        ? Object.values(error.problem.errors ?? {}).flat()[0] ?? error.problem.detail ?? error.problem.title ?? String(error.status)
        : String(error);
      message.error(t('attachments.failed', { name, reason }));
    }
  };

  return (
    <Card title={t('attachments.title')}>
      <Upload.Dragger multiple showUploadList={false} customRequest={upload} aria-label={t('attachments.drop')} data-testid="attachment-drop">
        <p>{t('attachments.drop')}</p>
        <Typography.Text type="secondary">{t('attachments.hint')}</Typography.Text>
      </Upload.Dragger>
      {!list.data ? <QueryState isPending={list.isPending} error={list.error} retry={() => list.refetch()} /> : (
        <Table<Attachment>
          style={{ marginTop: 12 }} size="small" rowKey="id" pagination={false} dataSource={list.data}
          aria-label={t('attachments.title')} locale={{ emptyText: <Typography.Text type="secondary">{t('attachments.none')}</Typography.Text> }}
          columns={[
            {
              title: t('attachments.name'), key: 'name',
              render: (_, a) => (
                <>
                  <a href={downloadUrl(ticketId, a.id)} download={a.fileName} aria-label={t('attachments.download', { name: a.fileName })}>{a.fileName}</a>
                  {a.mergedFrom && <Tag style={{ marginInlineStart: 8 }}>{t('attachments.fromMerged', { number: a.mergedFrom.number })}</Tag>}
                </>
              ),
            },
            { title: t('attachments.size'), key: 'size', render: (_, a) => formatSize(a.size) },
            { title: t('attachments.by'), key: 'by', render: (_, a) => a.uploadedBy ?? '—' },
            { title: t('attachments.at'), key: 'at', render: (_, a) => when(a.uploadedAt) },
          ]}
        />
      )}
    </Card>
  );
}
