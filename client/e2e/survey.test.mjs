import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { adminPassword, startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';

let host, browser, admin;
before(async () => {
  host = await startHost();
  browser = await launch();
  const token = await (await fetch(`${host.url}/api/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'admin', password: adminPassword }),
  })).json();
  admin = (path, body) => fetch(`${host.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` }, body: JSON.stringify(body),
  }).then(async (r) => { assert.ok(r.ok, `${path}: ${r.status} ${await r.clone().text()}`); return r.json(); });
});
after(async () => { await browser?.close(); await host?.stop(); });

async function invitation(language) {
  const survey = await admin('/api/surveys', {
    name: `NPS ${language}`, touchpoint: 'service', title: { zh: '服务回访', en: 'How did we do?' },
    questions: [
      { key: 'nps', kind: 'nps', text: { zh: '您有多大可能向朋友推荐我们？', en: 'How likely are you to recommend us?' } },
      { key: 'why', kind: 'text', text: { zh: '我们哪里可以做得更好？', en: 'What could we do better?' }, required: true, showWhen: { question: 'nps', min: 0, max: 6 } },
    ],
  });
  return admin(`/api/surveys/${survey.id}/invitations`, { channel: 'link', language });
}

for (const [language, texts] of [
  ['zh-CN', { question: '您有多大可能向朋友推荐我们？', why: '我们哪里可以做得更好？', send: '提交', thanks: '感谢您的反馈！', required: '请回答此问题', answered: '您已经回答过此调查' }],
  ['en', { question: 'How likely are you to recommend us?', why: 'What could we do better?', send: 'Send', thanks: 'Thank you for your feedback!', required: 'Please answer this question', answered: 'You have already answered' }],
]) {
  test(`a customer answers NPS 4 with a comment on a phone, in ${language}, once`, async () => {
    const invite = await invitation(language);
    assert.match(invite.link, /\/s\/[A-Za-z0-9_-]{40,}$/);
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: language });
    const problems = watchConsole(page);
    await page.goto(`${host.url}/s/${invite.token}`);
    await page.getByText(texts.question).waitFor();
    assert.equal(await page.getByText(texts.why).count(), 0, 'the why question waits for a low score');

    await page.getByRole('button', { name: texts.send }).click();
    await page.getByText(texts.required).waitFor();
    await page.getByRole('radio', { name: '4', exact: true }).click();
    await page.getByText(texts.why).waitFor();
    await page.getByRole('textbox').fill(language === 'en' ? 'Replies are too slow' : '回复太慢了');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a 360 px phone (page is ${width} px wide)`);
    await page.screenshot({ path: join(artifacts, `survey-${language}.png`), fullPage: true });
    await page.getByRole('button', { name: texts.send }).click();
    await page.getByText(texts.thanks).waitFor();
    await page.screenshot({ path: join(artifacts, `survey-thanks-${language}.png`) });

    await page.goto(`${host.url}/s/${invite.token}`);
    await page.getByText(texts.answered).waitFor();
    assert.deepEqual(problems.filter((p) => !p.includes('409')), [], 'no console errors but the expected 409 of a used link');
    await page.close();
  });
}

test('a link one character off says it is not valid', async () => {
  const invite = await invitation('zh-CN');
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const last = invite.token.at(-1) === 'A' ? 'B' : 'A';
  await page.goto(`${host.url}/s/${invite.token.slice(0, -1)}${last}`);
  await page.getByText('链接无效').waitFor();
  await page.close();
});
