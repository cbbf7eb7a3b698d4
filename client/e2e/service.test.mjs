// Service configuration in the browser: a manager builds a workflow, a calendar with 调休, a user and an API key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole, injectAxe } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';
import { choose } from './ui.mjs';

let host, browser;
before(async () => { host = await startHost(); browser = await launch(); });
after(async () => { await browser?.close(); await host?.stop(); });

/** A Chinese button label, with or without the space antd puts between two characters by default (the app turns it off). */
const button = (page, text) => page.getByRole('button', { name: new RegExp(`^${[...text].join('\\s?')}$`) });

async function page(language = 'zh-CN', path = '/settings/workflows') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
  const p = await context.newPage();
  const problems = watchConsole(p);
  await signIn(p, host.url, { path, language });
  return { page: p, problems, context };
}

/** Opens a ticket once the Tickets module has heard of the customer (the outbox delivers it shortly after). */
async function openTicket(api, customerId, typeCode) {
  for (let i = 0; ; i++) {
    try {
      return await api('POST', '/api/tickets', { customerId, typeCode, channel: 'phone', priority: 'normal', subject: 'Router down' });
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

test('a manager builds a three-stage workflow, is told a stage is unreachable, saves it, binds a ticket type, and a later edit makes a new version', async () => {
  const { page: p, problems, context } = await page();
  await p.getByRole('heading', { name: '工单类型与流程' }).waitFor();
  await p.getByRole('cell', { name: 'repair', exact: true }).first().waitFor();
  await button(p, '新建流程').click();
  await p.getByLabel('流程代码').fill('field-visit');
  await p.getByLabel('流程名称').fill('上门服务 Field visit');
  const stages = [['accept', '受理', 'Accept'], ['visit', '上门', 'Visit'], ['closed', '关闭', 'Closed']];
  for (const [i, [code, zh, en]] of stages.entries()) {
    await button(p, '添加阶段').click();
    await p.getByLabel(`第 ${i + 1} 个阶段的代码`).fill(code);
    await p.getByLabel(`第 ${i + 1} 个阶段的中文名`).fill(zh);
    await p.getByLabel(`第 ${i + 1} 个阶段的英文名`).fill(en);
  }
  await p.getByLabel('第 1 个阶段为起始阶段').check();
  await p.getByLabel('第 3 个阶段为结束阶段').check();
  await choose(p, '第 1 个阶段的负责角色', '坐席');
  await p.getByLabel('第 2 个阶段的时限（工作分钟）').fill('480');
  await p.getByLabel(/第 2 个阶段离开前必填的字段/).fill('visitTime');
  await p.getByLabel(/第 2 个阶段离开前必填的字段/).press('Enter');
  // A new field is text until its kind is chosen; choosing a kind keeps its name.
  await choose(p, '字段 visitTime 的类型', '日期时间');
  await p.getByLabel(/第 1 个阶段离开前必填的字段/).fill('partsCount');
  await p.getByLabel(/第 1 个阶段离开前必填的字段/).press('Enter');
  await choose(p, '字段 partsCount 的类型', '数字');
  await button(p, '添加流转').click();
  await choose(p, '第 1 条流转的起点', 'accept · 受理');
  await choose(p, '第 1 条流转的终点', 'closed · 关闭');

  // The visit stage has no way in: the editor says so before anything is sent, and saving is refused.
  const unreachable = p.getByRole('alert').getByText('阶段“visit”无法从起始阶段到达。');
  await unreachable.waitFor();
  await button(p, '保存').click();
  await p.getByText('流程有 1 个问题，修正后才能保存').waitFor();
  assert.equal(await p.locator('.ant-select', { has: p.getByLabel('字段 visitTime 的类型') }).innerText(), '日期时间');
  await p.screenshot({ path: join(artifacts, 'settings-workflow-zh.png'), fullPage: true });

  await button(p, '添加流转').click();
  await choose(p, '第 2 条流转的起点', 'accept · 受理');
  await choose(p, '第 2 条流转的终点', 'visit · 上门');
  await button(p, '添加流转').click();
  await choose(p, '第 3 条流转的起点', 'visit · 上门');
  await choose(p, '第 3 条流转的终点', 'closed · 关闭');
  await unreachable.waitFor({ state: 'detached' });
  await button(p, '保存').click();
  await p.getByText('流程 field-visit 已保存（v1）。').waitFor();

  const api = await apiSession(host.url);
  const saved = await api('GET', '/api/workflows/field-visit');
  assert.deepEqual(saved.stages.map((s) => [s.code, s.name, s.isStart, s.isFinal]),
    [['accept', '受理 Accept', true, false], ['visit', '上门 Visit', false, false], ['closed', '关闭 Closed', false, true]]);
  assert.deepEqual(saved.stages[0].requiredFields, [{ name: 'partsCount', kind: 'number' }]);
  assert.deepEqual(saved.stages[1].requiredFields, [{ name: 'visitTime', kind: 'dateTime' }]);
  assert.equal(saved.stages[1].timeLimitMinutes, 480);

  // A ticket type bound to the new workflow.
  await p.getByLabel('类型代码').fill('visit');
  await p.getByLabel('类型名称').fill('上门 Visit');
  await choose(p, '流程', 'field-visit · 上门服务');
  await button(p, '创建类型').click();
  await p.getByText('工单类型已创建').waitFor();
  await p.getByRole('cell', { name: 'visit', exact: true }).waitFor();
  assert.equal((await api('GET', '/api/ticket-types')).items.find((x) => x.code === 'visit').workflowCode, 'field-visit');
  await p.getByLabel('编辑工单类型 visit').click();
  await choose(p, '默认优先级', '高', p.getByRole('dialog'));
  await button(p.getByRole('dialog'), '保存').click();
  await p.getByText('工单类型已保存').waitFor();
  assert.equal((await api('GET', '/api/ticket-types')).items.find((x) => x.code === 'visit').defaultPriority, 'high');

  // A ticket now runs on v1; editing the workflow keeps it there and saves v2 beside it.
  const customer = await api('POST', '/api/customers', { name: '上海测试客户', tier: 'standard' });
  const ticket = await openTicket(api, customer.id, 'visit');
  await p.reload();
  await p.getByLabel('编辑流程 field-visit').click();
  await p.getByLabel('第 2 个阶段的时限（工作分钟）').fill('600');
  await button(p, '保存').click();
  await p.getByText('流程 field-visit 正在被工单使用，已保存为新版本 v2；进行中的工单继续使用 v1，新工单使用新版本。').waitFor();
  assert.equal((await api('GET', `/api/tickets/${ticket.id}`)).stage, 'accept');
  assert.equal((await api('GET', '/api/workflows/field-visit?version=1')).stages[1].timeLimitMinutes, 480);

  // The ticket's transition form asks for each field by the kind the manager chose: a number, then a date and time.
  await p.goto(`${host.url}/tickets/${ticket.id}`);
  const count = p.getByRole('spinbutton', { name: 'Parts count' });
  await count.fill('3');
  await p.getByRole('radio', { name: '上门', exact: true }).check();
  await button(p, '转到：上门').click();
  await p.getByText('工单已转到 上门').first().waitFor();
  assert.equal((await api('GET', `/api/tickets/${ticket.id}`)).fields.partsCount, '3');
  const visit = p.getByLabel('上门时间', { exact: true });
  await visit.click();
  await p.locator('.ant-picker-dropdown:visible .ant-picker-time-panel').waitFor();
  await visit.fill('2026-11-24 10:30');
  await visit.press('Tab');
  await p.locator('.ant-picker-dropdown:visible').waitFor({ state: 'detached' });
  await button(p, '转到：关闭').click();
  await p.getByText('此工单已关闭。').waitFor();
  const visited = (await api('GET', `/api/tickets/${ticket.id}`)).fields.visitTime;
  assert.match(visited, /^2026-11-24T10:30:00[+-]\d{2}:\d{2}$/);
  await p.goto(`${host.url}/settings/workflows`);

  // The same editor in English.
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('heading', { name: 'Ticket types and workflows' }).waitFor();
  await p.getByLabel('Edit workflow field-visit').click();
  await p.getByText('Editing workflow field-visit (now v2)').waitFor();
  await p.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  await p.screenshot({ path: join(artifacts, 'settings-workflow-en.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a workflow someone else saved meanwhile is not overwritten: the editor offers to reload it', async () => {
  const { page: p, problems, context } = await page();
  await p.getByLabel('编辑流程 inquiry').click();
  await p.getByText('编辑流程 inquiry（当前 v1）').waitFor();
  const api = await apiSession(host.url);
  const current = await api('GET', '/api/workflows/inquiry');
  // The update takes what can change (a field it does not take, such as the read-only id, is refused by name).
  const { stages, transitions, version } = current;
  await api('PUT', '/api/workflows/inquiry', { name: 'Inquiry 咨询服务', stages, transitions, version });

  await p.getByLabel('第 2 个阶段的时限（工作分钟）').fill('90');
  await button(p, '保存').click();
  await p.getByText('此记录已被他人修改，请重新加载查看。').waitFor();
  await button(p, '重新加载').click();
  await p.getByText('编辑流程 inquiry（当前 v2）').waitFor();
  assert.equal(await p.getByLabel('流程名称').inputValue(), 'Inquiry 咨询服务');
  const stale = 'error: Failed to load resource: the server responded with a status of 409 (Conflict)';
  assert.deepEqual(problems, [stale], 'no console errors or warnings but the refused save');
  await context.close();
});

test('a manager adds a calendar with a National Day holiday and a 调休 working Saturday and sees them in the month view', async () => {
  const { page: p, problems, context } = await page('zh-CN', '/settings/calendars');
  await p.getByRole('heading', { name: '工作日历' }).waitFor();
  await button(p, '新建日历').click();
  await p.getByLabel('日历名称').fill('国庆 2026');
  assert.equal(await p.getByLabel('时区').inputValue(), 'Asia/Shanghai');
  for (const [date, add, name] of [['2026-10-01', '加为节假日', '国庆节'], ['2026-10-02', '加为节假日', '国庆节'], ['2026-10-03', '加为节假日', ''], ['2026-10-10', '加为调休工作日', '国庆调休']]) {
    await p.getByLabel('这一天的名称').fill(name);
    await p.getByLabel('日期', { exact: true }).fill(date);
    await p.getByLabel('日期', { exact: true }).press('Enter');
    await p.getByRole('button', { name: add }).click();
  }
  // A day added by mistake is taken out again (a real button: keyboard users can too).
  await p.getByRole('button', { name: '移除 2026-10-03' }).click();
  const month = p.getByRole('region', { name: '月视图' });
  assert.equal(await month.locator('[data-date="2026-10-03"]').getAttribute('data-kind'), 'rest');
  await month.locator('[data-date="2026-10-01"][data-kind="holiday"]').waitFor();
  assert.equal(await month.locator('[data-date="2026-10-10"]').getAttribute('data-kind'), 'makeUp');
  assert.match(await month.locator('[data-date="2026-10-10"]').innerText(), /调休上班\s*国庆调休\s*09:00–18:00/);
  assert.match(await month.locator('[data-date="2026-10-01"]').innerText(), /节假日\s*国庆节/);
  assert.equal(await month.locator('[data-date="2026-10-11"]').getAttribute('data-kind'), 'rest');
  assert.equal(await month.locator('[data-date="2026-10-12"]').getAttribute('data-kind'), 'working');
  await button(p, '保存').click();
  await p.getByRole('cell', { name: '国庆 2026', exact: true }).waitFor();
  await p.screenshot({ path: join(artifacts, 'settings-calendar-zh.png'), fullPage: true });

  const api = await apiSession(host.url);
  const saved = (await api('GET', '/api/calendars')).items.find((c) => c.name === '国庆 2026');
  assert.deepEqual([saved.timeZone, saved.holidays, saved.makeUpDays], ['Asia/Shanghai', ['2026-10-01', '2026-10-02'], ['2026-10-10']]);
  assert.deepEqual(saved.dayNames, { '2026-10-01': '国庆节', '2026-10-02': '国庆节', '2026-10-10': '国庆调休' });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a manager sets an SLA policy for VIP repairs in business hours with an escalation to the supervisor', async () => {
  const { page: p, problems, context } = await page('zh-CN', '/settings/sla');
  await p.getByRole('heading', { name: 'SLA 策略' }).waitFor();
  await button(p, '新建 SLA 策略').click();
  const dialog = p.getByRole('dialog');
  await dialog.getByLabel('策略名称').fill('VIP 维修');
  await choose(p, '工单类型', 'repair · 维修');
  await choose(p, '优先级', '高');
  await choose(p, '客户等级', 'VIP');
  await dialog.getByLabel('首次响应（工作小时）').fill('1');
  await dialog.getByLabel('＋分钟（首次响应）').fill('30');
  await dialog.getByLabel('解决（工作小时）').fill('8');
  await button(dialog, '添加升级步骤').click();
  await choose(p, '第 1 步的触发时机', '超时后');
  await choose(p, '第 1 步的动作', '转派给主管');
  await button(dialog, '保存').click();
  await p.getByRole('cell', { name: 'VIP 维修', exact: true }).waitFor();
  await p.getByRole('cell', { name: '1 小时 30 分钟' }).waitFor();

  const api = await apiSession(host.url);
  const saved = (await api('GET', '/api/sla-policies')).items.find((x) => x.name === 'VIP 维修');
  assert.deepEqual([saved.typeCode, saved.priority, saved.tier, saved.firstResponseMinutes, saved.resolutionMinutes, saved.atRiskShare],
    ['repair', 'high', 'vip', 90, 480, 0.8]);
  assert.deepEqual(saved.escalation.map((e) => [e.when, e.target, e.action]), [['breached', 'resolution', 'reassignToSupervisor']]);

  // Resolution shorter than the first response is refused by the server, and the message stands under the field.
  await p.getByLabel('编辑策略 VIP 维修').click();
  await dialog.getByLabel('解决（工作小时）').fill('1');
  await dialog.getByLabel('＋分钟（解决）').fill('0');
  await button(dialog, '保存').click();
  await dialog.locator('.ant-form-item-explain-error').first().waitFor();
  await button(dialog, '取消').click();

  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('cell', { name: '1 h 30 min' }).waitFor();
  await p.getByRole('cell', { name: 'Breached · Resolution → Reassign to supervisor' }).waitFor();
  // The browser logs the refused save's 400 itself; nothing else may appear.
  const refused = 'error: Failed to load resource: the server responded with a status of 400 (Bad Request)';
  assert.deepEqual(problems, [refused], 'no console errors or warnings but the refused save');
  await context.close();
});

test('an admin creates a user who can then sign in', async () => {
  const { page: p, problems, context } = await page('zh-CN', '/settings/users');
  await p.getByRole('heading', { name: '用户' }).waitFor();
  await button(p, '新建用户').click();
  const dialog = p.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('li.lei');
  await dialog.getByLabel('显示名称').fill('李雷');
  await dialog.getByLabel('团队').fill('repair');
  await dialog.getByLabel('密码').fill('Li-Lei-Pa55word');
  await button(dialog, '保存').click();
  await p.getByRole('cell', { name: 'li.lei', exact: true }).waitFor();
  const api = await apiSession(host.url, 'li.lei', 'Li-Lei-Pa55word');
  const me = await api('GET', '/api/auth/me');
  assert.deepEqual([me.displayName, me.roles, me.team], ['李雷', ['agent'], 'repair']);

  // Disabled, the account stays listed but can no longer sign in.
  await p.getByLabel('停用用户 li.lei').click();
  // The change's answer first, so a failure says whether the confirmation sent nothing or the server refused it.
  const [disabled] = await Promise.all([
    p.waitForResponse((r) => r.url().includes('/api/users/') && r.request().method() === 'PUT'),
    button(p.locator('.ant-popconfirm'), '停用').click(),
  ]);
  assert.equal(disabled.status(), 200, await disabled.text());
  await p.getByLabel('启用用户 li.lei').waitFor();
  await assert.rejects(apiSession(host.url, 'li.lei', 'Li-Lei-Pa55word'), /login failed/);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('an admin creates an API key, copies the secret shown once, uses it, then revokes it and it stops working', async () => {
  const { page: p, problems, context } = await page('zh-CN', '/settings/api-keys');
  await p.getByRole('heading', { name: 'API 密钥' }).waitFor();
  await p.getByLabel('名称').fill('ERP 集成');
  await button(p, '创建密钥').click();
  const dialog = p.getByRole('dialog');
  await dialog.getByText('此密钥只显示这一次').waitFor();
  // The Clipboard API needs the page to have focus; a page left behind by another test must not hold it.
  await p.bringToFront();
  await button(dialog, '复制').click();
  // Copied, or (when the browser still refuses the clipboard: 1 clean-clone run in 64) the key selected in its field
  // with a word saying to press Ctrl+C: either way the person leaves with the key.
  const copied = p.getByText('已复制到剪贴板');
  const refused = p.getByText('无法自动复制，密钥已选中，请按 Ctrl+C 复制');
  await copied.or(refused).first().waitFor();
  const field = dialog.getByLabel('API 密钥');
  const key = await field.inputValue();
  assert.match(key, /\S{20,}/);
  if (await copied.isVisible()) assert.equal(await p.evaluate(() => navigator.clipboard.readText()), key);
  else assert.equal(await field.evaluate((el) => el.value.substring(el.selectionStart, el.selectionEnd)), key, 'the whole key is selected');

  const me = await fetch(`${host.url}/api/auth/me`, { headers: { 'X-Api-Key': key } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).authMethod, 'apiKey');

  await button(dialog, '我已保存').click();
  await p.getByLabel('吊销密钥 ERP 集成').click();
  await p.getByText('使用此密钥的集成将立即无法访问').waitFor();
  await button(p.locator('.ant-popconfirm'), '吊销').click();
  await p.getByText(/^已于 .* 吊销$/).waitFor();
  assert.equal((await fetch(`${host.url}/api/auth/me`, { headers: { 'X-Api-Key': key } })).status, 401);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});


/** axe's WCAG 2.1 A and AA rules on the open drawer (the page behind it is audited in accessibility.test.mjs). */
/** WCAG contrast of an opaque CSS rgb() colour against white. */
function contrastOnWhite(rgb) {
  const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

async function auditDrawer(page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    if (!document.querySelector('.ant-drawer-open .ant-drawer-section [role="list"], .ant-drawer-open .ant-drawer-section ol')) return ['no open drawer with its versions'];
    const result = await axe.run('.ant-drawer-open .ant-drawer-section', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

test('a manager edits a stage time limit and the version history shows both versions with their tickets and the change in words', async () => {
  const api = await apiSession(host.url);
  await api('POST', '/api/users', { userName: 'zhou.min', displayName: '周敏', password: 'Zhou-Min-Pa55word', roles: ['manager'] });
  const stage = (code, name, extra = {}) => ({ code, name, isStart: false, isFinal: false, ownerRole: 'agent', ownerTeam: null, timeLimitMinutes: null, requiredFields: [], ...extra });
  await api('POST', '/api/workflows', {
    code: 'install', name: '安装 Install',
    stages: [stage('accept', '受理 Accept', { isStart: true, timeLimitMinutes: 60 }), stage('visit', '上门 Visit', { timeLimitMinutes: 480 }),
      stage('closed', '关闭 Closed', { isFinal: true, ownerRole: null })],
    transitions: [{ from: 'accept', to: 'visit' }, { from: 'visit', to: 'closed' }, { from: 'closed', to: 'visit', isReopen: true }],
  });
  await api('POST', '/api/ticket-types', { code: 'install', name: '安装 Install', kind: 'repair', workflowCode: 'install', defaultPriority: 'normal' });
  // Two tickets start on v1; one of them is closed.
  const customer = await api('POST', '/api/customers', { name: '北京安装客户', tier: 'standard' });
  let done = await openTicket(api, customer.id, 'install');
  await openTicket(api, customer.id, 'install');
  done = await api('POST', `/api/tickets/${done.id}/transitions`, { to: 'visit', version: done.version });
  done = await api('POST', `/api/tickets/${done.id}/transitions`, { to: 'closed', version: done.version });
  assert.equal(done.status, 'closed');

  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const p = await context.newPage();
  const problems = watchConsole(p);
  await signIn(p, host.url, { path: '/settings/workflows', user: 'zhou.min', password: 'Zhou-Min-Pa55word' });
  await p.getByLabel('编辑流程 install').click();
  await p.getByLabel('第 2 个阶段的时限（工作分钟）').fill('600');
  await button(p, '保存').click();
  await p.getByText('流程 install 正在被工单使用，已保存为新版本 v2；进行中的工单继续使用 v1，新工单使用新版本。').waitFor();

  // Opened from the keyboard: the button is reachable and Enter opens the drawer.
  await p.getByLabel('流程 install 的版本历史').focus();
  await p.keyboard.press('Enter');
  const drawer = p.getByRole('dialog', { name: '流程 install 的版本历史' });
  const versions = drawer.getByRole('list', { name: '版本' }).locator(':scope > li');
  await versions.first().waitFor();
  assert.equal(await versions.count(), 2);
  const [newest, oldest] = [await versions.nth(0).innerText(), await versions.nth(1).innerText()];
  assert.match(newest, /^v2\s*当前版本/);
  assert.match(newest, /进行中 0 个 \/ 全部 0 个工单/);
  assert.match(newest, /由 周敏 保存/, "the display name, not the login");
  assert.match(newest, /阶段“上门”的时限由 8 小时 改为 10 小时/);
  assert.match(oldest, /^v1/);
  assert.doesNotMatch(oldest, /当前版本/);
  assert.match(oldest, /进行中 1 个 \/ 全部 2 个工单/);
  assert.match(oldest, /由 Administrator 保存/);
  assert.match(oldest, /首个版本/);

  // The old version's stages, read-only: the limit the running ticket still follows.
  await drawer.getByRole('button', { name: '查看 v1 的阶段' }).click();
  const stages = drawer.getByRole('region', { name: 'v1 的阶段（只读）' });
  const visit = stages.getByRole('row').filter({ hasText: '上门' });
  await visit.waitFor();
  assert.match(await visit.innerText(), /坐席\s*8 小时/);
  assert.equal(await stages.getByRole('textbox').count(), 0, 'nothing to edit in an old version');
  assert.equal(await drawer.getByRole('button', { name: '查看 v1 的阶段' }).getAttribute('aria-expanded'), 'true');
  await p.screenshot({ path: join(artifacts, 'settings-workflow-versions-zh.png'), fullPage: true });
  // Audited with the pointer resting on the button just clicked, once its hover colour has settled: that colour must
  // read too (CI once caught antd's lighter hover blue, 4.3:1, here).
  const showV1 = drawer.getByRole('button', { name: '查看 v1 的阶段' });
  await showV1.hover();
  await p.waitForTimeout(400);
  const hovered = await showV1.evaluate((b) => getComputedStyle(b).color);
  assert.ok(contrastOnWhite(hovered) >= 4.5, `the hovered button's text ${hovered} reads at ${contrastOnWhite(hovered).toFixed(2)}:1`);
  assert.deepEqual(await auditDrawer(p), [], 'the drawer passes axe');

  // Escape closes the drawer; in English the same history reads in English.
  await p.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByLabel('Version history of workflow install').click();
  const english = p.getByRole('dialog', { name: 'Version history of workflow install' });
  await english.getByText('Stage "Visit": time limit changed from 8 h to 10 h').waitFor();
  await english.getByText('1 open / 2 tickets in all').waitFor();
  await english.getByText(/^Saved .* by 周敏$/).waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});
