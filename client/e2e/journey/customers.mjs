// Journey steps of the customers area: import the telco sample through the mapping page, open a 360 view.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { artifacts } from '../browser.mjs';
import { choose } from '../ui.mjs';

/** The first 200 rows of the public telco churn sample, as its own columns, written to a file the page uploads. */
export function telcoFile() {
  const file = process.env.CSM_DATASETS ? join(process.env.CSM_DATASETS, 'telco_customer_churn.csv') : resolve('../../shared/datasets/telco_customer_churn.csv');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : 'customerID,gender,Contract\n7590-VHVEG,Female,Month-to-month\n';
  const csv = text.trim().split(/\r?\n/).slice(0, 201).join('\r\n') + '\r\n';
  const upload = join(artifacts, 'telco-200.csv');
  writeFileSync(upload, csv);
  return { path: upload, rows: csv.trim().split(/\r?\n/).length - 1 };
}

async function pick(page, label, option) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByLabel(label, { exact: true }).fill(option.replace('= ', ''));
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
}

/** On the import page (Chinese): the file's own columns are mapped (customerID → name, every row standard), and the report counts them all. */
export async function importTelcoCustomers(page) {
  const { path, rows } = telcoFile();
  await page.getByRole('link', { name: '导入' }).first().click();
  await page.locator('input[type=file]').setInputFiles(path);
  // The file has its own columns: customerID is guessed as the external id; name and tier are chosen here.
  await page.getByText('对应列').waitFor();
  await pick(page, 'name', 'customerID');
  await pick(page, 'tier', '= standard');
  await page.screenshot({ path: join(artifacts, 'import-mapping-zh.png') });
  await page.getByRole('button', { name: /导\s?入/ }).last().click();
  const status = page.getByRole('status');
  await status.waitFor();
  assert.match(await status.innerText(), new RegExp(`共 ${rows} 行：新建 ${rows}`));
  await page.screenshot({ path: join(artifacts, 'import-report-zh.png') });
  return rows;
}

/** From the customer list (Chinese): search, open the 360 view; returns the customer's id from the address. */
export async function openCustomer360(page, search, name) {
  await page.getByRole('link', { name: '客户' }).first().click();
  await page.getByLabel('搜索').fill(search);
  await page.getByLabel('搜索').press('Enter');
  await page.getByRole('link', { name }).click();
  await page.getByText('健康度').waitFor();
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** On the 360 view (Chinese): the account manager makes the customer VIP and gives it an e-mail contact. */
export async function editProfile(page, { tier, email, accountManager }) {
  await page.getByRole('button', { name: '编辑资料' }).click();
  const drawer = page.locator('.ant-drawer:visible');
  if (accountManager) await drawer.getByLabel('客户经理').fill(accountManager);
  if (email) await drawer.getByLabel('邮箱').first().fill(email);
  if (tier) {
    await choose(page, '等级', tier, drawer);
  }
  await drawer.getByRole('button', { name: /保\s?存/ }).click();
  await page.getByText('资料已保存').waitFor();
  if (email) await page.getByText(email).waitFor();
}
