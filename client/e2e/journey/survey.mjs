// Journey steps of the customer's side: the invitation e-mail in the host's mail drop, the survey page on a phone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts } from '../browser.mjs';

/** The text of a dropped .eml: headers as written, body decoded (SmtpClient writes UTF-8 bodies as base64). */
function readEml(file) {
  const raw = readFileSync(file, 'utf8');
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const decoded = /Content-Transfer-Encoding:\s*base64/i.test(headers) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { headers, body: decoded };
}

/** Waits for the e-mail to `to` in data/mail under the host's folder and returns the survey link it carries. */
export async function invitationLinkFromMailDrop(folder, to, timeoutMs = 60_000) {
  const drop = join(folder, 'data', 'mail');
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((r) => setTimeout(r, 500))) {
    if (!existsSync(drop)) continue;
    for (const name of readdirSync(drop).filter((f) => f.endsWith('.eml'))) {
      const mail = readEml(join(drop, name));
      if (!new RegExp(`^To:.*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(mail.headers)) continue;
      const link = mail.body.match(/https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/);
      if (link) return link[0];
    }
  }
  throw new Error(`no survey e-mail to ${to} in ${drop} within ${timeoutMs} ms`);
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
