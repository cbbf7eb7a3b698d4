// The customer's side end to end: a customer on a phone writes in at /support and gets the ticket number, asks the
// portal for a magic link, opens it from the e-mail as it arrived at a local SMTP server, sees the ticket and replies;
// an agent sees the reply on the ticket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, injectAxe, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';
import { startSmtpSink } from './smtp-sink.mjs';

let host, browser, api, smtp;
const saved = {};
before(async () => {
  smtp = await startSmtpSink();
  for (const [key, value] of Object.entries(smtp.env(smtp.port))) { saved[key] = process.env[key]; process.env[key] = value; }
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
  await api('POST', '/api/users', { userName: 'zhou.jie', displayName: '周杰', password: 'Ag3nt-Pa55word!', roles: ['agent'] });
});
after(async () => {
  await browser?.close();
  await host?.stop();
  await smtp?.close();
  for (const [key, value] of Object.entries(saved)) { if (value === undefined) delete process.env[key]; else process.env[key] = value; }
});

test('a customer writes in, opens the magic link from the e-mail, sees the ticket and replies; the agent sees the reply', async () => {
  const email = 'li.wei@harbour.example.com';
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-US' });
  const problems = watchConsole(page);
  await page.goto(`${host.url}/support?lang=en`);
  await page.getByLabel('Your name').fill('Li Wei');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Subject').fill('Dishwasher leaks');
  await page.getByLabel('What happened?').fill('Water under the door since Monday.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('We have your request').waitFor();
  const number = (await page.locator('.number').innerText()).trim();

  await page.goto(`${host.url}/portal?lang=en`);
  await page.getByRole('heading', { name: 'Customer portal' }).waitFor();
  assert.equal(await page.getByRole('link', { name: /tickets|settings|customers/i }).count(), 0, 'no staff menu');
  await page.getByLabel('E-mail').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await injectAxe(page);
  const violations = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
    .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'the portal passes WCAG 2.1 AA');

  const mail = await eventually(() => smtp.received.find((m) => m.to.includes(email) && smtp.text(m).includes('/portal#')), 'the magic link e-mail', 60);
  const link = smtp.text(mail).match(/https?:\/\/\S+\/portal#[A-Za-z0-9_-]+/)[0];
  assert.ok(link.startsWith(host.url), 'the link points at this host');
  await page.goto(link);
  await page.getByText('Hello, Li Wei').waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
  const row = page.getByRole('button', { name: /Dishwasher leaks/ });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`${number}[\\s\\S]*Received`));
  await page.screenshot({ path: join(artifacts, 'portal-tickets-en.png'), fullPage: true });

  await row.click();
  await page.getByRole('heading', { name: 'Dishwasher leaks' }).waitFor();
  await page.getByLabel('Add details or reply').fill('The leak is from the lower hose.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByText('The leak is from the lower hose.').waitFor();
  await page.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'portal-ticket-en.png'), fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Send me a link' }).waitFor();
  const afterSignOut = await page.evaluate(async () => (await fetch('/api/portal/tickets')).status);
  assert.equal(afterSignOut, 401, 'signing out ends the session');
  problems.length = 0; // the probe's own 401 above

  const again = await browser.newPage();
  await again.goto(link);
  await again.getByRole('alert').filter({ hasText: 'already used' }).waitFor();
  await again.close();
  assert.deepEqual(problems, [], 'no console errors or warnings');

  const ticket = (await api('GET', `/api/tickets?Q=${encodeURIComponent(number)}`)).items.find((t) => t.number === number);
  const agent = await browser.newPage();
  await signIn(agent, host.url, { user: 'zhou.jie', password: 'Ag3nt-Pa55word!', language: 'en', path: `/tickets/${ticket.id}` });
  await agent.getByText('The leak is from the lower hose.').first().waitFor();
  const comments = await api('GET', `/api/tickets/${ticket.id}/comments`);
  assert.deepEqual(comments.map((c) => [c.body, c.inboundChannel, c.author]), [['The leak is from the lower hose.', 'portal', email]]);
  await agent.close();
  await page.close();
});

test('the portal speaks Chinese and says so when the address is unknown: the same answer, and no e-mail', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, locale: 'zh-CN' });
  const before = smtp.received.length;
  await page.goto(`${host.url}/portal`);
  await page.getByRole('heading', { name: '客户服务门户' }).waitFor();
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await page.getByText('请填写此项').waitFor();
  await page.getByLabel('电子邮箱').fill('nobody@nowhere.example.cn');
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await page.getByRole('heading', { name: '请查收邮件' }).waitFor();
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(smtp.received.length, before, 'nothing is sent to an unknown address');
  await page.close();
});
