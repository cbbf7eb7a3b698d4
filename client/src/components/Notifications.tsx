import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, call } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState } from './States';
import { bellLabel, notificationLink, notificationText, type Notification } from './NotificationsText';

const queryKey = ['notifications'];

/** A bell outline; its meaning is the button's label, so screen readers skip the drawing. */
function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/**
 * The header's bell: how many notifications the signed-in person has not read (asked every minute and whenever the
 * window gets focus), and a panel with the newest ones, each a link to its ticket. Following a link marks it read.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey,
    queryFn: () => call(api.GET('/api/tickets/notifications', { params: { query: { PageSize: 10 } } })),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const markRead = useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => call(api.POST('/api/tickets/notifications/read', { body })),
    onSettled: () => client.invalidateQueries({ queryKey }),
  });
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const openOne = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
  };

  const panel = (
    <div style={{ width: 360, maxWidth: '80vw' }}>
      {!list.data ? <QueryState isPending={list.isPending} error={list.error} retry={() => list.refetch()} />
        : items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
          : (
            <ul aria-label={t('notifications.title')} style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 400, overflowY: 'auto' }}>
              {items.map((n, i) => (
                <li key={n.id} data-testid="notification" style={{ padding: '8px 0', borderTop: i === 0 ? undefined : '1px solid #f0f0f0' }}>
                  <Link to={notificationLink(n)} onClick={() => openOne(n)} style={{ fontWeight: n.readAt ? 'normal' : 600 }}>
                    {notificationText(n, t)}
                  </Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[n.customerName, n.subject, dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')].filter(Boolean).join(' · ')}
                      {!n.readAt && <> · {t('notifications.unread')}</>}
                    </Typography.Text>
                  </div>
                </li>
              ))}
            </ul>
          )}
    </div>
  );

  return (
    <Popover
      open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" content={panel}
      title={(
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16 }}>
          <span>{t('notifications.title')}</span>
          <Button size="small" type="link" disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            {t('notifications.markAllRead')}
          </Button>
        </div>
      )}
    >
      <Button type="text" aria-label={bellLabel(unread, t)} aria-expanded={open} style={{ color: '#fff', height: 'auto', padding: '4px 8px' }}>
        {/* antd's default red is too light for white digits (WCAG AA contrast): a darker one. */}
        <Badge count={unread} size="small" color="#cf1322">
          <span style={{ color: '#fff', display: 'inline-flex' }}><BellIcon /></span>
        </Badge>
      </Button>
    </Popover>
  );
}
