import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { channelText, CustomerLink, CustomerPicker } from './common';

type Ticket = Schemas['TicketView'];

/**
 * Who wrote this WeChat ticket: the sender's OpenID (WeCom: UserID) and the customer it is linked to. A first-time sender
 * is linked to a new prospect; an agent who knows the person links the sender to the right customer here, and the
 * sender's later messages are that customer's.
 */
export function WeChatSender({ ticket, onProblem }: { ticket: Ticket; onProblem: (error: unknown) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [customerId, setCustomerId] = useState<number>();
  const senders = useQuery({
    queryKey: ['wechat-followers', ticket.id],
    queryFn: () => call(api.GET('/api/tickets/wechat-followers', { params: { query: { ticketId: ticket.id } } })),
  });
  const sender = senders.data?.[0];
  if (!sender) return null;
  const link = async () => {
    try {
      await call(api.PUT('/api/tickets/wechat-followers/{platform}/{openId}', {
        params: { path: { platform: sender.platform, openId: sender.openId } }, body: { customerId: customerId! },
      }));
      message.success(t('tickets.wechat.linked'));
      setCustomerId(undefined);
      await queryClient.invalidateQueries({ queryKey: ['wechat-followers', ticket.id] });
    } catch (error) {
      onProblem(error);
    }
  };
  return (
    <Card title={t('tickets.wechat.title', { channel: channelText(sender.platform, t) })}>
      <Descriptions size="small" column={1} items={[
        { key: 'sender', label: t('tickets.wechat.sender'), children: <Typography.Text code copyable>{sender.openId}</Typography.Text> },
        { key: 'customer', label: t('tickets.wechat.customer'), children: <CustomerLink id={sender.customerId} /> },
      ]} />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <CustomerPicker value={customerId} onChange={setCustomerId} id="wechat-link-customer" style={{ width: '100%' }} />
        <Button onClick={link} disabled={!customerId || customerId === sender.customerId}>{t('tickets.wechat.link')}</Button>
      </Space.Compact>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('tickets.wechat.hint')}</Typography.Paragraph>
    </Card>
  );
}
