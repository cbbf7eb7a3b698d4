// A manager on a fresh start picks "satisfied or not" from the survey gallery and lands in the editor with it, in Chinese.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './host.mjs';
import { launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

test('a manager creates a survey from the gallery in one click and edits it', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN', path: '/settings/surveys' });
  await page.getByRole('button', { name: '从模板新建' }).click();
  await page.getByRole('dialog').getByText('上门维修回访').waitFor();
  await page.getByRole('button', { name: '使用模板 满意 / 不满意' }).click();
  await page.waitForURL(/\/settings\/surveys\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const survey = await api('GET', `/api/surveys/${id}`);
  assert.equal(survey.name, '满意 / 不满意');
  assert.deepEqual(survey.questions.map((q) => q.key), ['satisfied', 'why']);
  await page.locator('input[value="满意 / 不满意"]').first().waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
