// A customer rings twice about the same leak: the agent merges the second ticket into the first from the ticket page,
// the duplicate says where the work went on, the first shows the copied reply marked with its origin, and the repair
// is put under the complaint that started it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

test('a duplicate is merged from the ticket page and the repair is put under its complaint', async () => {
  const customer = await api('POST', '/api/customers', { name: '嘉兴水务设备公司', tier: 'standard' });
  const open = (typeCode, subject) => eventually(() => api('POST', '/api/tickets', { customerId: customer.id, typeCode, channel: 'phone', subject }).catch(() => null), subject);
  const first = await open('repair', '水泵漏水');
  const duplicate = await open('repair', '水泵还在漏水（第二次来电）');
  const complaint = await open('complaint', '维修太慢');
  await api('POST', `/api/tickets/${duplicate.id}/comments`, { body: '客户第二次来电，情绪激动', visibility: 'internal', version: duplicate.version });

  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN', path: `/tickets/${duplicate.id}` });
  await page.getByText('关联工单').waitFor();
  await choose(page, '合并到（同一客户的未关闭工单）', `${first.number} · 水泵漏水`);
  await page.getByLabel('合并原因').fill('同一台水泵');
  await page.getByRole('button', { name: '合 并' }).or(page.getByRole('button', { name: '合并' })).click();
  await page.getByText(`此工单是重复工单，已合并到 ${first.number}`).click();
  await page.waitForURL(new RegExp(`/tickets/${first.id}$`));
  await page.getByText('客户第二次来电，情绪激动').waitFor();
  await page.getByText(`来自 ${duplicate.number}`).waitFor();
  const entries = (await page.getByTestId('history-entry').allInnerTexts()).join('\n');
  assert.match(entries, new RegExp(`并入重复工单[\\s\\S]*${duplicate.number}[\\s\\S]*同一台水泵`));

  await choose(page, '上级工单', `${complaint.number} · 维修太慢`);
  await page.getByRole('button', { name: '保存上级工单' }).click();
  await page.getByText(`已关联到上级工单 ${complaint.number}`).waitFor();
  const onComplaint = await api('GET', `/api/tickets/${complaint.id}`);
  assert.deepEqual(onComplaint.links.children.map((c) => c.id), [first.id]);
  await page.screenshot({ path: join(artifacts, 'merge-zh.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
