// The whole journey, as one person clicking through the real host on a fresh database:
// import → 360 → Repair ticket through every stage → resolved → the customer answers NPS 4 on a phone from the
// e-mail in the mail drop → the follow-up task in My tasks → the response on the dashboard (both languages) →
// the contract-renewal rule enabled and dry-run. Each step lives in e2e/journey/<area>.mjs with its own assertions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './host.mjs';
import { join } from 'node:path';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';
import { editProfile, importTelcoCustomers, openCustomer360 } from './journey/customers.mjs';
import { answerOnPhone, invitationLinkFromMailDrop } from './journey/survey.mjs';
import { createRepairTicketFrom360, openFollowUpInMyTasks, takeTicketThroughEveryStage } from './journey/tickets.mjs';
import { seeResponseOnDashboard } from './journey/reports.mjs';
import { enableRenewalRuleAndDryRun, setUpAfterServiceSurvey } from './journey/feedback.mjs';

let host, browser;
before(async () => { host = await startHost(); browser = await launch(); });
after(async () => { await browser?.close(); await host?.stop(); });

test('a service team takes a repair from import to a closed loop, and a manager sets up renewals', { timeout: 600_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);

  // On a failure, what the page showed and said, for whoever reads the CI log.
  const failed = async (e) => {
    await page.screenshot({ path: join(artifacts, 'journey-failure.png'), fullPage: true }).catch(() => {});
    console.log(`journey failed at ${page.url()}; console: ${JSON.stringify(problems)}`);
    throw e;
  };
  await journey(page, browser, problems).catch(failed);
  await context.close();
});

async function journey(page, browser, problems) {
  const customer = { search: '7590', name: '7590-VHVEG', email: 'vhveg@example.com' };
  await signIn(page, host.url, { path: '/customers' });
  await setUpAfterServiceSurvey(page, host.url);
  await importTelcoCustomers(page);
  const customerId = await openCustomer360(page, customer.search, customer.name);
  await editProfile(page, { tier: 'VIP', email: customer.email, accountManager: 'admin' });

  const ticketId = await createRepairTicketFrom360(page, host.url, customerId);
  await takeTicketThroughEveryStage(page, host.url, ticketId);

  const link = await invitationLinkFromMailDrop(host.folder, customer.email);
  assert.ok(link.startsWith(host.url), `the e-mail links to this host: ${link}`);
  await answerOnPhone(browser, link, { score: 4, comment: '等了三天才有人回复，太慢了', language: 'zh-CN' });

  // The manager sees the answer and its open follow-up on the dashboard; the account manager then closes the loop.
  for (const language of ['en', 'zh-CN']) await seeResponseOnDashboard(page, host.url, { nps: 4, language });
  await openFollowUpInMyTasks(page, host.url, customer.name);

  // Contracts come from the ERP over the API; this one ends in 20 days, inside the rule's 30.
  const api = await apiSession(host.url);
  const today = new Date();
  const day = (offset) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await api('POST', `/api/customers/${customerId}/contracts`, { number: 'HT-2026-001', startsOn: day(-345), endsOn: day(20), value: 120000 });
  // Rules learns the tier and the contract from events; a delivery that hit a busy database is retried with backoff.
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 1000))) {
    const { facts } = await api('GET', `/api/rules/customer-facts/${customerId}`).catch(() => ({ facts: {} }));
    if (facts.tier === 'vip' && typeof facts.daysToContractEnd === 'number') break;
    if (Date.now() - started > 180_000) throw new Error(`the rules never learned the VIP contract: ${JSON.stringify(facts)}`);
  }
  await enableRenewalRuleAndDryRun(page, host.url, customer.name);

  assert.deepEqual(problems, [], 'no console errors or warnings along the way');
}
