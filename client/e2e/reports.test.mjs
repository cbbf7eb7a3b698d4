// The dashboard and reports against the real host: an answered survey shows on the dashboard with the numbers the
// API computes, in both languages, and a report downloads as CSV that Excel opens (UTF-8 BOM, header row).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';
import { readDashboard, seeResponseOnDashboard } from './journey/reports.mjs';

let host, browser, admin;
before(async () => {
  host = await startHost();
  browser = await launch();
  admin = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

const text = (zh, en) => ({ zh, en });

/** A customer answers NPS, CSAT and CES through the public survey endpoint, as on their phone. */
async function answer({ nps, csat, ces, comment }) {
  const customer = await admin('POST', '/api/customers', { name: `报表客户 ${nps}`, tier: 'vip', accountManager: 'admin' });
  const survey = await admin('POST', '/api/surveys', {
    name: `Service check ${Date.now()}`, touchpoint: 'service', title: text('服务回访', 'How did we do?'),
    questions: [
      { key: 'nps', kind: 'nps', text: text('您有多大可能向朋友推荐我们？', 'How likely are you to recommend us?'), required: true },
      { key: 'csat', kind: 'csat', text: text('您对本次服务满意吗？', 'How satisfied are you?'), required: true },
      { key: 'ces', kind: 'ces', text: text('办理是否容易？', 'How easy was it?'), required: true },
      { key: 'why', kind: 'text', text: text('我们哪里可以做得更好？', 'What could we do better?') },
    ],
  });
  await admin('POST', '/api/tickets', { customerId: customer.id, typeCode: 'repair', channel: 'phone', priority: 'normal', subject: '空调不制冷' });
  const invite = await admin('POST', `/api/surveys/${survey.id}/invitations`, { customerId: customer.id, channel: 'link', language: 'zh-CN' });
  const response = await fetch(`${host.url}/api/public/surveys/${invite.token}/responses`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: [
      { question: 'nps', score: nps }, { question: 'csat', score: csat }, { question: 'ces', score: ces }, { question: 'why', text: comment },
    ] }),
  });
  assert.ok(response.ok, `the answer is taken: ${response.status} ${await response.clone().text()}`);
}

/** What the API computes for the dashboard's current month, once the answers have reached the reports. */
async function monthFigures(metric, atLeast) {
  for (let i = 0; i < 100; i++) {
    const report = await admin('GET', `/api/reports/satisfaction?metric=${metric}&interval=month`);
    const figure = report.groups.find((g) => g.value === 'all').series.at(-1).figure;
    if (figure.n >= atLeast) return { figure, scale: report.scale };
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the ${metric} report never counted ${atLeast} answers`);
}

const signed = (v) => (v > 0 ? '+' : v < 0 ? '−' : '') + Math.abs(v).toFixed(1);

test('a fresh database shows clean empty states on the dashboard and the reports, with no errors', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'en' });
  await page.waitForURL(/\/dashboard/);
  const empty = await readDashboard(page, 'en');
  assert.deepEqual({ n: empty.n, detractors: empty.detractors, openFollowUps: empty.openFollowUps }, { n: 0, detractors: 0, openFollowUps: 0 });
  assert.equal(empty.value, '—');
  const body = await page.locator('main').innerText();
  assert.doesNotMatch(body, /NaN|undefined|Infinity/);
  assert.match(body, /No answers in this period/);
  for (const report of ['satisfaction', 'service', 'closed-loop', 'voice-of-customer', 'retention']) {
    await page.goto(`${host.url}/reports/${report}`);
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.doesNotMatch(await page.locator('main').innerText(), /NaN|undefined|Infinity/, report);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the dashboard shows the answers with the numbers the API computes, in Chinese and English', async () => {
  await answer({ nps: 4, csat: 2, ces: 3, comment: '回复太慢了，等了很久' });
  await answer({ nps: 10, csat: 5, ces: 7, comment: '工程师很专业' });
  const nps = await monthFigures('nps', 2);
  const csat = await monthFigures('csat', 2);
  const ces = await monthFigures('ces', 2);

  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN', path: '/dashboard' });
  const zh = await seeResponseOnDashboard(page, host.url, { nps: 4, language: 'zh-CN' });
  assert.equal(zh.n, nps.figure.n);
  assert.equal(zh.detractors, nps.figure.counts.detractors);
  assert.equal(zh.value, signed(nps.figure.value));
  const csatTile = page.getByRole('region', { name: 'CSAT', exact: true });
  assert.match(await csatTile.innerText(), new RegExp(`${csat.figure.value.toFixed(1)}%`));
  const cesTile = page.getByRole('region', { name: 'CES', exact: true });
  assert.match(await cesTile.innerText(), new RegExp(ces.figure.value.toFixed(2)));
  assert.match(await cesTile.innerText(), /量表 1–7/, 'CES states its scale');
  assert.match(await page.getByRole('region', { name: 'NPS', exact: true }).innerText(), /样本少于 30/, 'a small sample is flagged');
  const backlog = (await admin('GET', '/api/reports/service')).groups.find((g) => g.value === 'all').backlog;
  assert.match(await page.getByRole('region', { name: '积压工单（按时长）' }).innerText(), new RegExp(`当前未结工单\\s*${backlog.open}`), 'the backlog shows the open tickets');
  await page.getByRole('img', { name: '积压工单（按时长）', exact: true }).locator('svg').waitFor();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const en = await readDashboard(page, 'en');
  assert.deepEqual(en, zh, 'the same figures in English');
  await page.getByText('Week', { exact: true }).click();
  await page.waitForURL(/interval=week/);
  assert.equal((await readDashboard(page, 'en')).n, nps.figure.n, 'this week holds the same answers');
  await seeResponseOnDashboard(page, host.url, { nps: 4, language: 'en' });
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the satisfaction report filters by the URL and exports a CSV that starts with the UTF-8 BOM', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN' });
  await page.goto(`${host.url}/reports/satisfaction?groupBy=tier&interval=week`);
  await page.getByRole('tab', { name: '满意度' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'VIP' });
  await row.waitFor();
  assert.match(await row.innerText(), /\b2\b/, 'both answers counted under VIP');
  await page.screenshot({ path: join(artifacts, 'report-satisfaction-zh-CN.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^satisfaction-nps-\d{8}-\d{8}\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM so Excel opens Chinese');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  assert.match(lines[0], /^group,period,start,end,n,nps,ciLow,ciHigh/);
  assert.ok(lines.some((l) => l.startsWith('vip,total,')), 'the group rows are in the file');

  await page.getByRole('tab', { name: '客户之声' }).click();
  await page.waitForURL(/voice-of-customer/);
  assert.doesNotMatch(page.url(), /groupBy/, 'a group of one report does not follow to another');
  const detractorThemes = page.getByRole('region', { name: '贬损者的主题' });
  await detractorThemes.getByText('“回复太慢了，等了很久”').waitFor();
  await page.screenshot({ path: join(artifacts, 'report-voice-zh-CN.png'), fullPage: true });
  await page.getByRole('tab', { name: '留存' }).click();
  await page.getByRole('region', { name: '按 NPS 类别' }).waitFor();
  await page.getByLabel('名称').fill('行业平均');
  await page.getByLabel('数值', { exact: true }).fill('15');
  await page.getByRole('button', { name: '设置基准线' }).click();
  await page.getByRole('cell', { name: '行业平均', exact: true }).waitFor();
  await page.screenshot({ path: join(artifacts, 'report-retention-zh-CN.png'), fullPage: true });

  await page.goto(`${host.url}/reports/service?from=2026-11-20&to=2026-11-01`);
  await page.getByRole('alert').filter({ hasText: 'must be on or before' }).waitFor();
  assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), [], 'no console errors but the refused range');
  await page.close();
});

test('every report exports its CSV in English too, and shows its figures without NaN', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'en' });
  for (const [report, header] of [
    ['service', /^group,period,start,end,created,resolved/],
    ['closed-loop', /^group,period,start,end,unhappy,followedUp/],
    ['voice-of-customer', /^side,theme,mentions,share/],
    ['retention', /^by,segment,customers,churned/],
  ]) {
    await page.goto(`${host.url}/reports/${report}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const bytes = await readFile(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${report}: UTF-8 BOM`);
    assert.match(bytes.subarray(3).toString('utf8'), header, `${report}: header row`);
    await page.waitForLoadState('networkidle');
    assert.doesNotMatch(await page.locator('main').innerText(), /NaN|undefined|Infinity/, report);
    if (report === 'service') {
      // The open repairs wait in their first stage, named as the workflow names it in English, not by its code.
      await page.getByRole('cell', { name: 'Accept', exact: true }).waitFor();
      assert.equal(await page.getByRole('cell', { name: 'accept', exact: true }).count(), 0);
    }
    await page.screenshot({ path: join(artifacts, `report-${report}-en.png`), fullPage: true });
  }
  assert.deepEqual(problems, []);
  await page.close();
});
