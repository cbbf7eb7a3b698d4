import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';

let host, browser;
before(async () => {
  // Any file over 1 KB runs in the background here, in batches of 500 rows.
  process.env.Customers__Import__BackgroundAboveBytes = '1024';
  process.env.Customers__Import__BatchRows = '500';
  host = await startHost();
  browser = await launch();
});
after(async () => { await browser?.close(); await host?.stop(); });

test('a large import runs in the background: a progress bar, its counts, and the refused rows downloaded as CSV, in Chinese and English', async () => {
  const rows = 6000;
  const lines = ['externalId,name,tier,email'];
  for (let i = 1; i <= rows; i++) lines.push(`B${i},批量客户 ${i},${i % 1000 === 0 ? 'gold' : 'standard'},b${i}@example.com`);
  const file = join(artifacts, 'import-6000.csv');
  writeFileSync(file, lines.join('\r\n') + '\r\n');

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, host.url, { path: '/customers/import' });
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: /导\s?入/ }).last().click();

  const job = page.getByTestId('import-job');
  await job.waitFor();
  await job.getByText('已完成').waitFor({ timeout: 120_000 });
  assert.equal(await job.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
  assert.match(await job.getByRole('status').innerText(), new RegExp(`已读 ${rows} 行，写入 ${rows - 6} 行（新建 ${rows - 6}，更新 0），未变 0，失败 6`));
  await page.screenshot({ path: join(artifacts, 'import-job-zh.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), job.getByRole('link', { name: /下载 6 条失败行/ }).click()]);
  const report = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(report[0], 'row,externalId,field,reason');
  assert.deepEqual(report.slice(1).map((l) => l.split(',').slice(0, 3).join(',')), [1, 2, 3, 4, 5, 6].map((k) => `${k * 1000 + 1},B${k * 1000},tier`));

  // The list shows what the job wrote.
  const api = await apiSession(host.url);
  assert.equal((await api('GET', '/api/customers?pageSize=1')).total, rows - 6);

  await page.getByRole('button', { name: 'English' }).click();
  await job.getByText('Completed').waitFor();
  await job.getByRole('link', { name: 'Download the 6 refused rows (CSV)' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'import-job-en.png') });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a source system\'s column mapping is saved on the import page and applied to its next file', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const file = join(artifacts, 'erp-export.csv');
  writeFileSync(file, 'Kundennummer,Firma,Mail\r\nK1,Erste GmbH,k1@example.com\r\nK2,Zweite AG,k2@example.com\r\n');
  await signIn(page, host.url, { path: '/customers/import', language: 'en' });
  await page.getByLabel('Source system').fill('erp');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByText('Match the columns').waitFor();
  for (const [label, option] of [['externalId', 'Kundennummer'], ['name', 'Firma'], ['email', 'Mail'], ['tier', '= vip']]) {
    await page.getByLabel(label, { exact: true }).click();
    await page.getByLabel(label, { exact: true }).fill(option.replace('= ', ''));
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }
  await page.getByRole('button', { name: 'Save this mapping for erp' }).click();
  await page.getByText(/^Mapping saved:/).waitFor();

  // A fresh page: the saved mapping is laid over the next file from the ERP.
  await page.reload();
  await page.getByLabel('Source system').fill('erp');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByText('The mapping saved for erp was applied.').waitFor();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('2 rows: 2 created').waitFor();
  const api = await apiSession(host.url);
  const erste = (await api('GET', '/api/customers?q=Erste')).items[0];
  assert.equal(erste.tier, 'vip');
  assert.deepEqual((await api('GET', '/api/customers/import-mappings')).find((m) => m.source === 'erp').mapping,
    { columns: { externalId: 'Kundennummer', name: 'Firma', email: 'Mail' }, constants: { tier: 'vip' }, values: {} });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});
