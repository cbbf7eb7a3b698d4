// A manager marks a customer at risk on the 360 page and reads churn across the whole base on the retention report,
// in Chinese and in English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';
import { choose } from './ui.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

test('a status set on the 360 page shows who decided, and the base retention report counts it', async () => {
  const customer = await api('POST', '/api/customers', { name: '嘉兴水务设备公司', tier: 'vip', accountManager: 'li.na' });
  await api('POST', '/api/customers', { name: '湖州纺织机械', tier: 'vip', lifecycleStatus: 'churned' });

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN', path: `/customers/${customer.id}` });
  await page.getByRole('heading', { name: '嘉兴水务设备公司' }).waitFor();
  await choose(page, '设置生命周期', '有流失风险');
  await page.getByText('生命周期状态已保存').waitFor();
  await page.getByTestId('lifecycle-origin').filter({ hasText: '人工/来源设定' }).waitFor();
  const saved = await api('GET', `/api/customers/${customer.id}`);
  assert.deepEqual([saved.lifecycle.status, saved.lifecycle.origin], ['atRisk', 'explicit']);

  await eventually(async () => (await api('GET', '/api/reports/retention/base')).base.classified === 2 || null, 'the report has both statuses');
  await page.goto(`${host.url}/reports/retention`);
  const base = page.getByRole('region', { name: '全体客户的流失与复购' });
  await base.getByText('50.0%').first().waitFor();
  await base.getByText('按等级').click();
  await base.getByRole('cell', { name: 'vip', exact: true }).waitFor();
  await page.screenshot({ path: join(artifacts, 'retention-base-zh-CN.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();

  const english = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  await signIn(english, host.url, { language: 'en', path: '/reports/retention' });
  const region = english.getByRole('region', { name: 'Churn and repurchase across the whole base' });
  await region.getByText('By account manager').click();
  await region.getByRole('cell', { name: 'li.na', exact: true }).waitFor();
  const [download] = await Promise.all([english.waitForEvent('download'), region.getByRole('button', { name: 'Export the base as CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^retention-base-\d{8}\.csv$/);
  const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
  assert.match(lines[0], /^by,value,customers,classified,active,atRisk,churned,wonBack,explicit,derived,churnRate/);
  assert.ok(lines.some((l) => l.startsWith('accountManager,li.na,1,1,0,1,')), 'the account manager rows are in the file');
  await english.screenshot({ path: join(artifacts, 'retention-base-en.png'), fullPage: true });
  await english.close();
});
