// The tickets steps of the end-to-end journey, each done by clicking as a person would, in the page's language.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts } from '../browser.mjs';
import { choose, pageLanguage } from '../ui.mjs';

const texts = {
  'zh-CN': {
    newTicket: '新建工单', type: '类型', repair: '维修', subject: '主题', description: '描述', moveTo: '转到：',
    diagnose: '诊断', partsRequest: '备件申请', onSiteRepair: '上门维修', followUp: '回访', closed: '关闭',
    diagnosis: '诊断结论', partsList: '备件清单', visitTime: '上门时间', followUpNote: '回访记录',
    closedAlert: '此工单已关闭。', history: '历史', stageChanged: '阶段变更', moved: '工单已转到',
    myTasks: '我的任务', outcome: '结果', reached: '已联系上', done: '完成', taskClosed: '任务已完成', claim: '认领', claimed: '已认领',
  },
  en: {
    newTicket: 'New ticket', type: 'Type', repair: 'Repair', subject: 'Subject', description: 'Description', moveTo: 'Move to: ',
    diagnose: 'Diagnose', partsRequest: 'Parts request', onSiteRepair: 'On-site repair', followUp: 'Follow-up call', closed: 'Closed',
    diagnosis: 'Diagnosis', partsList: 'Parts list', visitTime: 'Visit time', followUpNote: 'Follow-up note',
    closedAlert: 'This ticket is closed.', history: 'History', stageChanged: 'Stage changed', moved: 'Ticket moved to',
    myTasks: 'My tasks', outcome: 'Outcome', reached: 'Reached', done: 'Done', taskClosed: 'Task closed', claim: 'Claim', claimed: 'Claimed',
  },
};

const language = pageLanguage;

const suffix = (lang) => (lang === 'en' ? 'en' : 'zh');

export { choose };

/** From the customer's 360 view: "New ticket", a Repair ticket about a broken device. Returns the new ticket's id. */
export async function createRepairTicketFrom360(page, url, customerId, { subject = 'Router keeps rebooting 路由器反复重启' } = {}) {
  const lang = await language(page);
  const x = texts[lang];
  await page.goto(`${url}/customers/${customerId}`);
  await page.getByRole('link', { name: x.newTicket }).click();
  await page.waitForURL(/\/tickets\/new\?customerId=/);
  await choose(page, x.type, x.repair);
  await page.getByLabel(x.subject, { exact: true }).fill(subject);
  await page.getByLabel(x.description, { exact: true }).fill('The router restarts every few minutes since the storm.');
  await page.getByRole('button', { name: x.newTicket }).click();
  await page.waitForURL(/\/tickets\/\d+$/);
  await page.getByRole('heading', { name: new RegExp(subject.slice(0, 10)) }).waitFor();
  return Number(new URL(page.url()).pathname.split('/').pop());
}

async function move(page, x, to, fill = async () => {}) {
  const stage = page.getByRole('radio', { name: x[to], exact: true });
  if (await stage.count()) await stage.check();
  await fill();
  await page.getByRole('button', { name: `${x.moveTo}${x[to]}` }).click();
  await page.getByText(`${x.moved} ${x[to]}`).first().waitFor();
}

/**
 * Takes a Repair ticket through every stage — accept, diagnose, parts request, on-site repair, follow-up call — filling
 * each stage's required fields, to closed (resolved: the TicketResolved event sends the after-service survey).
 */
export async function takeTicketThroughEveryStage(page, url, ticketId) {
  const lang = await language(page);
  const x = texts[lang];
  await page.goto(`${url}/tickets/${ticketId}`);
  await page.getByRole('button', { name: `${x.moveTo}${x.diagnose}` }).waitFor();
  await move(page, x, 'diagnose');
  await move(page, x, 'partsRequest', () => page.getByLabel(x.diagnosis, { exact: true }).fill('Power supply fails under load'));
  await move(page, x, 'onSiteRepair', async () => {
    const parts = page.getByLabel(x.partsList, { exact: true });
    for (const part of ['PSU-12V', 'Fuse 2A']) {
      await parts.fill(part);
      await parts.press('Enter');
    }
  });
  await move(page, x, 'followUp', async () => {
    const visit = page.getByLabel(x.visitTime, { exact: true });
    await visit.click();
    await visit.fill('2026-11-24 10:30');
    await visit.press('Tab');
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'detached' });
  });
  await move(page, x, 'closed', () => page.getByLabel(x.followUpNote, { exact: true }).fill('Customer confirms the router is stable'));
  await page.getByText(x.closedAlert).waitFor();

  const history = page.getByTestId('history-entry').filter({ hasText: x.stageChanged });
  await history.nth(4).waitFor();
  const steps = await history.allInnerTexts();
  for (const [from, to] of [['受理', 'diagnose'], ['diagnose', 'partsRequest'], ['partsRequest', 'onSiteRepair'], ['onSiteRepair', 'followUp'], ['followUp', 'closed']]) {
    const fromName = from === '受理' ? (lang === 'en' ? 'Accept' : '受理') : x[from];
    assert.ok(steps.some((s) => s.includes(`${fromName} → ${x[to]}`)), `history lists ${fromName} → ${x[to]}: ${steps.join(' | ')}`);
  }
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'));
  await page.screenshot({ path: join(artifacts, `ticket-detail-${suffix(lang)}.png`), fullPage: true });
}

/**
 * In My tasks, finds the follow-up task for the customer — claiming it first when nobody owns it yet (a customer
 * without an account manager) — closes it with the outcome "reached", and checks the outcome is recorded.
 */
export async function openFollowUpInMyTasks(page, url, customerName) {
  const lang = await language(page);
  const x = texts[lang];
  await page.goto(`${url}/my-tasks`);
  await page.getByRole('heading', { name: x.myTasks }).waitFor();
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: customerName, exact: true }) });
  // The follow-up is opened shortly after the survey answer arrives (through the outbox): refresh until it is there.
  for (let attempt = 0; ; attempt++) {
    try {
      await rows.first().waitFor({ timeout: 3000 });
      break;
    } catch (error) {
      if (attempt >= 10) throw error;
      await page.reload();
      await page.getByRole('heading', { name: x.myTasks }).waitFor();
    }
  }
  const claim = rows.first().getByRole('button', { name: x.claim });
  if (await claim.count()) {
    await claim.click();
    await page.getByText(x.claimed).first().waitFor();
  }
  const row = rows.filter({ has: page.getByRole('combobox') }).first();
  await row.waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-message-notice'));
  await page.screenshot({ path: join(artifacts, `my-tasks-${suffix(lang)}.png`), fullPage: true });
  const number = (await row.getByRole('link').first().innerText()).trim();
  const href = await row.getByRole('link').first().getAttribute('href');
  await choose(page, `${x.outcome} ${number}`, x.reached, row);
  await row.getByRole('button', { name: x.done }).click();
  await page.getByText(x.taskClosed).first().waitFor();
  await page.getByRole('link', { name: number, exact: true }).waitFor({ state: 'detached' });

  await page.goto(`${url}${href}`);
  await page.getByText(x.closedAlert).waitFor();
  await page.getByText(x.reached, { exact: true }).first().waitFor();
  return number;
}
