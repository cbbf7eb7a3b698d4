// What Csm could not send is in front of a manager. The SMTP server here is down (a closed port) and a message is
// tried once before it is parked: a reply to a customer is parked with the connection error, and one to a customer
// without an e-mail address is failed with that reason. The manager finds both under Settings → Outbound messages,
// retries the parked one (tried again, parked again) and cancels the one nobody can receive; an agent has no such menu
// entry and the API refuses them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';
import { openSubmenu } from './ui.mjs';

let host, browser, api;
before(async () => {
  const closed = await new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });
  Object.assign(process.env, { Email__Mode: 'Smtp', Email__Host: '127.0.0.1', Email__Port: String(closed), Outbound__MaxAttempts: '1' });
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

const manager = { userName: 'zhao.lei', password: 'Manager-Pa55word!' };
const agent = { userName: 'sun.li', password: 'Agent-Pa55word!' };

async function replyTo(customer) {
  const ticket = await eventually(() => api('POST', '/api/tickets', { customerId: customer.id, typeCode: 'repair', channel: 'phone', priority: 'normal', subject: '打印机卡纸' }).catch(() => null), 'a ticket for the new customer');
  await api('POST', `/api/tickets/${ticket.id}/comments`, { body: '工程师明天上午到。', visibility: 'customer', version: ticket.version });
  return ticket;
}

test('a manager finds what could not be sent with its reason, retries the parked reply and cancels the one nobody can receive', async () => {
  await api('POST', '/api/users', { userName: manager.userName, displayName: '赵磊', password: manager.password, roles: ['manager'] });
  await replyTo(await api('POST', '/api/customers', { name: '有邮箱客户', tier: 'standard', contacts: [{ name: '陈静', email: 'chen.jing@example.com', isPrimary: true }] }));
  await replyTo(await api('POST', '/api/customers', { name: '无邮箱客户', tier: 'standard' }));
  // Each ticket's acknowledgement went the same way as its reply: wait for both of each before looking.
  const settled = async (status) => { const { items } = await api('GET', `/api/operations/outbound?status=${status}`); return items.length === 2 && items.find((m) => m.kind === 'ticketReply'); };
  const parked = await eventually(() => settled('parked'), 'the parked reply');
  const failed = await eventually(() => settled('failed'), 'the reply nobody can receive');
  assert.equal(parked.recipient, 'chen.jing@example.com');
  assert.equal(failed.recipient ?? null, null);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: manager.userName, password: manager.password, language: 'zh-CN' });
  await page.getByRole('menuitem', { name: '设置' }).hover();
  await page.getByRole('menuitem', { name: '发送记录' }).click();
  await page.getByRole('heading', { name: '发送记录' }).waitFor();

  // Failed: nobody to send it to, so it can be cancelled but not retried.
  const nobody = page.getByRole('row', { name: new RegExp(`^${failed.id}\\s`) });
  await nobody.waitFor();
  assert.match(await nobody.innerText(), /（无收件人）[\s\S]*工单 · ticket:\d+[\s\S]*no e-mail address/);
  assert.equal(await page.getByRole('button', { name: `重试消息 ${failed.id}` }).count(), 0);
  await page.getByRole('button', { name: `取消发送消息 ${failed.id}` }).click();
  await page.getByRole('button', { name: '取消发送' }).last().click();
  await page.getByText(`消息 ${failed.id} 已取消。`).waitFor();
  await page.getByRole('tab', { name: '已取消 (1)' }).waitFor();

  // Parked: the server was down; retried, it is tried once more and parked again with the error.
  // Parked: the reply and the ticket's acknowledgement before it, both to the address nobody could reach.
  await page.getByRole('tab', { name: '已搁置 (2)' }).click();
  const down = page.getByRole('row', { name: new RegExp(`^${parked.id}\\s`) });
  await down.waitFor();
  assert.match(await down.innerText(), /chen\.jing@example\.com/);
  await page.screenshot({ path: join(artifacts, 'outbound-zh.png'), fullPage: true });
  await page.getByRole('button', { name: `重试消息 ${parked.id}` }).click();
  await page.getByText(`消息 ${parked.id} 已重新排队。`).waitFor();
  const again = await eventually(async () => (await api('GET', '/api/operations/outbound?status=parked')).items.find((m) => m.id === parked.id && m.attempts === 1 && m.lastError), 'the retried reply parked again');
  assert.ok(again.lastError.length > 0);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('an agent has no outbound messages entry and the API refuses them', async () => {
  await api('POST', '/api/users', { userName: agent.userName, displayName: '孙丽', password: agent.password, roles: ['agent'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, host.url, { user: agent.userName, password: agent.password, language: 'en' });
  await openSubmenu(page, 'Settings', 'Roles');
  assert.equal(await page.getByRole('menuitem', { name: 'Outbound messages' }).count(), 0);
  assert.equal(await page.getByRole('menuitem', { name: 'Users' }).count(), 0, 'users are for admins');
  const agentApi = await apiSession(host.url, agent.userName, agent.password);
  await assert.rejects(agentApi('GET', '/api/operations/outbound'), /403/);
  await page.close();
});
