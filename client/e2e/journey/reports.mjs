// The dashboard step of the journey: a person opens the dashboard and sees the survey answer counted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts } from '../browser.mjs';

const texts = {
  'zh-CN': { nps: 'NPS', n: /样本 n = ([\d,]+)/, detractors: /贬损者 ([\d,]+)/, loop: '待跟进的不满意反馈', open: '待跟进' },
  en: { nps: 'NPS', n: /n = ([\d,]+)/, detractors: /Detractors ([\d,]+)/, loop: 'Open detractor follow-ups', open: 'Open' },
};
const number = (text) => Number(String(text).replace(/,/g, ''));

/** The figures the dashboard shows: the NPS tile's n and detractors, and the open follow-ups. */
export async function readDashboard(page, language = 'zh-CN') {
  const x = texts[language];
  const tile = page.getByRole('region', { name: x.nps, exact: true });
  const value = tile.locator('[data-figure="value"]');
  await value.waitFor();
  const text = await tile.innerText();
  const loop = page.getByRole('region', { name: x.loop });
  const open = loop.locator('.ant-statistic').filter({ has: page.getByText(x.open, { exact: true }) }).locator('.ant-statistic-content-value');
  await open.waitFor();
  return {
    n: number(x.n.exec(text)?.[1] ?? NaN),
    detractors: number(x.detractors.exec(text)?.[1] ?? NaN),
    value: await value.innerText(),
    openFollowUps: number(await open.innerText()),
  };
}

/** Switches the app's language with the header button when the page shows the other one. */
export async function useLanguage(page, language) {
  const current = await page.evaluate(() => localStorage.getItem('csm.language') ?? 'zh-CN');
  if (current === language) return;
  // Either form of a two-character Chinese label matches ("中文"; antd would space it as "中 文" by default).
  await page.getByRole('button', { name: language === 'en' ? 'English' : /^中\s?文$/ }).click();
  await page.getByRole('heading', { name: language === 'en' ? 'Dashboard' : '仪表盘' }).waitFor();
}

/**
 * Opens the dashboard and asserts the NPS tile counts the response: n ≥ 1, and for a score of 0–6 a detractor and an
 * open follow-up. The answer reaches the reports through the outbox, so it first waits (over the signed-in browser
 * session) until the report API counts it. Saves artifacts/dashboard-<language>.png.
 */
export async function seeResponseOnDashboard(page, url, { nps, language = 'zh-CN', timeoutMs = 30_000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const month = await (await page.request.get(`${url}/api/reports/satisfaction?metric=nps&interval=month`)).json();
    const loop = await (await page.request.get(`${url}/api/reports/closed-loop?interval=month`)).json();
    const figure = month.groups.find((g) => g.value === 'all')?.series.at(-1)?.figure;
    const unhappy = loop.groups.find((g) => g.value === 'all')?.total.unhappy ?? 0;
    if ((figure?.n >= 1 && (nps > 6 || unhappy >= 1)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.goto(`${url}/dashboard`);
  await useLanguage(page, language);
  const seen = await readDashboard(page, language);
  assert.ok(seen.n >= 1, `the NPS tile counts the response (n = ${seen.n})`);
  if (nps <= 6) {
    assert.ok(seen.detractors >= 1, `a score of ${nps} shows as a detractor (${seen.detractors})`);
    assert.ok(seen.openFollowUps >= 1, `the detractor waits for a follow-up (${seen.openFollowUps} open)`);
  }
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(artifacts, `dashboard-${language}.png`), fullPage: true });
  return seen;
}
