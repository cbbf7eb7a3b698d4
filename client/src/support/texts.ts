export type SupportLanguage = 'zh-CN' | 'en';

export function languageOf(requested: string): SupportLanguage {
  return requested.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export const texts = {
  'zh-CN': {
    title: '联系客服',
    hint: '请留下您的问题，我们会尽快回复。带 * 的为必填项。',
    name: '您的姓名',
    email: '电子邮箱',
    phone: '手机号码',
    contactHint: '电子邮箱或手机号码至少填写一项，方便我们回复您。',
    subject: '问题标题',
    description: '问题描述',
    submit: '提交',
    sending: '提交中…',
    received: '我们已收到您的问题',
    numberIs: '您的工单号：',
    keepNumber: '再次联系我们时，请提供此工单号。如留有电子邮箱，您也会收到一封确认邮件。',
    another: '再提交一个问题',
    required: '请填写此项',
    tooMany: '提交过于频繁，请稍后再试。',
    failed: '暂时无法提交，请稍后再试，或直接致电我们。',
    switchTo: 'English',
    trap: '请勿填写此项',
  },
  en: {
    title: 'Contact support',
    hint: 'Tell us what you need and we will answer soon. Fields marked * are required.',
    name: 'Your name',
    email: 'E-mail',
    phone: 'Mobile phone',
    contactHint: 'Give an e-mail address or a phone number (or both) so that we can answer.',
    subject: 'Subject',
    description: 'What happened?',
    submit: 'Send',
    sending: 'Sending…',
    received: 'We have your request',
    numberIs: 'Your ticket number: ',
    keepNumber: 'Quote this number when you contact us again. If you gave an e-mail address, a confirmation is on its way.',
    another: 'Send another request',
    required: 'Please fill this in',
    tooMany: 'Too many requests from here. Please try again in a minute.',
    failed: 'Your request could not be sent. Please try again later, or call us.',
    switchTo: '中文',
    trap: 'Leave this empty',
  },
} as const;
