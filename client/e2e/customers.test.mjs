import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { adminPassword, startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { editProfile, importTelcoCustomers, openCustomer360 } from './journey/customers.mjs';
import { apiSession, signIn } from './session.mjs';

let host, browser;
before(async () => { host = await startHost(); browser = await launch(); });
after(async () => { await browser?.close(); await host?.stop(); });

test('an agent signs in, imports customers, finds one and records a call on its 360 view, in Chinese and English', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);

  await page.goto(`${host.url}/customers`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(adminPassword);
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await page.getByRole('heading', { name: '客户' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'customers-empty-zh.png') });

  const expected = await importTelcoCustomers(page);
  await page.getByRole('link', { name: '客户' }).first().click();
  await page.getByText(`共 ${expected} 个客户`).waitFor();
  await openCustomer360(page, '7590', '7590-VHVEG');
  await editProfile(page, { email: 'vhveg@example.com' });

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Health', { exact: true }).waitFor();
  await page.getByLabel('Summary').fill('Called about the renewal');
  await page.getByRole('button', { name: 'Record interaction' }).click();
  await page.getByText('Called about the renewal').waitFor();
  await page.screenshot({ path: join(artifacts, 'customer-360-en.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a visitor without a session is sent to the login page, and a wrong password is told so', async () => {
  const page = await browser.newPage();
  await page.goto(`${host.url}/customers/1`);
  await page.getByLabel('用户名').waitFor();
  assert.match(page.url(), /\/login$/);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await page.getByText('用户名或密码错误。').waitFor();
  await page.close();
});

test('a manager gives the account manager and the tier to the CRM on the fields page, and the next visit shows it', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { path: '/settings/fields' });
  const owners = page.locator('.ant-card').filter({ hasText: '导入时的字段归属' });
  await owners.getByLabel('归属来源: 客户经理').fill('crm');
  await owners.getByLabel('归属来源: 等级').fill(' crm ');
  await owners.getByRole('button', { name: '保存归属' }).click();
  await owners.getByText('字段归属已保存').waitFor();
  const api = await apiSession(host.url);
  assert.deepEqual(await api('GET', '/api/customers/field-owners'), [{ field: 'accountManager', source: 'crm' }, { field: 'tier', source: 'crm' }]);

  await page.reload();
  const again = page.locator('.ant-card').filter({ hasText: '导入时的字段归属' });
  const manager = again.getByLabel('归属来源: 客户经理');
  await manager.waitFor();
  for (let i = 0; i < 50 && (await manager.inputValue()) !== 'crm'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await manager.inputValue(), 'crm', 'the saved owner is shown');
  assert.equal(await again.getByLabel('归属来源: 标签').inputValue(), '', 'tags stay unowned');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
