import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';
import { choose, createRepairTicketFrom360, openFollowUpInMyTasks, takeTicketThroughEveryStage } from './journey/tickets.mjs';

let host, browser, api;
before(async () => { host = await startHost(); browser = await launch(); api = await apiSession(host.url); });
after(async () => { await browser?.close(); await host?.stop(); });

/** A customer made over the API, once Tickets has heard of it (the Customers event goes through the outbox). */
async function customer(name) {
  const created = await api('POST', '/api/customers', { name, tier: 'standard' });
  for (let i = 0; i < 50; i++) {
    const probe = await api('GET', `/api/customers/${created.id}/360`);
    if (probe.profile) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1500));
  return created;
}

async function signedInPage(language = 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, host.url, { language });
  return { context, page, problems };
}

test('an agent opens a Repair ticket from the 360 view, takes it through every stage to closed, and the history lists each step', async () => {
  const { id } = await customer('上海云帆科技');
  const { context, page, problems } = await signedInPage();

  const ticketId = await createRepairTicketFrom360(page, host.url, id);
  await takeTicketThroughEveryStage(page, host.url, ticketId);

  const ticket = await api('GET', `/api/tickets/${ticketId}`);
  assert.equal(ticket.status, 'closed');
  assert.equal(ticket.stage, 'closed');
  assert.equal(ticket.customerId, id);
  assert.equal(ticket.assignee, 'admin', 'the agent who opened it owns it unless they chose someone else');
  assert.deepEqual(Object.keys(ticket.fields).sort(), ['diagnosis', 'followUpNote', 'partsList', 'visitTime']);
  assert.equal(ticket.fields.partsList, 'PSU-12V; Fuse 2A');
  assert.ok(!Number.isNaN(Date.parse(ticket.fields.visitTime)), ticket.fields.visitTime);
  const history = await api('GET', `/api/tickets/${ticketId}/history`);
  assert.equal(history.filter((h) => h.action === 'stageChanged').length, 5);

  // The queue: a shareable filter in the URL finds the closed ticket; open ones show their due countdowns.
  await page.goto(`${host.url}/tickets?status=all&type=repair`);
  await page.getByRole('link', { name: ticket.number }).waitFor();
  assert.equal(await page.getByRole('row').count(), 2, 'the header and the one Repair ticket');
  await api('POST', '/api/tickets', { customerId: id, typeCode: 'complaint', channel: 'weChat', priority: 'urgent', subject: '上门人员迟到两小时' });
  await api('POST', '/api/tickets', { customerId: id, typeCode: 'inquiry', channel: 'email', priority: 'low', subject: 'Warranty terms for the new router' });
  const customerReads = [];
  page.on('request', (r) => { if (/\/api\/customers\/\d+$/.test(new URL(r.url()).pathname)) customerReads.push(r.url()); });
  await page.getByRole('link', { name: '工单', exact: true }).click();
  await page.getByText('上门人员迟到两小时').waitFor();
  assert.equal(new URL(page.url()).search, '', 'the default queue shows what is not closed');
  const queueRow = page.getByRole('row', { name: /上门人员迟到两小时/ });
  await queueRow.getByRole('link', { name: '上海云帆科技' }).waitFor();
  assert.deepEqual(customerReads, [], 'the queue names each customer from its own rows, without a request per customer');
  assert.equal(await page.getByText(/后到期|已超期/).count() >= 2, true, 'each open ticket shows its countdown');
  await page.screenshot({ path: join(artifacts, 'tickets-queue-open-zh.png'), fullPage: true });
  await choose(page, '优先级', '紧急');
  await page.waitForURL(/priority=urgent/);
  await page.getByText('Warranty terms for the new router').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('row').count(), 2, 'the header and the one urgent ticket');

  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('the same journey steps work in English', async () => {
  const { id } = await customer('Adventure Works');
  const { context, page, problems } = await signedInPage('en');
  const ticketId = await createRepairTicketFrom360(page, host.url, id);
  await takeTicketThroughEveryStage(page, host.url, ticketId);
  assert.equal((await api('GET', `/api/tickets/${ticketId}`)).status, 'closed');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('the queue puts breached and at-risk tickets first, with their badges and how late or how soon they are due', async () => {
  // A round-the-clock calendar and minute-long targets, so a ticket is really late within the test.
  const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const calendar = await api('POST', '/api/calendars', {
    name: 'Always open', timeZone: 'Asia/Shanghai', weeklyHours: days.map((day) => ({ day, start: '00:00', end: '23:59' })), isDefault: false,
  });
  const policy = (priority, firstResponseMinutes, atRiskShare) => api('POST', '/api/sla-policies', {
    name: `Fast ${priority}`, typeCode: 'inquiry', priority, calendarId: calendar.id, firstResponseMinutes, resolutionMinutes: 60, atRiskShare, isActive: true,
  });
  await policy('urgent', 1, 0.8);
  await policy('high', 3, 0.3);
  const { id } = await customer('Tailspin Toys');
  const open = (priority, subject) => api('POST', '/api/tickets', { customerId: id, typeCode: 'inquiry', channel: 'web', priority, subject });
  const onTrack = await open('low', 'On track: manual request');
  const atRisk = await open('high', 'At risk: firmware question');
  const breached = await open('urgent', 'Breached: line down');
  await new Promise((r) => setTimeout(r, 65_000));

  const { context, page, problems } = await signedInPage();
  await page.goto(`${host.url}/tickets?customerId=${id}`);
  await page.getByRole('link', { name: breached.number }).waitFor();
  const rows = page.getByRole('row');
  await rows.nth(3).waitFor();
  const texts = await rows.allInnerTexts();
  // The first cell of a row is its selection box (for bulk changes); the number is the first cell with text.
  assert.deepEqual(texts.slice(1).map((t) => t.split('\t').map((c) => c.trim()).find(Boolean)), [breached.number, atRisk.number, onTrack.number]);
  assert.match(texts[1], /已超时/);
  assert.match(texts[1], /已超期/);
  assert.match(texts[2], /即将超时/);
  assert.match(texts[2], /后到期/);
  assert.match(texts[3], /正常/);
  await page.screenshot({ path: join(artifacts, 'tickets-queue-zh.png'), fullPage: true });

  await page.getByRole('checkbox', { name: '仅已超时' }).click();
  await page.waitForURL(/breached=true/);
  await page.getByRole('link', { name: atRisk.number }).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 2, 'the header and the breached ticket');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a change made by someone else in between: the transition is refused with 409 and the page offers a reload', async () => {
  const { id } = await customer('Northwind Traders');
  const ticket = await api('POST', '/api/tickets', { customerId: id, typeCode: 'inquiry', channel: 'email', subject: 'Invoice question' });
  const { context, page, problems } = await signedInPage('en');
  await page.goto(`${host.url}/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'Move to: Answer' }).waitFor();

  await api('POST', `/api/tickets/${ticket.id}/comments`, { body: 'Called the customer', visibility: 'internal', version: ticket.version });
  await page.getByRole('button', { name: 'Move to: Answer' }).click();
  await page.getByText('Someone else changed this. Reload to see their change.').waitFor();
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.getByText('Called the customer').waitFor();
  await page.getByRole('button', { name: 'Move to: Answer' }).click();
  await page.getByText('Ticket moved to Answer').waitFor();
  assert.equal((await api('GET', `/api/tickets/${ticket.id}`)).stage, 'answer');

  // Leaving "answer" needs its field: the form says so under it before anything is sent.
  await page.getByRole('button', { name: 'Move to: Closed' }).click();
  await page.getByText('Answer is required').waitFor();

  // The browser reports the refused request itself; nothing else may appear.
  assert.deepEqual(problems.filter((p) => !/status of 409/.test(p)), [], 'no console errors or warnings besides the 409 response');
  await context.close();
});

test('My tasks lists the Task tickets assigned to the signed-in user and the unowned ones to claim; closing one records its outcome', async () => {
  const { id: mineId } = await customer('华东物流集团');
  const { id: unownedId } = await customer('西南电子');
  const task = (customerId, extra = {}) => api('POST', '/api/tickets', {
    customerId, typeCode: 'task', channel: 'api', priority: 'high', category: 'follow-up', subject: 'Follow up unhappy feedback 回访不满意客户', ...extra,
  });
  const mine = await task(mineId, { assignment: { mode: 'person', assignee: 'admin' } });
  const unowned = await task(unownedId);
  assert.equal(unowned.assignee ?? null, null, 'a customer without an account manager leaves the task unowned');
  const { context, page, problems } = await signedInPage();

  assert.equal(await openFollowUpInMyTasks(page, host.url, '西南电子'), unowned.number);
  const closed = await api('GET', `/api/tickets/${unowned.id}`);
  assert.deepEqual([closed.status, closed.outcome, closed.assignee], ['closed', 'reached', 'admin']);

  assert.equal(await openFollowUpInMyTasks(page, host.url, '华东物流集团'), mine.number);
  assert.equal((await api('GET', `/api/tickets/${mine.id}`)).outcome, 'reached');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a new ticket says what is missing under each field, and the API 400 for an erased customer stands under the customer', async () => {
  const { id } = await customer('Erased Ltd');
  await api('DELETE', `/api/customers/${id}?erase=true`);
  await new Promise((r) => setTimeout(r, 1500));
  const { context, page, problems } = await signedInPage('en');
  await page.goto(`${host.url}/tickets/new`);
  await page.getByRole('button', { name: 'New ticket' }).click();
  for (const field of ['Customer', 'Type', 'Subject']) await page.getByText(`${field} is required`).waitFor();

  await page.goto(`${host.url}/tickets/new?customerId=${id}`);
  await choose(page, 'Type', 'Inquiry');
  await page.getByLabel('Subject', { exact: true }).fill('Where is my data?');
  await page.getByRole('button', { name: 'New ticket' }).click();
  const error = page.locator('.ant-form-item').filter({ has: page.getByText('Customer', { exact: true }) }).locator('.ant-form-item-explain-error');
  await error.waitFor();
  assert.match(await error.innerText(), /erased/);
  assert.match(page.url(), /\/tickets\/new/);
  assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), [], 'no console errors or warnings besides the 400 response');
  await context.close();
});

test('an agent assigns a ticket, replies to the customer, waits for them, closes and reopens it; the history tells it all', async () => {
  const { id } = await customer('Fabrikam 法布里坎');
  const ticket = await api('POST', '/api/tickets', { customerId: id, typeCode: 'inquiry', channel: 'chat', subject: 'How to reset the router' });
  const { context, page, problems } = await signedInPage('en');
  await page.goto(`${host.url}/tickets/${ticket.id}`);

  await choose(page, 'Assignee', 'Administrator (admin)');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByText('Assigned to admin').waitFor();

  await page.getByRole('button', { name: 'Edit' }).click();
  await choose(page, 'Priority', 'Urgent');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Ticket updated').waitFor();
  await page.locator('.ant-tag').getByText('Urgent', { exact: true }).waitFor();

  await page.getByRole('radio', { name: 'Reply to customer' }).check();
  await page.getByLabel('Text', { exact: true }).fill('Hold the reset button for ten seconds.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Hold the reset button' }).getByText('Customer-visible').waitFor();
  await page.getByText('First responded').waitFor();

  await page.getByRole('switch', { name: 'Waiting for customer' }).click();
  await page.getByText('SLA paused while waiting for the customer').waitFor();
  await page.getByText('Paused', { exact: true }).first().waitFor();
  await page.getByRole('switch', { name: 'Waiting for customer' }).click();
  await page.getByText('Work resumed').waitFor();

  await page.getByRole('button', { name: 'Move to: Answer' }).click();
  await page.getByText('Ticket moved to Answer').waitFor();
  await page.getByLabel('Answer', { exact: true }).fill('Reset explained on the phone.');
  await page.getByRole('button', { name: 'Move to: Closed' }).click();
  await page.getByText('This ticket is closed.').waitFor();
  await page.getByLabel('Reason for reopening').fill('The customer called again');
  await page.getByRole('button', { name: 'Reopen' }).click();
  await page.getByText('Ticket reopened').waitFor();
  await page.getByRole('button', { name: 'Move to: Closed' }).waitFor();
  // The history refetches after the reopen: read it once the reopen has arrived.
  await page.getByTestId('history-entry').filter({ hasText: /^Reopened/ }).waitFor();

  const entries = await page.getByTestId('history-entry').allInnerTexts();
  for (const action of ['Created', 'Assigned', 'Updated', 'Replied to customer', 'Waiting for customer', 'Resumed', 'Stage changed', 'Reopened']) {
    assert.ok(entries.some((e) => e.startsWith(action)), `history shows "${action}": ${entries.join(' | ')}`);
  }
  assert.ok(entries.some((e) => e.includes('The customer called again')), 'the reopen reason is in the history');
  const view = await api('GET', `/api/tickets/${ticket.id}`);
  assert.equal(view.assignee, 'admin');
  assert.equal(view.reopenCount, 1);
  assert.equal(view.priority, 'urgent');
  assert.ok(view.firstRespondedAt, 'the reply stopped the first-response clock');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});
