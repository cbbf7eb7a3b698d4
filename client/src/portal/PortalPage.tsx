import { useCallback, useEffect, useState } from 'react';
import createClient from 'openapi-fetch';
import type { components, paths } from '../api/schema';
import { formatSize } from './link';
import { languageOf, texts, type PortalLanguage, type Texts } from './texts';

const api = createClient<paths>({ baseUrl: '' });
type Session = components['schemas']['PortalSessionView'];
type Ticket = components['schemas']['PortalTicket'];
type Detail = components['schemas']['GetPortalTicketDetail'];
type OpenSurvey = components['schemas']['ListPortalSurveysItem'];
type View = { name: 'loading' | 'ask' | 'inbox' | 'list' } | { name: 'ticket'; id: number };

// Whether this browser opened a portal session before: only then is the (HttpOnly) cookie worth asking about, so a
// first visit shows the e-mail form without a 401.
const remembered = {
  get: () => localStorage.getItem('csm.portal') === '1',
  set: (on: boolean) => (on ? localStorage.setItem('csm.portal', '1') : localStorage.removeItem('csm.portal')),
};
const problemDetail = (error: unknown): string | undefined => (error as { detail?: string } | undefined)?.detail;
const when = (iso: string, language: PortalLanguage) => new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });

export function PortalPage({ token, language: requested }: { token: string | null; language: string }) {
  const [language, setLanguage] = useState<PortalLanguage>(languageOf(requested));
  const [view, setView] = useState<View>({ name: 'loading' });
  const [session, setSession] = useState<Session | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const t = texts[language];
  document.documentElement.lang = language;

  const signedIn = (s: Session) => { remembered.set(true); setSession(s); setLanguage(languageOf(s.language)); setView({ name: 'list' }); };
  const ended = useCallback(() => { remembered.set(false); setSession(null); setMessage(texts[language].expired); setView({ name: 'ask' }); }, [language]);

  useEffect(() => {
    let live = true;
    (async () => {
      if (token) {
        const { data, error } = await api.POST('/api/public/portal/sessions', { body: { token } });
        if (!live) return;
        if (data) { signedIn(data); return; }
        setMessage(problemDetail(error) ?? (error as { errors?: Record<string, string[]> })?.errors?.token?.[0] ?? null);
        setView({ name: 'ask' });
        return;
      }
      if (!remembered.get()) { setView({ name: 'ask' }); return; }
      const { data } = await api.GET('/api/portal/session');
      if (!live) return;
      if (data) signedIn(data); else { remembered.set(false); setView({ name: 'ask' }); }
    })();
    return () => { live = false; };
  }, [token]);

  const signOut = async () => { await api.DELETE('/api/portal/session'); remembered.set(false); setSession(null); setMessage(null); setView({ name: 'ask' }); };

  return (
    <main className="survey support portal">
      <header>
        <button type="button" className="link" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>{t.switchTo}</button>
        <h1>{t.title}</h1>
        {session && (
          <div className="bar">
            <span>{t.hello}{session.name}</span>
            <button type="button" onClick={() => void signOut()}>{t.signOut}</button>
          </div>
        )}
      </header>
      {view.name === 'loading' && <p role="status">{t.opening}</p>}
      {view.name === 'ask' && <AskForLink t={t} language={language} notice={message} onSent={() => { setMessage(null); setView({ name: 'inbox' }); }} />}
      {view.name === 'inbox' && (
        <section className="card end" role="status">
          <h2>{t.checkInbox}</h2>
          <p>{t.checkInboxHint}</p>
          <button type="button" className="primary" onClick={() => setView({ name: 'ask' })}>{t.again}</button>
        </section>
      )}
      {view.name === 'list' && <TicketList t={t} language={language} onOpen={(id) => setView({ name: 'ticket', id })} onEnded={ended} />}
      {view.name === 'ticket' && <TicketPage t={t} language={language} id={view.id} onBack={() => setView({ name: 'list' })} onOpen={(id) => setView({ name: 'ticket', id })} onEnded={ended} />}
    </main>
  );
}

function AskForLink({ t, language, notice, onSent }: { t: Texts; language: PortalLanguage; notice: string | null; onSent: () => void }) {
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    if (!email.trim()) { setError(t.required); return; }
    setSending(true);
    const { response, error: problem } = await api.POST('/api/public/portal/links', { body: { email: email.trim(), language } });
    setSending(false);
    if (response.status === 202) { onSent(); return; }
    setError(response.status === 400 ? ((problem as { errors?: Record<string, string[]> })?.errors?.email?.[0] ?? t.failed)
      : response.status === 429 ? t.tooMany : t.failed);
  };
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); void send(); }} noValidate>
      {notice && <p className="error" role="alert">{notice}</p>}
      <p className="hint">{t.askHint}</p>
      <div className="field">
        <label htmlFor="p-email">{t.email}</label>
        <input id="p-email" name="email" type="email" autoComplete="email" maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? 'p-email-error' : undefined} required />
        {error && <p id="p-email-error" className="error" role="alert">{error}</p>}
      </div>
      <button type="submit" className="primary" disabled={sending}>{sending ? t.sending : t.sendLink}</button>
    </form>
  );
}

function TicketList({ t, language, onOpen, onEnded }: { t: Texts; language: PortalLanguage; onOpen: (id: number) => void; onEnded: () => void }) {
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [surveys, setSurveys] = useState<OpenSurvey[]>([]);
  useEffect(() => {
    (async () => {
      const [list, open] = await Promise.all([api.GET('/api/portal/tickets'), api.GET('/api/portal/surveys')]);
      if (list.response.status === 401) { onEnded(); return; }
      setTickets(list.data ?? []);
      setSurveys(open.data ?? []);
    })();
  }, [onEnded]);
  const answer = async (invitationId: number) => {
    const { data } = await api.POST('/api/portal/surveys/{invitationId}/link', { params: { path: { invitationId } } });
    if (data) location.assign(data.url + (language === 'en' ? '?lang=en' : ''));
  };
  if (tickets === null) return <p role="status">{t.opening}</p>;
  return (
    <>
      {surveys.length > 0 && (
        <section aria-labelledby="p-surveys">
          <h2 id="p-surveys">{t.surveys}</h2>
          <ul>
            {surveys.map((s) => (
              <li key={s.invitationId} className="card survey-item">
                <span>{s.title}<br /><small>{t.until} {when(s.expiresAt, language)}</small></span>
                <button type="button" onClick={() => void answer(s.invitationId)}>{t.answer}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="p-tickets">
        <h2 id="p-tickets">{t.tickets}</h2>
        {tickets.length === 0 && <p>{t.noTickets}</p>}
        <ul>
          {tickets.map((ticket) => (
            <li key={ticket.id}>
              <button type="button" className="ticket" onClick={() => onOpen(ticket.id)}>
                <strong>{ticket.subject}</strong>
                <span className="meta">
                  <span>{ticket.number}</span>
                  <span className={`state ${ticket.state}`}>{t.states[ticket.state]}</span>
                </span>
                <span className="meta"><span>{t.updated} {when(ticket.updatedAt, language)}</span></span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function TicketPage({ t, language, id, onBack, onOpen, onEnded }: {
  t: Texts; language: PortalLanguage; id: number; onBack: () => void; onOpen: (id: number) => void; onEnded: () => void;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState<'reply' | 'upload' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const { data, response } = await api.GET('/api/portal/tickets/{id}', { params: { path: { id } } });
    if (response.status === 401) { onEnded(); return; }
    if (data) setDetail(data); else onBack();
  }, [id, onBack, onEnded]);
  useEffect(() => { void load(); }, [load]);

  const send = async () => {
    if (!reply.trim()) { setError(t.required); return; }
    setBusy('reply'); setError(null);
    const { data, response } = await api.POST('/api/portal/tickets/{id}/replies', { params: { path: { id } }, body: { body: reply } });
    setBusy(null);
    if (response.status === 401) { onEnded(); return; }
    if (!data) { setError(t.failed); return; }
    setReply('');
    if (data.outcome === 'newTicket') { setNotice(t.newTicket(data.number)); onOpen(data.ticketId); return; }
    setNotice(data.outcome === 'reopened' ? t.reopened : t.sent);
    await load();
  };
  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const form = new FormData();
    for (const file of Array.from(files)) form.append('files', file);
    setBusy('upload'); setError(null);
    const response = await fetch(`/api/portal/tickets/${id}/attachments`, { method: 'POST', body: form, credentials: 'same-origin' });
    setBusy(null);
    if (response.status === 401) { onEnded(); return; }
    if (!response.ok) { setError(((await response.json().catch(() => null)) as { detail?: string } | null)?.detail ?? t.failed); return; }
    setNotice(t.sent);
    await load();
  };

  if (!detail) return <p role="status">{t.opening}</p>;
  const { ticket } = detail;
  return (
    <>
      <div className="bar"><button type="button" onClick={onBack}>← {t.back}</button></div>
      <section className="card" aria-labelledby="p-ticket">
        <h2 id="p-ticket">{ticket.subject}</h2>
        <p className="meta"><span>{ticket.number}</span><span className={`state ${ticket.state}`}>{t.states[ticket.state]}</span></p>
        {detail.description && <div className="message you"><p className="who">{t.you} · {when(ticket.createdAt, language)}</p>{detail.description}</div>}
        {detail.messages.map((m) => (
          <div key={m.id} className={m.fromYou ? 'message you' : 'message'}>
            <p className="who">{m.fromYou ? t.you : t.service} · {when(m.createdAt, language)}</p>
            {m.body}
          </div>
        ))}
      </section>
      {detail.files.length > 0 && (
        <section className="card" aria-labelledby="p-files">
          <h2 id="p-files">{t.files}</h2>
          <ul>
            {detail.files.map((f) => (
              <li key={f.id}><a href={`/api/portal/tickets/${id}/attachments/${f.id}`} download={f.fileName}>{f.fileName}</a> ({formatSize(f.size)})</li>
            ))}
          </ul>
        </section>
      )}
      <form className="card" onSubmit={(e) => { e.preventDefault(); void send(); }} noValidate>
        <div className="field">
          <label htmlFor="p-reply">{t.replyLabel}</label>
          <textarea id="p-reply" name="reply" rows={4} maxLength={20000} value={reply} onChange={(e) => setReply(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'p-reply-error' : undefined} />
          {error && <p id="p-reply-error" className="error" role="alert">{error}</p>}
        </div>
        <div className="field">
          <label htmlFor="p-files-input">{busy === 'upload' ? t.uploading : t.upload}</label>
          <input id="p-files-input" type="file" multiple disabled={busy !== null} onChange={(e) => { void upload(e.target.files); e.target.value = ''; }} />
        </div>
        {notice && <p className="notice" role="status">{notice}</p>}
        <button type="submit" className="primary" disabled={busy !== null}>{busy === 'reply' ? t.sending : t.send}</button>
      </form>
    </>
  );
}
