import type { Schemas } from '../api/client';
import type { MessageKey } from '../i18n/zh-CN';

export type Notification = Schemas['ListNotificationsItem'];
type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The name of an SLA clock in words ("resolution target"); any clock when the notification names none. */
export function targetText(target: string | null | undefined, t: Translate): string {
  switch (target) {
    case 'firstResponse': return t('notifications.target.firstResponse');
    case 'resolution': return t('notifications.target.resolution');
    case 'stage': return t('notifications.target.stage');
    default: return t('notifications.target.any');
  }
}

/** A notification as a sentence in the reader's language: "Ticket T-000123 breached its resolution target". */
export function notificationText(n: Notification, t: Translate): string {
  const values = { number: n.ticketNumber ?? '', target: targetText(n.target, t), reason: n.reason ?? '', rule: n.subject, customer: n.customerName ?? '' };
  switch (n.kind) {
    case 'atRisk': return t('notifications.atRisk', values);
    case 'breached': return t('notifications.breached', values);
    case 'escalated': return t(n.slaState === 'atRisk' ? 'notifications.escalated.atRisk' : 'notifications.escalated.breached', values);
    case 'ruleNotice': return t('notifications.ruleNotice', values);
    case 'customerReplied': return t('notifications.customerReplied', values);
    default: return t('notifications.ruleEscalated', values);
  }
}

/** Where a notification leads: its ticket, or the customer a rule's notice is about. */
export const notificationLink = (n: Notification) => (n.ticketId ? `/tickets/${n.ticketId}` : `/customers/${n.customerId}`);

/** The bell's label for screen readers, which cannot see the badge: "Notifications: 3 unread". */
export function bellLabel(unread: number, t: Translate): string {
  return t('notifications.bell', { n: unread });
}
