// A service manager rewrites the contract care e-mail without a developer: Settings → 消息模板, the Chinese subject
// with a placeholder, a preview with a real customer that fills it in, then saves; the API sends the new text from now on.
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

test('a manager rewrites the contract care subject, previews it for a real customer and saves it', async () => {
  await api('POST', '/api/users', { userName: 'zhou.min', displayName: '周敏', password: 'Manager-Pa55word!', roles: ['manager'] });
  const customer = await api('POST', '/api/customers', { name: '华东精密机械', tier: 'vip', accountManager: 'zhou.min', contacts: [{ name: '陈静', email: 'chen.jing@example.com', isPrimary: true }] });
  // Rules hears of the new customer from the outbox a moment later; the preview reads what Rules knows.
  await eventually(() => api('POST', '/api/message-templates/contractCare/zh-CN/preview', { customerId: customer.id }).catch(() => null), 'Rules knowing the customer');

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'zhou.min', password: 'Manager-Pa55word!', language: 'zh-CN' });
  await page.getByRole('menuitem', { name: '设置' }).hover();
  await page.getByRole('menuitem', { name: '消息模板' }).click();
  await page.getByRole('heading', { name: '消息模板' }).waitFor();
  await choose(page, '消息', '合同到期关怀');
  const subject = page.getByLabel('主题');
  await subject.fill('{{customerName}}，您的合同即将到期，客户经理 {{accountManager}} 将联系您');

  await page.getByRole('combobox', { name: '客户' }).fill('华东');
  await page.locator('.ant-select-dropdown:visible').getByTitle('华东精密机械', { exact: true }).click();
  await page.getByRole('button', { name: '用这位客户预览' }).click();
  const preview = page.getByRole('region', { name: '预览' });
  await preview.getByText('华东精密机械，您的合同即将到期，客户经理 zhou.min 将联系您').waitFor();
  await page.screenshot({ path: join(artifacts, 'templates-zh.png'), fullPage: true });

  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('已保存，之后发出的消息使用新文本。').waitFor();
  const templates = await api('GET', '/api/message-templates');
  const care = templates.items.find((i) => i.kind === 'contractCare').texts.find((x) => x.language === 'zh-CN');
  assert.equal(care.edited, true);
  assert.equal(care.subject, '{{customerName}}，您的合同即将到期，客户经理 {{accountManager}} 将联系您');
  assert.equal(care.updatedBy, 'zhou.min');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
