// One-click rating: the invitation e-mail (from the host's mail drop) shows the NPS scale as links; the link for 9
// opens the survey on a phone with 9 chosen, nothing is recorded until the customer submits, and a link whose score
// is off the scale chooses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually } from './session.mjs';
import { mailFromMailDrop } from './journey/survey.mjs';

let host, browser, api;
before(async () => { host = await startHost(); browser = await launch(); api = await apiSession(host.url); });
after(async () => { await browser?.close(); await host?.stop(); });

test('the e-mail\'s 9 opens the survey with 9 chosen, and only submitting records it', async () => {
  const customer = await api('POST', '/api/customers', {
    name: '杭州一键评分客户', tier: 'standard', language: 'zh-CN',
    contacts: [{ name: '陈静', email: 'chen.jing@example.com', isPrimary: true }],
  });
  const survey = await api('POST', '/api/surveys', {
    name: 'One-click NPS', touchpoint: 'service', title: { zh: '服务回访', en: 'How did we do?' },
    questions: [{ key: 'nps', kind: 'nps', text: { zh: '您有多大可能向朋友推荐我们？', en: 'How likely are you to recommend us?' } }],
  });
  // Surveys learns the customer's address from Customers' event, delivered by the outbox a moment later.
  const invited = await eventually(async () => {
    const invite = await api('POST', `/api/surveys/${survey.id}/invitations`, { customerId: customer.id, channel: 'email' });
    return invite.status === 'queued' ? invite : null;
  }, 'an invitation Surveys can send');
  assert.equal(invited.status, 'queued');

  const mail = await mailFromMailDrop(host.folder, 'chen.jing@example.com');
  assert.ok(mail.html, 'the invitation has an HTML part');
  const links = [...mail.html.matchAll(/href="([^"]+\?score=(\d+))"/g)].map((m) => ({ href: m[1].replaceAll('&amp;', '&'), score: Number(m[2]) }));
  assert.deepEqual(links.map((l) => l.score), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const problems = watchConsole(page);
  await page.goto(links.find((l) => l.score === 9).href);
  const nine = page.getByRole('radio', { name: '9', exact: true }).first();
  await nine.waitFor();
  assert.equal(await nine.isChecked(), true, '9 is chosen');
  assert.equal(await page.getByRole('radio', { checked: true }).count(), 1);
  await page.screenshot({ path: join(artifacts, 'one-click-rating-zh.png'), fullPage: true });
  assert.equal((await api('GET', '/api/survey-responses')).total, 0, 'opening the link recorded nothing');

  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('感谢您的反馈！').waitFor();
  const responses = await api('GET', '/api/survey-responses');
  assert.equal(responses.total, 1);
  assert.equal(responses.items[0].nps, 9);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('a link whose score is off the scale opens the survey with nothing chosen', async () => {
  const survey = await api('POST', '/api/surveys', {
    name: 'Off scale', touchpoint: 'service', title: { zh: '服务回访', en: 'How did we do?' },
    questions: [{ key: 'csat', kind: 'csat', text: { zh: '您对本次服务满意吗？', en: 'How satisfied are you?' } }],
  });
  const invite = await api('POST', `/api/surveys/${survey.id}/invitations`, { channel: 'link', language: 'en' });
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en' });
  await page.goto(`${invite.link}?score=42`);
  await page.getByText('How satisfied are you?').waitFor();
  assert.equal(await page.getByRole('radio', { checked: true }).count(), 0);
  await page.goto(`${invite.link}?score=5`);
  await page.getByText('How satisfied are you?').waitFor();
  assert.equal(await page.getByRole('radio', { name: '5', exact: true }).first().isChecked(), true);
  await page.close();
});
