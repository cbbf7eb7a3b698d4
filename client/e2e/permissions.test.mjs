// The permission matrix from the people's chairs: an agent lands on the ticket queue (their dashboard is the agents' one) and sees neither reports nor
// settings they cannot use; a manager may archive but not erase; an admin erases a customer's personal data only after
// typing the customer's name, and the audit log records it. Settings → Roles shows the matrix the server enforces.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

test('an agent lands on the queue without reports or configuration, and cannot edit a customer that is not theirs', async () => {
  await api('POST', '/api/users', { userName: 'he.ping', displayName: '何平', password: 'Agent-Pa55word!', roles: ['agent'] });
  const customer = await api('POST', '/api/customers', { name: '无锡纺织机械厂', tier: 'standard', accountManager: 'someone.else' });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'he.ping', password: 'Agent-Pa55word!', language: 'zh-CN', path: '/' });
  await page.waitForURL(/\/tickets$/);
  await page.getByRole('menuitem', { name: '工单' }).first().waitFor();
  for (const hidden of ['报表', '主动服务', '导入']) assert.equal(await page.getByRole('menuitem', { name: hidden }).count(), 0, `no ${hidden} for an agent`);
  await page.getByRole('menuitem', { name: '设置' }).hover();
  await page.getByRole('menuitem', { name: '角色权限' }).waitFor();
  for (const hidden of ['工单类型与流程', '用户', '审计日志']) assert.equal(await page.getByRole('menuitem', { name: hidden, exact: true }).count(), 0, `no ${hidden} for an agent`);
  await page.goto(`${host.url}/customers/${customer.id}`);
  await page.getByRole('heading', { name: '无锡纺织机械厂' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '编辑' }).count(), 0, 'no edit for an agent');
  assert.equal(await page.getByRole('button', { name: /删除个人数据|归档|导出数据/ }).count(), 0);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('a manager may archive but not erase; an admin erases only after typing the name, and the audit log has it', async () => {
  await api('POST', '/api/users', { userName: 'gao.feng', displayName: '高峰', password: 'Manager-Pa55word!', roles: ['manager'] });
  const customer = await api('POST', '/api/customers', {
    name: '常州精工轴承有限公司', tier: 'vip', contacts: [{ name: '钱敏', email: 'qian.min@example.cn', isPrimary: true }],
  });
  const manager = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await signIn(manager, host.url, { user: 'gao.feng', password: 'Manager-Pa55word!', language: 'zh-CN', path: `/customers/${customer.id}` });
  await manager.getByRole('heading', { name: '常州精工轴承有限公司' }).waitFor();
  await manager.getByRole('button', { name: '归档' }).waitFor();
  assert.equal(await manager.getByRole('button', { name: '删除个人数据' }).count(), 0, 'erasure is for admins');
  await manager.close();

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN', path: `/customers/${customer.id}` });
  // The change history (folded): the creation, by whom, with the fields it set.
  await page.getByRole('button', { name: '变更历史' }).click();
  const entry = page.getByTestId('customer-history-entry').filter({ hasText: '创建客户' });
  await entry.waitFor();
  assert.match(await entry.innerText(), /admin[\s\S]*name: — → 常州精工轴承有限公司/);
  await page.getByRole('button', { name: '删除个人数据' }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: '永久删除' });
  assert.equal(await confirm.isDisabled(), true, 'disabled before the name is typed');
  await dialog.getByLabel(/请输入客户名称/).fill('常州精工');
  assert.equal(await confirm.isDisabled(), true, 'a part of the name is not enough');
  await dialog.getByLabel(/请输入客户名称/).fill('常州精工轴承有限公司');
  await confirm.click();
  await page.getByText('该客户的个人数据已删除。').waitFor();
  const erased = await api('GET', `/api/customers/${customer.id}`);
  assert.match(erased.name, /^Erased customer/);
  assert.equal(erased.contacts.length, 0);
  const audit = await eventually(async () => {
    const log = await api('GET', `/api/audit?action=customer.erased&entityId=${customer.id}`);
    return log.items.length ? log : null;
  }, 'the erasure in the audit log');
  assert.equal(audit.items[0].actor, 'admin');

  await page.goto(`${host.url}/settings/roles`);
  await page.getByText('删除客户个人数据（不可恢复').waitFor();
  const row = await page.getByRole('row', { name: /customers\.erase/ }).innerText();
  assert.match(row, /不可以[\s\S]*不可以[\s\S]*不可以[\s\S]*可以/);
  await page.screenshot({ path: join(artifacts, 'roles-zh.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
