// The feedback widget: a shop's page (its own server on 127.0.0.1) includes Csm's /widget.js; a visitor clicks the
// feedback button, answers in the panel, and staff see the answer in Csm with the address of that page. The same browser
// cannot answer twice; the button speaks the browser's language unless the page says otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, injectAxe, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';

let host, browser, api, shop, shopUrl, surveyId, linkId;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
  const survey = await api('POST', '/api/surveys', {
    name: 'Shop CSAT', touchpoint: 'purchase', title: { zh: '购物体验', en: 'How was your visit?' },
    questions: [
      { key: 'csat', kind: 'csat', text: { zh: '您对本页面满意吗？', en: 'How satisfied are you with this page?' } },
      { key: 'comment', kind: 'text', required: false, text: { zh: '还有什么想说的？', en: 'Anything else?' } },
    ],
  });
  surveyId = survey.id;
  linkId = (await api('PUT', `/api/surveys/${surveyId}/link`, { enabled: true })).linkId;
  // The shop: any site, not named anywhere in Csm's settings.
  shop = createServer((request, response) => {
    const lang = new URL(request.url, 'http://x').searchParams.get('widgetLang');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><title>Kettle</title><h1>Electric kettle K2</h1><p>In stock.</p>
      <script src="${host.url}/widget.js" data-survey="${linkId}"${lang ? ` data-lang="${lang}"` : ''} async></script>`);
  });
  await new Promise((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${shop.address().port}`;
});
after(async () => { await browser?.close(); await host?.stop(); shop?.close(); });

test('a visitor answers through the feedback button on a shop page, once, and staff see the answer with that page', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const product = `${shopUrl}/products/kettle-k2?ref=newsletter&widgetLang=en`;
  await page.goto(product);
  await page.getByRole('button', { name: 'Feedback' }).click();
  const panel = page.frameLocator('iframe[title="Feedback"]');
  await panel.getByText('How satisfied are you with this page?').waitFor();
  await panel.getByRole('radio', { name: '4', exact: true }).click();
  await panel.getByRole('textbox').fill('The spout picture is small');
  await page.screenshot({ path: join(artifacts, 'widget-panel-en.png') });
  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByText('Thank you for your feedback!').waitFor();
  // The panel closes itself a moment after the thanks.
  await page.getByRole('dialog', { name: 'Feedback' }).waitFor({ state: 'hidden', timeout: 10000 });
  assert.deepEqual(problems, [], 'no console errors or warnings');

  const answers = await eventually(async () => {
    const list = await api('GET', `/api/survey-responses?surveyId=${surveyId}`);
    return list.items.length > 0 && list.items;
  }, 'the answer');
  assert.deepEqual(answers.map((a) => [a.csat, a.channel, a.page, a.comment]), [[4, 'widget', product, 'The spout picture is small']]);

  // The same browser, on another page of the shop: the survey says it was answered already.
  await page.goto(`${shopUrl}/cart?widgetLang=en`);
  await page.getByRole('button', { name: 'Feedback' }).click();
  const again = page.frameLocator('iframe[title="Feedback"]');
  await again.getByRole('radio', { name: '5', exact: true }).click();
  await again.getByRole('button', { name: 'Send' }).click();
  await again.getByText('You have already answered this survey').waitFor();
  assert.equal((await api('GET', `/api/survey-responses?surveyId=${surveyId}`)).total, 1, 'one answer per browser');
  await context.close();

  // Staff see it in the survey's editor, with the page it came from.
  const staff = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const staffProblems = watchConsole(staff);
  await signIn(staff, host.url, { path: `/settings/surveys/${surveyId}`, language: 'en' });
  const card = staff.getByTestId('public-link-card');
  await card.getByText('Latest answers through the public link').waitFor();
  await card.getByRole('link', { name: product }).waitFor();
  await card.getByText('Feedback button', { exact: true }).waitFor();
  const link = await card.getByTestId('public-link').innerText();
  assert.equal(link.trim(), `${host.url}/f/${linkId}`);
  assert.match(await card.getByTestId('widget-snippet').innerText(), new RegExp(`data-survey="${linkId}"`));
  assert.equal(await card.locator('canvas').count(), 1, 'a QR code to print');
  await staff.screenshot({ path: join(artifacts, 'widget-staff-en.png'), fullPage: true });

  // A poster to print: the survey's title, a large QR code of the link, what to do and the address, in the poster's language.
  await card.getByRole('button', { name: 'Print a QR poster' }).click();
  const poster = staff.getByTestId('qr-poster');
  await poster.getByRole('heading', { name: 'How was your visit?' }).waitFor();
  await poster.getByText('Scan to tell us how we did').waitFor();
  assert.equal(await poster.locator('svg').count(), 1, 'the QR code as a vector, sharp at any print size');
  assert.match(await poster.innerText(), new RegExp(`or visit ${host.url}/f/${linkId}`));
  await staff.getByRole('dialog').getByText('中文').click();
  await poster.getByRole('heading', { name: '购物体验' }).waitFor();
  await poster.getByText('扫码告诉我们您的感受').waitFor();
  assert.equal(await poster.getAttribute('lang'), 'zh-CN');
  // Printed, the poster is all there is: the page and the dialog around it are hidden.
  await staff.emulateMedia({ media: 'print' });
  assert.equal(await poster.getByText('扫码告诉我们您的感受').isVisible(), true);
  assert.equal(await card.getByTestId('widget-snippet').isVisible(), false, 'the page is not printed');
  assert.equal(await staff.getByRole('dialog').getByText('Poster language').isVisible(), false, 'nor the dialog around the poster');
  assert.deepEqual(await staff.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => getComputedStyle(e).visibility === 'visible' && !e.closest('.csm-print-sheet')).map((e) => e.tagName)), [], 'nothing else is printed');
  await staff.screenshot({ path: join(artifacts, 'qr-poster-print-zh.png') });
  await staff.emulateMedia({ media: 'screen' });
  await staff.getByRole('dialog').locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
  await poster.waitFor({ state: 'detached' });
  assert.deepEqual(staffProblems, [], 'no console errors or warnings on the staff page');
  await staff.close();
});

test('the button and the panel speak Chinese in a Chinese browser, and a switched-off link shows no survey', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${shopUrl}/products/kettle-k2`);
  await page.getByRole('button', { name: '意见反馈' }).click();
  await page.frameLocator('iframe[title="意见反馈"]').getByText('您对本页面满意吗？').waitFor();
  await page.screenshot({ path: join(artifacts, 'widget-panel-zh.png') });
  // Escape in the panel closes it and gives the focus back to the button.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: '意见反馈' }).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '意见反馈');

  // The compact page the panel shows passes axe on its own, at the panel's size.
  const alone = await context.newPage();
  await alone.setViewportSize({ width: 380, height: 560 });
  await alone.goto(`${host.url}/f/${linkId}?channel=widget&embed=1&lang=zh-CN&page=${encodeURIComponent(shopUrl)}`);
  await alone.getByText('您对本页面满意吗？').waitFor();
  await injectAxe(alone);
  const violations = await alone.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
    .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'the panel\'s page passes WCAG 2.1 AA');
  await alone.close();

  await api('PUT', `/api/surveys/${surveyId}/link`, { enabled: false });
  await page.reload();
  await page.getByRole('button', { name: '意见反馈' }).click();
  await page.frameLocator('iframe[title="意见反馈"]').getByText('链接无效').waitFor();
  await api('PUT', `/api/surveys/${surveyId}/link`, { enabled: true });
  await context.close();
});
