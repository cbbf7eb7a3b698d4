// Journey steps of the customer's side: the invitation e-mail in the host's mail drop, the survey page on a phone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts } from '../browser.mjs';

/** A part's body as text: base64 and quoted-printable decoded, UTF-8. */
function decodePart(headers, body) {
  if (/Content-Transfer-Encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Headers and body of a message or a part (the drop writes LF line ends, SMTP CRLF). */
function split(raw) {
  const blank = /\r?\n\r?\n/.exec(raw);
  return blank ? { headers: raw.slice(0, blank.index), body: raw.slice(blank.index + blank[0].length) } : { headers: raw, body: '' };
}

/**
 * A dropped .eml: its headers, the text of its plain part(s) and its HTML part, decoded. An invitation is
 * multipart/alternative (text and HTML, each base64 or quoted-printable as MimeKit chose).
 */
export function readEml(file) {
  const { headers, body } = split(readFileSync(file, 'utf8'));
  const boundary = headers.match(/boundary="?([^";\r\n]+)"?/i)?.[1];
  if (!boundary) return { headers, body: decodePart(headers, body), html: undefined };
  const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--')).map((p) => split(p.replace(/^\r?\n/, '')));
  const of = (type) => parts.filter((p) => new RegExp(`Content-Type:\\s*${type}`, 'i').test(p.headers)).map((p) => decodePart(p.headers, p.body));
  return { headers, body: of('text/plain').join('\n'), html: of('text/html')[0] };
}

/** Waits for the e-mail to `to` in data/mail under the host's folder and returns it, decoded. */
export async function mailFromMailDrop(folder, to, timeoutMs = 60_000) {
  const drop = join(folder, 'data', 'mail');
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((r) => setTimeout(r, 500))) {
    if (!existsSync(drop)) continue;
    for (const name of readdirSync(drop).filter((f) => f.endsWith('.eml'))) {
      const mail = readEml(join(drop, name));
      if (new RegExp(`^To:.*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(mail.headers) && /\/s\//.test(mail.body)) return mail;
    }
  }
  throw new Error(`no survey e-mail to ${to} in ${drop} within ${timeoutMs} ms`);
}

/** Waits for the e-mail to `to` in data/mail under the host's folder and returns the survey link it carries. */
export async function invitationLinkFromMailDrop(folder, to, timeoutMs = 60_000) {
  const mail = await mailFromMailDrop(folder, to, timeoutMs);
  return mail.body.match(/https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/)[0];
}

/** The customer opens the link on a 360×740 phone and answers NPS `score` with a comment; the page thanks them. */
export async function answerOnPhone(browser, link, { score, comment, language }) {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: language });
  await page.goto(link);
  const send = language === 'en' ? 'Send' : '提交';
  await page.getByRole('radio', { name: String(score), exact: true }).first().click();
  const box = page.getByRole('textbox').first();
  if (await box.count()) await box.fill(comment);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling on a 360 px phone (page is ${width} px wide)`);
  await page.screenshot({ path: join(artifacts, `journey-survey-${language}.png`), fullPage: true });
  await page.getByRole('button', { name: send }).click();
  await page.getByText(language === 'en' ? 'Thank you for your feedback!' : '感谢您的反馈！').waitFor();
  await page.screenshot({ path: join(artifacts, `journey-survey-thanks-${language}.png`) });
  await page.close();
}
