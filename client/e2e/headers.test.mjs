// The browser itself enforces Csm's Content-Security-Policy: the SPA, the survey page and Swagger UI load and work
// under it with no violation (a violation is a console error), and no page can be put in a frame.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './host.mjs';
import { launch, watchConsole } from './browser.mjs';

let host, browser;
before(async () => { host = await startHost(); browser = await launch(); });
after(async () => { await browser?.close(); await host?.stop(); });

test('Swagger UI lists the operations under the Content-Security-Policy with no violation', async () => {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  const response = await page.goto(`${host.url}/swagger/index.html`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self';/);
  await page.locator('.info .title', { hasText: 'Csm API' }).waitFor();
  // Its own script runs: every tag is listed, one opens to list its operations, and one of those shows its parameters.
  await page.locator('.opblock-tag', { hasText: 'Users' }).waitFor();
  await page.locator('.opblock-tag', { hasText: 'Customers' }).first().click();
  const operation = page.locator('.opblock-summary-path', { hasText: '/api/customers/{id}/360' }).first();
  await operation.click();
  await page.locator('.opblock.is-open .parameters-col_name', { hasText: 'id' }).first().waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('the sign-in page and the survey page run under the policy, and a page that frames Csm shows nothing', async () => {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  const response = await page.goto(`${host.url}/login`);
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await page.getByRole('button', { name: /登录|Sign in/ }).waitFor();
  // An unknown survey link: the page itself still loads its script and says the link is not valid.
  await page.goto(`${host.url}/s/not-a-real-token`);
  await page.locator('#root *').first().waitFor();
  const refused = problems.filter((p) => !p.includes('status of 404'));
  assert.deepEqual(refused, [], 'no console errors or warnings besides the unknown link');

  // Another site framing Csm: the browser refuses to render it in the frame.
  await page.setContent(`<iframe id="f" src="${host.url}/login" style="width:400px;height:300px"></iframe>`);
  const frame = await (await page.$('#f')).contentFrame();
  await new Promise((r) => setTimeout(r, 1500));
  const framed = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
  assert.doesNotMatch(framed, /登录|Sign in/, 'the sign-in page does not render inside a frame');
  await page.close();
});
