// The notification bell: an agent's ticket breaches its first-response target while the host's escalation job runs on
// its own schedule (shortened to seconds for this test), the bell counts it, its panel says it in words and links to
// the ticket, and following the link marks it read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole, injectAxe } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  // The escalation scan runs every minute in production; every 5 s here, so a one-minute target is late within the test.
  process.env.Tickets__EscalationInterval = '00:00:05';
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

const agent = { userName: 'li.ming', password: 'Agent-Pa55word!' };

async function arrange() {
  await api('POST', '/api/users', { userName: agent.userName, displayName: '李明', password: agent.password, roles: ['agent'], team: 'desk' });
  // A round-the-clock calendar and a one-minute first-response target whose steps notify the owner.
  const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const calendar = await api('POST', '/api/calendars', {
    name: 'Always open', timeZone: 'Asia/Shanghai', weeklyHours: days.map((day) => ({ day, start: '00:00', end: '23:59' })), isDefault: false,
  });
  await api('POST', '/api/sla-policies', {
    name: 'Fast urgent inquiry', typeCode: 'inquiry', priority: 'urgent', calendarId: calendar.id, firstResponseMinutes: 1, resolutionMinutes: 600,
    atRiskShare: 0.5, isActive: true,
    escalation: [{ when: 'atRisk', target: null, action: 'notify' }, { when: 'breached', target: null, action: 'notify' }],
  });
  const customer = await api('POST', '/api/customers', { name: '杭州西湖贸易', tier: 'standard' });
  // Tickets hears of the customer through the outbox.
  const ticket = await eventually(async () => {
    try {
      return await api('POST', '/api/tickets', {
        customerId: customer.id, typeCode: 'inquiry', channel: 'phone', priority: 'urgent', subject: '专线中断',
        assignment: { mode: 'person', assignee: agent.userName },
      });
    } catch { return null; }
  }, 'Tickets to know the customer', 30);
  const mine = await apiSession(host.url, agent.userName, agent.password);
  // At risk after 30 s, breached after 60 s: wait for the breach notification.
  const list = await eventually(async () => {
    const page = await mine('GET', '/api/tickets/notifications');
    return page.items.some((n) => n.kind === 'breached' && n.target === 'firstResponse') ? page : null;
  }, 'the breach notification', 150);
  return { ticket, unread: list.unread };
}

async function audit(page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

test('the owner sees the bell count a breach, reads it in words, follows it to the ticket and the count drops', async () => {
  const { ticket, unread } = await arrange();
  assert.ok(unread >= 2, 'at risk, then breached');

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: agent.userName, password: agent.password, language: 'zh-CN' });
  const bell = page.getByRole('button', { name: `通知：${unread} 条未读` });
  await bell.waitFor();

  // Keyboard: the bell is a button reached and opened without a mouse.
  await bell.focus();
  await page.keyboard.press('Enter');
  const breach = page.getByRole('link', { name: `工单 ${ticket.number} 首次响应时限已超时` });
  await breach.waitFor();
  await page.getByRole('link', { name: `工单 ${ticket.number} 首次响应时限即将超时` }).waitFor();
  assert.deepEqual(await audit(page), [], 'the open panel passes axe');
  await page.screenshot({ path: join(artifacts, 'notifications-panel-zh.png') });

  await breach.click();
  await page.waitForURL(`${host.url}/tickets/${ticket.id}`);
  await page.getByText('专线中断').first().waitFor();
  await page.getByRole('button', { name: `通知：${unread - 1} 条未读` }).waitFor();

  // Mark all read: the count goes to zero and the panel keeps the read ones.
  await page.getByRole('button', { name: `通知：${unread - 1} 条未读` }).click();
  await page.getByRole('button', { name: '全部标为已读' }).click();
  await page.getByRole('button', { name: '通知：0 条未读' }).waitFor();
  await page.getByRole('link', { name: `工单 ${ticket.number} 首次响应时限已超时` }).waitFor();
  await page.screenshot({ path: join(artifacts, 'notifications-read-zh.png') });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('someone with nothing to read sees an empty panel (English)', async () => {
  await api('POST', '/api/users', { userName: 'quiet.one', displayName: 'Quiet One', password: 'Quiet-Pa55word!', roles: ['agent'], team: 'field' });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'quiet.one', password: 'Quiet-Pa55word!', language: 'en' });
  await page.getByRole('button', { name: 'Notifications: 0 unread' }).click();
  await page.getByText('No notifications').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Mark all read' }).isDisabled(), true);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a manager finds a rule\'s notice about a customer in the bell and opens the customer from it', async () => {
  await api('POST', '/api/users', { userName: 'qian.jun', displayName: '钱军', password: 'Manager-Pa55word!', roles: ['manager'] });
  const customer = await api('POST', '/api/customers', { name: '宁波港务', tier: 'vip' });
  const rule = await api('POST', '/api/rules', {
    name: 'VIP 关怀提醒', enabled: true, trigger: { schedule: '0 0 8 * * ?' }, condition: { fact: 'tier', op: 'eq', value: 'vip' },
    actions: [{ type: 'notify', role: 'manager', message: '请致电 {{customerName}}' }], cooldownDays: 30,
  });
  // Rules hears of the customer through the outbox; a run before that matches nobody.
  await eventually(async () => (await api('POST', `/api/rules/${rule.id}/runs`)).fired === 1, 'the rule firing for the new VIP');

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'qian.jun', password: 'Manager-Pa55word!', language: 'zh-CN' });
  const bell = page.getByRole('button', { name: '通知：1 条未读' });
  await eventually(async () => (await bell.count()) === 1 || (await page.reload(), false), 'the notice in the bell', 30);
  await bell.click();
  await page.getByRole('link', { name: '规则提醒 · 宁波港务：请致电 宁波港务' }).click();
  await page.waitForURL(`${host.url}/customers/${customer.id}`);
  await page.getByRole('button', { name: '通知：0 条未读' }).waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});
