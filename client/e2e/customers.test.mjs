import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { adminPassword, startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';

let host, browser;
before(async () => { host = await startHost(); browser = await launch(); });
after(async () => { await browser?.close(); await host?.stop(); });

/** The first 200 rows of the public telco churn sample, as its own columns: the import page maps them. */
function telcoRows() {
  const file = process.env.CSM_DATASETS ? join(process.env.CSM_DATASETS, 'telco_customer_churn.csv') : resolve('../../shared/datasets/telco_customer_churn.csv');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : 'customerID,gender,Contract\n7590-VHVEG,Female,Month-to-month\n';
  return text.trim().split(/\r?\n/).slice(0, 201).join('\r\n') + '\r\n';
}

async function pick(page, label, option) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByLabel(label, { exact: true }).fill(option.replace('= ', ''));
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
}

test('an agent signs in, imports customers, finds one and records a call on its 360 view, in Chinese and English', async () => {
  const csv = telcoRows();
  const upload = join(artifacts, 'telco-200.csv');
  writeFileSync(upload, csv);
  const expected = csv.trim().split(/\r?\n/).length - 1;

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);

  await page.goto(`${host.url}/customers`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(adminPassword);
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await page.getByRole('heading', { name: '客户' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'customers-empty-zh.png') });

  await page.getByRole('link', { name: '导入' }).first().click();
  await page.locator('input[type=file]').setInputFiles(upload);
  // The file has its own columns: customerID is guessed as the external id; name and tier are chosen here.
  await page.getByText('对应列').waitFor();
  await pick(page, 'name', 'customerID');
  await pick(page, 'tier', '= standard');
  await page.screenshot({ path: join(artifacts, 'import-mapping-zh.png') });
  await page.getByRole('button', { name: '导 入' }).or(page.getByRole('button', { name: '导入' })).last().click();
  const status = page.getByRole('status');
  await status.waitFor();
  assert.match(await status.innerText(), new RegExp(`共 ${expected} 行：新建 ${expected}`));
  await page.screenshot({ path: join(artifacts, 'import-report-zh.png') });

  await page.getByRole('link', { name: '客户' }).first().click();
  await page.getByText(`共 ${expected} 个客户`).waitFor();
  await page.getByLabel('搜索').fill('7590');
  await page.getByLabel('搜索').press('Enter');
  await page.getByRole('link', { name: '7590-VHVEG' }).click();
  await page.getByText('健康度').waitFor();

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
