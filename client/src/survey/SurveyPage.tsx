import { useCallback, useEffect, useState } from 'react';
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { answersOf, isScored, isShown, missing, preselected, range, type Form, type Given, type Question } from './form';
import { texts, type SurveyLanguage } from './texts';
import { browserId, type Source } from './source';

const api = createClient<paths>({ baseUrl: '' });
type State = 'loading' | 'form' | 'sending' | 'thanks' | 'notFound' | 'answered' | 'expired' | 'failed';

function stateOf(status: number): State {
  return status === 404 ? 'notFound' : status === 409 ? 'answered' : status === 410 ? 'expired' : 'failed';
}

export function SurveyPage({ source }: { source: Source }) {
  const [language, setLanguage] = useState<SurveyLanguage | undefined>(undefined);
  const [form, setForm] = useState<Form | null>(null);
  const [state, setState] = useState<State>('loading');
  const [given, setGiven] = useState<Record<string, Given>>({});
  const [showMissing, setShowMissing] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  // Before the form is known (an expired or used link) the phone's own language decides.
  const shown = language ?? (form?.language ?? navigator.language);
  const t = texts[shown.toLowerCase().startsWith('en') ? 'en' : 'zh-CN'];
  const mainClass = 'embed' in source && source.embed ? 'survey compact' : 'survey';

  const load = useCallback(async (lang?: SurveyLanguage) => {
    const { data, response } = 'token' in source
      ? await api.GET('/api/public/surveys/{token}', { params: { path: { token: source.token }, query: lang ? { lang } : {} } })
      : await api.GET('/api/public/survey-links/{link}', { params: { path: { link: source.link }, query: { lang: lang ?? source.lang } } });
    if (!response.ok || !data) { setState(stateOf(response.status)); return; }
    setForm(data);
    // A score chosen in the e-mail (one click) is shown chosen; the first load only, never over the customer's own.
    if (!lang) setGiven((g) => (Object.keys(g).length > 0 ? g : preselected(data, location.search)));
    document.documentElement.lang = data.language;
    setState((s) => (s === 'loading' || s === 'failed' ? 'form' : s));
  }, [source]);

  useEffect(() => { void load(); }, [load]);
  // In the feedback widget's panel, Escape closes the panel (keys pressed in a frame never reach the site's page).
  useEffect(() => {
    if (!('embed' in source && source.embed) || window.parent === window) return;
    const close = (e: KeyboardEvent) => { if (e.key === 'Escape') window.parent.postMessage('csm-feedback:close', '*'); };
    document.addEventListener('keydown', close);
    return () => document.removeEventListener('keydown', close);
  }, [source]);

  const switchLanguage = () => {
    const next: SurveyLanguage = (language ?? form?.language) === 'en' ? 'zh-CN' : 'en';
    setLanguage(next);
    void load(next);
  };
  const give = (key: string, change: Given) => setGiven((g) => ({ ...g, [key]: { ...g[key], ...change } }));

  const submit = async () => {
    if (!form) return;
    if (missing(form, given).length > 0) { setShowMissing(true); return; }
    setState('sending');
    const answers = answersOf(form, given);
    const { response, error } = 'token' in source
      ? await api.POST('/api/public/surveys/{token}/responses', { params: { path: { token: source.token } }, body: { answers } })
      : await api.POST('/api/public/survey-links/{link}/responses', {
        params: { path: { link: source.link } },
        body: { answers, browser: browserId(), channel: source.channel, page: source.page ?? null, language: form.language },
      });
    if (response.ok) {
      setState('thanks');
      // The feedback widget closes its panel a moment after the thanks.
      if (window.parent !== window) window.parent.postMessage('csm-feedback:done', '*');
      return;
    }
    if (response.status === 400) {
      setServerErrors((error as { errors?: Record<string, string[]> })?.errors ?? {});
      setState('form');
      return;
    }
    setState(stateOf(response.status));
  };

  if (state === 'loading') return <main className={mainClass}><p role="status">{t.loading}</p></main>;
  if (state !== 'form' && state !== 'sending') {
    const message = { thanks: t.thanks, notFound: t.notFound, answered: t.answered, expired: t.expired, failed: t.failed }[state];
    return (
      <main className={mainClass}>
        <section className="card end" role="status">
          <h1>{message}</h1>
          {state === 'thanks' && <p>{t.thanksDetail}</p>}
          {state === 'failed' && <button type="button" onClick={() => { setState('loading'); void load(language); }}>{t.retry}</button>}
        </section>
      </main>
    );
  }
  const unanswered = showMissing && form ? new Set(missing(form, given)) : new Set<string>();
  return (
    <main className={mainClass}>
      <header>
        <button type="button" className="link" onClick={switchLanguage}>{t.switchTo}</button>
        {form?.firstName && <p className="greeting">{t.greeting(form.firstName)}</p>}
        <h1>{form?.title}</h1>
      </header>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        {(form?.questions ?? []).filter((q) => isShown(q, given)).map((q) => (
          <QuestionField key={q.key} question={q} given={given[q.key] ?? {}} onChange={(c) => give(q.key, c)}
            error={unanswered.has(q.key) ? t.required : serverErrors[`answers.${q.key}`]?.[0] ?? serverErrors[q.key]?.[0]} t={t} />
        ))}
        <button type="submit" className="primary" disabled={state === 'sending'}>{state === 'sending' ? t.sending : t.submit}</button>
      </form>
    </main>
  );
}

type Texts = (typeof texts)[SurveyLanguage];

function QuestionField({ question: q, given, onChange, error, t }: {
  question: Question; given: Given; onChange: (change: Given) => void; error?: string; t: Texts;
}) {
  const id = `q-${q.key}`;
  return (
    <fieldset className={`card${error ? ' invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{q.text}{q.required && <span aria-hidden="true"> *</span>}</legend>
      {isScored(q) && (
        <>
          <div className={`scale scale-${range(q).length}`} role="radiogroup" aria-label={q.text}>
            {range(q).map((n) => (
              <button key={n} type="button" role="radio" aria-checked={given.score === n} className={given.score === n ? 'chosen' : ''}
                onClick={() => onChange({ score: n })}>{n}</button>
            ))}
          </div>
          {(q.kind === 'nps' || q.kind === 'ces') && (
            <div className="ends" aria-hidden="true">
              <span>{q.kind === 'nps' ? t.unlikely : t.easy}</span><span>{q.kind === 'nps' ? t.likely : t.hard}</span>
            </div>
          )}
        </>
      )}
      {q.kind === 'text' && (
        <textarea id={id} aria-label={q.text} rows={4} maxLength={2000} placeholder={t.placeholder} value={given.text ?? ''}
          onChange={(e) => onChange({ text: e.target.value })} />
      )}
      {(q.kind === 'singleChoice' || q.kind === 'multipleChoice') && (q.choices ?? []).map((c) => {
        const chosen = (given.choices ?? []).includes(c.key);
        const toggle = () => onChange({
          choices: q.kind === 'singleChoice' ? [c.key] : chosen ? (given.choices ?? []).filter((k) => k !== c.key) : [...(given.choices ?? []), c.key],
        });
        return (
          <label key={c.key} className="choice">
            <input type={q.kind === 'singleChoice' ? 'radio' : 'checkbox'} name={id} checked={chosen} onChange={toggle} /> {c.text}
          </label>
        );
      })}
      {error && <p id={`${id}-error`} className="error" role="alert">{error}</p>}
    </fieldset>
  );
}
