// An admin sets up a mailbox for e-mail to ticket under Settings → Mailboxes: the form, the secret that is never shown
// again, and "Test connection" answering what happened (here: nothing listens on the port), then the same page in Chinese.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

/** A loopback port nobody listens on: taken, then released. */
const closedPort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

test('an admin adds a mailbox, its secret is never shown again, and testing it says why it cannot connect', async () => {
  const port = await closedPort();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { path: '/settings/mailboxes', language: 'en' });
  await page.getByRole('heading', { name: 'Mailboxes', level: 2 }).waitFor();

  await page.getByRole('button', { name: 'Add a mailbox' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a mailbox' });
  await dialog.getByLabel('Name', { exact: true }).fill('Support');
  await dialog.getByLabel('Host').fill('127.0.0.1');
  await dialog.getByLabel('Port').fill(String(port));
  await dialog.getByLabel('User name').fill('support@example.cn');
  await dialog.getByLabel('Password or app token').fill('s3cret-app-token');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Mailbox Support saved.').waitFor();

  const row = page.getByRole('row', { name: /Support/ });
  await row.getByText(`127.0.0.1:${port} · SSL/TLS`).waitFor();
  await row.getByText('Not fetched yet').waitFor();
  await page.getByRole('button', { name: 'Test the connection of mailbox Support' }).click();
  await page.getByText(/Support: Could not connect: 127\.0\.0\.1:\d+ cannot be reached/).waitFor();
  await page.screenshot({ path: join(artifacts, 'mailboxes-en.png'), fullPage: true });
  assert.ok(!(await page.content()).includes('s3cret-app-token'), 'the secret is not on the page');
  const listed = await api('GET', '/api/mailboxes');
  assert.equal(listed.items[0].host, '127.0.0.1');
  assert.equal(JSON.stringify(listed).includes('s3cret'), false, 'nor in the API');

  await page.getByRole('button', { name: 'Messages of mailbox Support that could not be taken' }).click();
  await page.getByText('Every message was taken.').waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();

  const zh = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(zh, host.url, { path: '/settings/mailboxes', language: 'zh-CN' });
  await zh.getByRole('heading', { name: '收件邮箱', level: 2 }).waitFor();
  await zh.getByRole('button', { name: '测试邮箱 Support 的连接' }).waitFor();
  await zh.getByText('每分钟收取一次').waitFor();
  await zh.screenshot({ path: join(artifacts, 'mailboxes-zh.png'), fullPage: true });
  // The mailbox goes, after a confirmation; its deletion is audited and the list is empty.
  await zh.getByRole('button', { name: '删除邮箱 Support' }).click();
  await zh.getByRole('button', { name: '删除', exact: true }).click();
  await zh.getByText('已删除邮箱 Support').waitFor();
  assert.deepEqual((await api('GET', '/api/mailboxes')).items, []);
  await zh.close();
});
