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
  assert.deepEqual(Object.keys(ticket.fields).sort(), ['diagnosis', 'followUpNote', 'partsList', 'visitTime']);
  assert.equal(ticket.fields.partsList, 'PSU-12V; Fuse 2A');
  assert.ok(!Number.isNaN(Date.parse(ticket.fields.visitTime)), ticket.fields.visitTime);
  const history = await api('GET', `/api/tickets/${ticketId}/history`);
  assert.equal(history.filter((h) => h.action === 'stageChanged').length, 5);

  // The queue shows it with a shareable filter in the URL.
  await page.goto(`${host.url}/tickets?status=all&type=repair`);
  await page.getByRole('link', { name: ticket.number }).waitFor();
  await page.screenshot({ path: join(artifacts, 'tickets-queue-zh.png'), fullPage: true });

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

  // Leaving "answer" needs its field: the 400 is shown under it.
  await page.getByRole('button', { name: 'Move to: Closed' }).click();
  await page.getByText('Answer', { exact: true }).first().waitFor();

  // The browser reports the refused request itself; nothing else may appear.
  assert.deepEqual(problems.filter((p) => !/status of 409/.test(p)), [], 'no console errors or warnings besides the 409 response');
  await context.close();
});

test('My tasks lists the open Task tickets assigned to the signed-in user, and closing one records its outcome', async () => {
  const { id } = await customer('华东物流集团');
  const task = await api('POST', '/api/tickets', {
    customerId: id, typeCode: 'task', channel: 'api', priority: 'high', category: 'follow-up',
    subject: 'Follow up unhappy feedback 回访不满意客户', assignment: { mode: 'person', assignee: 'admin' },
  });
  const { context, page, problems } = await signedInPage();
  const number = await openFollowUpInMyTasks(page, host.url, '华东物流集团');
  assert.equal(number, task.number);
  const closed = await api('GET', `/api/tickets/${task.id}`);
  assert.equal(closed.status, 'closed');
  assert.equal(closed.outcome, 'reached');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});

test('a new ticket needs its customer, type and subject; the queue filters by priority from the URL', async () => {
  const { id } = await customer('Contoso 康拓');
  await api('POST', '/api/tickets', { customerId: id, typeCode: 'complaint', channel: 'phone', priority: 'urgent', subject: 'Billed twice' });
  const { context, page, problems } = await signedInPage('en');
  await page.goto(`${host.url}/tickets/new`);
  await page.getByRole('button', { name: 'New ticket' }).click();
  await page.getByText('Subject', { exact: true }).nth(1).waitFor();
  await choose(page, 'Type', 'Inquiry');
  await page.goto(`${host.url}/tickets?priority=urgent`);
  await page.getByRole('link', { name: 'Billed twice' }).or(page.getByText('Billed twice')).first().waitFor();
  assert.equal(await page.getByRole('row').count(), 2, 'the header and the one urgent ticket');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});
