/** What the web form holds; `website` is the honeypot people never see. */
export interface Values {
  name: string;
  email: string;
  phone: string;
  subject: string;
  description: string;
  website: string;
}

export const empty: Values = { name: '', email: '', phone: '', subject: '', description: '', website: '' };

export type Field = keyof Values | 'contact';

/** The fields a person must still fill before sending: each required one, and an e-mail or a phone. */
export function missing(v: Values): Field[] {
  const out: Field[] = [];
  for (const key of ['name', 'subject', 'description'] as const) if (v[key].trim() === '') out.push(key);
  if (v.email.trim() === '' && v.phone.trim() === '') out.push('contact');
  return out;
}

/** The request body: blank optional fields left out, the rest as typed. */
export function bodyOf(v: Values, language: string, page?: string) {
  return {
    name: v.name.trim(),
    email: v.email.trim() || undefined,
    phone: v.phone.trim() || undefined,
    subject: v.subject.trim(),
    description: v.description.trim(),
    language,
    website: v.website || undefined,
    page,
  };
}
