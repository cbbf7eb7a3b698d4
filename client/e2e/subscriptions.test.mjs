// A manager subscribes a colleague to the weekly NPS report on the 报表订阅 page (a person without an e-mail address is
// refused under the field), and the report arrives at a local SMTP server: the key figures in the body, the CSV attached,
// byte for byte what the satisfaction report's API answers for the same week.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost, adminPassword } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';
import { startSmtpSink } from './smtp-sink.mjs';

let host, browser, api, smtp;
const saved = {};
before(async () => {
  smtp = await startSmtpSink();
  // The schedule looks every two seconds instead of every five minutes.
  const env = { ...smtp.env(smtp.port), 'Scheduler__Jobs__reports.subscriptions__Interval': '00:00:02' };
  for (const [key, value] of Object.entries(env)) { saved[key] = process.env[key]; process.env[key] = value; }
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => {
  await browser?.close();
  await host?.stop();
  await smtp?.close();
  for (const [key, value] of Object.entries(saved)) { if (value === undefined) delete process.env[key]; else process.env[key] = value; }
});

const manager = { userName: 'qian.hui', password: 'Manager-Pa55word!' };

/** The attachment of a raw message: its file name and its bytes (base64 or quoted-printable, as MimeKit chose). */
function attachment(raw) {
  const part = raw.split(/\r\n--[^\r\n]+/).find((p) => /Content-Disposition:\s*attachment/i.test(p));
  assert.ok(part, 'the e-mail has an attachment');
  const [headers, ...body] = part.replace(/^\r\n/, '').split('\r\n\r\n');
  const content = body.join('\r\n\r\n');
  const name = /filename\*?=(?:utf-8'')?"?([^";\r\n]+)"?/i.exec(headers.replace(/\r\n\s+/g, ' '))[1];
  const bytes = /Content-Transfer-Encoding:\s*base64/i.test(headers)
    ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
    : Buffer.from(content.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return { name: decodeURIComponent(name), bytes };
}

/** The last whole Monday-to-Sunday week in Shanghai. */
function lastWeek() {
  const today = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai' }));
  const monday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - ((today.getDay() + 6) % 7) - 7);
  const sunday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6);
  const day = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { from: day(monday), to: day(sunday) };
}

test('a manager subscribes a colleague to the weekly NPS report and it arrives with the key figures and the CSV the API answers', async () => {
  await api('POST', '/api/users', { userName: manager.userName, displayName: '钱慧', password: manager.password, roles: ['manager'] });
  await api('POST', '/api/users', { userName: 'wu.lan', displayName: '吴兰', password: 'Agent-Pa55word!', roles: ['accountManager'], email: 'wu.lan@example.com' });
  await api('POST', '/api/users', { userName: 'no.mail', displayName: '没有邮箱', password: 'Agent-Pa55word!', roles: ['agent'] });

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { path: '/report-subscriptions', user: manager.userName, password: manager.password, language: 'zh-CN' });
  await page.getByRole('heading', { name: '报表订阅' }).waitFor();

  await page.getByRole('button', { name: '新建订阅' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('no.mail');
  await dialog.getByRole('button', { name: '订阅' }).click();
  await dialog.getByText('no.mail has no e-mail address; add one to the user first.').waitFor();
  assert.deepEqual((await api('GET', '/api/report-subscriptions')).items, [], 'nothing half-written');

  await dialog.getByLabel('用户名').fill('wu.lan');
  await dialog.getByRole('button', { name: '订阅' }).click();
  await page.getByText('已订阅').waitFor();
  const row = page.getByRole('row', { name: /净推荐值 \(NPS\)/ });
  await row.getByText('wu.lan').waitFor();
  assert.match(await row.innerText(), /每周（周一至周日）[\s\S]*Asia\/Shanghai[\s\S]*中文/);

  const mail = await eventually(() => smtp.received.find((m) => m.to.includes('wu.lan@example.com')), 'the report e-mail');
  const week = lastWeek();
  await page.reload();
  await page.getByRole('row', { name: /净推荐值 \(NPS\)/ }).getByText(`${week.from} – ${week.to}`).waitFor();
  const text = smtp.text(mail);
  assert.match(text, /净推荐值 \(NPS\)/);
  assert.match(text, /回答数：0/, 'a new system has no answers last week');

  const { name, bytes } = attachment(mail.data);
  assert.equal(name, `satisfaction-nps-${week.from.replaceAll('-', '')}-${week.to.replaceAll('-', '')}.csv`);
  const login = await fetch(`${host.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'admin', password: adminPassword }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csv = await fetch(`${host.url}/api/reports/satisfaction?metric=nps&from=${week.from}&to=${week.to}&interval=day&timeZone=Asia/Shanghai`, { headers: { cookie, accept: 'text/csv' } });
  assert.deepEqual(bytes, Buffer.from(await csv.arrayBuffer()), 'the CSV the API answers for the same week');
  assert.equal(smtp.received.filter((m) => m.to.includes('wu.lan@example.com')).length, 1, 'the week goes out once');

  await page.screenshot({ path: join(artifacts, 'subscriptions-zh.png'), fullPage: true });
  assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), [], 'no console errors or warnings besides the refused subscription');
  await page.close();
});

test('the page is in English too', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, host.url, { path: '/report-subscriptions', user: manager.userName, password: manager.password, language: 'en' });
  await page.getByRole('heading', { name: 'Report subscriptions' }).waitFor();
  await page.getByRole('row', { name: /Net Promoter Score/ }).getByText('Weekly (Monday to Sunday)').waitFor();
  await page.close();
});
