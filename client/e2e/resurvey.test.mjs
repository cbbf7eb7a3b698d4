import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';
import { choose } from './ui.mjs';

let host, browser, admin;
before(async () => { host = await startHost(); browser = await launch(); admin = await apiSession(host.url); });
after(async () => { await browser?.close(); await host?.stop(); });

const text = (zh, en) => ({ zh, en });
const npsSurvey = (name) => ({
  name, touchpoint: 'service', title: text('服务满意度', 'Service satisfaction'),
  questions: [{ key: 'nps', kind: 'nps', text: text('您有多大可能推荐我们？', 'How likely are you to recommend us?') }],
});

test('a manager turns on the re-survey after a resolved follow-up with a short NPS survey, in Chinese and English, and the closed-loop page shows who recovered', async () => {
  const survey = await admin('POST', '/api/surveys', npsSurvey('售后服务 NPS'));
  await admin('POST', '/api/surveys', npsSurvey('回访确认 NPS'));
  const short = (await admin('GET', '/api/surveys?pageSize=100')).items.find((s) => s.name === '回访确认 NPS');

  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, host.url, { path: `/settings/surveys/${survey.id}` });

  const card = page.locator('.ant-card', { hasText: '跟进解决后二次回访' });
  await card.getByText('免打扰期照常生效').waitFor();
  await card.getByLabel('启用二次回访').click();
  await choose(page, '回访问卷', '回访确认 NPS', card);
  await card.getByLabel('跟进解决后（小时）').fill('48');
  await card.getByRole('button', { name: '保存' }).click();
  await page.getByText('二次回访设置已保存').waitFor();
  const saved = await admin('GET', `/api/surveys/${survey.id}/resurvey`);
  assert.deepEqual([saved.enabled, saved.resurveySurveyId, saved.delayHours, saved.validDays], [true, short.id, 48, 7]);

  await page.reload();
  await page.getByRole('button', { name: 'English' }).click();
  const english = page.locator('.ant-card', { hasText: 'Re-survey after a resolved follow-up' });
  assert.equal(await english.getByRole('switch').getAttribute('aria-checked'), 'true', 'the saved setting is shown after a reload');
  assert.equal(await english.getByLabel('Hours after the follow-up is resolved').inputValue(), '48');
  await page.screenshot({ path: join(artifacts, 'resurvey-setting-en.png'), fullPage: true });

  await page.goto(`${host.url}/reports/closed-loop`);
  await page.getByRole('columnheader', { name: 'Recovered', exact: true }).first().waitFor();
  await page.getByRole('columnheader', { name: 'Re-survey score' }).first().waitFor();
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('columnheader', { name: '已挽回', exact: true }).first().waitFor();
  await page.getByRole('columnheader', { name: '挽回率' }).first().waitFor();
  await page.screenshot({ path: join(artifacts, 'closed-loop-resurvey-zh.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no console errors or warnings');
  await context.close();
});
