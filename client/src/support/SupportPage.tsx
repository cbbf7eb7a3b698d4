import { useState } from 'react';
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { bodyOf, empty, missing, type Field, type Values } from './form';
import { languageOf, texts, type SupportLanguage } from './texts';

const api = createClient<paths>({ baseUrl: '' });
type State = 'form' | 'sending' | 'received';
type Upload = { state: 'none' } | { state: 'sending' } | { state: 'sent'; count: number } | { state: 'failed'; why: string };

/** The writer's files to the ticket just opened, with the receipt's upload token (multipart, as every upload). */
async function sendFiles(number: string, token: string, files: File[]): Promise<Upload> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  try {
    const response = await fetch(`/api/public/tickets/${encodeURIComponent(number)}/attachments`, { method: 'POST', headers: { 'X-Upload-Token': token }, body: form });
    if (response.ok) return { state: 'sent', count: files.length };
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
    return { state: 'failed', why: problem.detail ?? problem.title ?? String(response.status) };
  } catch {
    return { state: 'failed', why: '' };
  }
}

export function SupportPage({ language: requested, page }: { language: string; page?: string }) {
  const [language, setLanguage] = useState<SupportLanguage>(languageOf(requested));
  const [values, setValues] = useState<Values>(empty);
  const [state, setState] = useState<State>('form');
  const [number, setNumber] = useState('');
  const [shownMissing, setShownMissing] = useState<Field[]>([]);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [receipt, setReceipt] = useState<{ number: string; token: string } | null>(null);
  const [upload, setUpload] = useState<Upload>({ state: 'none' });
  const t = texts[language];
  document.documentElement.lang = language;

  const set = (key: keyof Values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = async () => {
    const gaps = missing(values);
    setShownMissing(gaps);
    if (gaps.length > 0) return;
    setState('sending');
    setFailure(null);
    const { data, error, response } = await api.POST('/api/public/tickets', { body: bodyOf(values, language, page) });
    if (response.ok && data) {
      setNumber(data.number);
      setReceipt({ number: data.number, token: data.uploadToken });
      setState('received');
      if (files.length > 0) { setUpload({ state: 'sending' }); setUpload(await sendFiles(data.number, data.uploadToken, files)); }
      return;
    }
    setState('form');
    if (response.status === 400) { setServerErrors((error as { errors?: Record<string, string[]> } | undefined)?.errors ?? {}); return; }
    setFailure(response.status === 429 ? t.tooMany : t.failed);
  };

  if (state === 'received') {
    return (
      <main className="survey support">
        <section className="card end" role="status">
          <h1>{t.received}</h1>
          <p>{t.numberIs}<span className="number">{number}</span></p>
          <p>{t.keepNumber}</p>
          {upload.state === 'sending' && <p>{t.sending}</p>}
          {upload.state === 'sent' && <p>{t.filesSent(upload.count)}</p>}
          {upload.state === 'failed' && (
            <>
              <p className="error" role="alert">{t.filesFailed}{upload.why}</p>
              {receipt && <button type="button" onClick={() => { setUpload({ state: 'sending' }); void sendFiles(receipt.number, receipt.token, files).then(setUpload); }}>{t.filesRetry}</button>}
            </>
          )}
          <button type="button" className="primary" onClick={() => { setValues(empty); setFiles([]); setUpload({ state: 'none' }); setServerErrors({}); setState('form'); }}>{t.another}</button>
        </section>
      </main>
    );
  }

  const errorOf = (field: Field): string | undefined =>
    shownMissing.includes(field) ? (field === 'contact' ? t.contactHint : t.required) : serverErrors[field]?.[0];
  const input = (key: 'name' | 'email' | 'phone' | 'subject', label: string, required: boolean, type = 'text', autoComplete?: string) => {
    const error = errorOf(key) ?? (key === 'email' ? errorOf('contact') : undefined);
    return (
      <div className="field">
        <label htmlFor={`f-${key}`}>{label}{required && <span aria-hidden="true"> *</span>}</label>
        <input id={`f-${key}`} name={key} type={type} autoComplete={autoComplete} value={values[key]} onChange={set(key)}
          maxLength={key === 'subject' ? 300 : key === 'email' ? 320 : 100} aria-invalid={error ? true : undefined}
          aria-describedby={error ? `f-${key}-error` : undefined} required={required} />
        {error && <p id={`f-${key}-error`} className="error" role="alert">{error}</p>}
      </div>
    );
  };
  const descriptionError = errorOf('description');
  return (
    <main className="survey support">
      <header>
        <button type="button" className="link" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>{t.switchTo}</button>
        <h1>{t.title}</h1>
      </header>
      <form className="card" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        <p className="hint">{t.hint}</p>
        {input('name', t.name, true, 'text', 'name')}
        <p className="hint">{t.contactHint}</p>
        {input('email', t.email, false, 'email', 'email')}
        {input('phone', t.phone, false, 'tel', 'tel')}
        {input('subject', t.subject, true)}
        <div className="field">
          <label htmlFor="f-description">{t.description}<span aria-hidden="true"> *</span></label>
          <textarea id="f-description" name="description" rows={6} maxLength={20000} value={values.description} onChange={set('description')}
            aria-invalid={descriptionError ? true : undefined} aria-describedby={descriptionError ? 'f-description-error' : undefined} required />
          {descriptionError && <p id="f-description-error" className="error" role="alert">{descriptionError}</p>}
        </div>
        <div className="field">
          <label htmlFor="f-files">{t.files}</label>
          <input id="f-files" name="files" type="file" multiple aria-describedby="f-files-hint"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          <p id="f-files-hint" className="hint">{t.filesHint}</p>
        </div>
        <div className="trap" aria-hidden="true">
          <label htmlFor="f-website">{t.trap}</label>
          <input id="f-website" name="website" tabIndex={-1} autoComplete="off" value={values.website} onChange={set('website')} />
        </div>
        {failure && <p className="error" role="alert">{failure}</p>}
        <button type="submit" className="primary" disabled={state === 'sending'}>{state === 'sending' ? t.sending : t.submit}</button>
      </form>
    </main>
  );
}
