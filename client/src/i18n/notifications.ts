// Texts of the notification bell in the header. Every key in both languages (the i18n test checks it).
export const zh = {
  'notifications.bell': '通知：{n} 条未读',
  'notifications.title': '通知',
  'notifications.markAllRead': '全部标为已读',
  'notifications.empty': '暂无通知',
  'notifications.unread': '未读',
  'notifications.atRisk': '工单 {number} {target}即将超时',
  'notifications.breached': '工单 {number} {target}已超时',
  'notifications.escalated.atRisk': '工单 {number} 已升级给你（{target}即将超时）',
  'notifications.escalated.breached': '工单 {number} 已升级给你（{target}已超时）',
  'notifications.ruleEscalated': '工单 {number} 已被规则升级：{reason}',
  'notifications.target.firstResponse': '首次响应时限',
  'notifications.target.resolution': '解决时限',
  'notifications.target.stage': '阶段时限',
  'notifications.target.any': '时限',
};

export const en: Record<keyof typeof zh, string> = {
  'notifications.bell': 'Notifications: {n} unread',
  'notifications.title': 'Notifications',
  'notifications.markAllRead': 'Mark all read',
  'notifications.empty': 'No notifications',
  'notifications.unread': 'Unread',
  'notifications.atRisk': 'Ticket {number} is at risk of missing its {target}',
  'notifications.breached': 'Ticket {number} breached its {target}',
  'notifications.escalated.atRisk': 'Ticket {number} was escalated to you ({target} at risk)',
  'notifications.escalated.breached': 'Ticket {number} was escalated to you ({target} breached)',
  'notifications.ruleEscalated': 'Ticket {number} was escalated by a rule: {reason}',
  'notifications.target.firstResponse': 'first response target',
  'notifications.target.resolution': 'resolution target',
  'notifications.target.stage': 'stage time limit',
  'notifications.target.any': 'target',
};
