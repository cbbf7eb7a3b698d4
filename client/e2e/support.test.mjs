// The public web form: a customer on a phone writes in at /support without an account and gets the ticket's number;
// staff find the ticket and the new prospect. A customer's own site (an origin named in Cors:Origins) shows the form
// in a frame; any other site gets nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, injectAxe, launch, watchConsole } from './browser.mjs';
import { apiSession } from './session.mjs';

let host, browser, api, shop, shopUrl, other, otherUrl;
before(async () => {
  // The customer's shop: its own origin, a page that embeds Csm's form.
  shop = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Shop help</title><h1>Help</h1>
      <iframe id="csm" title="Support" src="${host.url}/support?lang=en" style="width:420px;height:900px;border:0"></iframe>`);
  });
  await new Promise((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${shop.address().port}`;
  // Another site, not named: the same page on another origin.
  other = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Elsewhere</title><iframe id="csm" title="Support" src="${host.url}/support" style="width:400px;height:300px"></iframe>`);
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${other.address().port}`;
  process.env.Cors__Origins__0 = shopUrl;
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); shop?.close(); other?.close(); delete process.env.Cors__Origins__0; });

test('a customer on a phone writes in at /support, is told what is missing, and gets the ticket number staff then find', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const problems = watchConsole(page);
  await page.goto(`${host.url}/support`);
  await page.getByRole('heading', { name: '联系客服' }).waitFor();

  await page.getByRole('button', { name: '提交' }).click();
  assert.equal(await page.getByText('请填写此项').count(), 3, 'name, subject and description are asked for');
  await page.getByText('电子邮箱或手机号码至少填写一项，方便我们回复您。', { exact: true }).last().waitFor();

  await page.getByLabel('您的姓名').fill('赵敏');
  await page.getByLabel('手机号码').fill('+86 139 0000 1234');
  await page.getByLabel('问题标题').fill('洗衣机漏水');
  await page.getByLabel('问题描述').fill('今天早上开始漏水，型号 X200。');
  // A photo of the leak, as a phone's camera saves it (the type is read from the bytes).
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3, 4, 5]);
  await page.getByLabel('附件（可选）').setInputFiles([{ name: '漏水.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await injectAxe(page);
  const violations = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
    .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'the form passes WCAG 2.1 AA');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('我们已收到您的问题').waitFor();
  const number = (await page.locator('.number').innerText()).trim();
  assert.match(number, /^TK-\d{4}-\d{6}$/);
  await page.getByText('已附上 1 个文件。').waitFor();
  await page.screenshot({ path: join(artifacts, 'support-received-zh.png'), fullPage: true });

  const queue = await api('GET', `/api/tickets?Q=${encodeURIComponent(number)}`);
  const ticket = queue.items.find((t) => t.number === number);
  assert.ok(ticket, 'staff find the ticket by its number');
  assert.equal(ticket.subject, '洗衣机漏水');
  const prospects = await api('GET', '/api/customers?tag=needs-review');
  assert.deepEqual(prospects.items.map((c) => [c.name, c.tier]), [['赵敏', 'prospect']]);
  assert.equal(ticket.customerId, prospects.items[0].id);
  const files = await api('GET', `/api/tickets/${ticket.id}/attachments`);
  assert.deepEqual(files.map((f) => [f.fileName, f.contentType, f.size]), [['漏水.jpg', 'image/jpeg', photo.length]], 'the agent sees the photo');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('the shop named in Cors:Origins shows the form in a frame, in English; another site shows nothing', async () => {
  const page = await browser.newPage();
  const problems = watchConsole(page);
  await page.goto(shopUrl);
  const form = page.frameLocator('#csm');
  await form.getByRole('heading', { name: 'Contact support' }).waitFor();
  await form.getByLabel('Your name').fill('Ann Lee');
  await form.getByLabel('E-mail').fill('ann@shop.example.com');
  await form.getByLabel('Subject').fill('Order 1042 arrived damaged');
  await form.getByLabel('What happened?').fill('The box was crushed.');
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByText('We have your request').waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');

  // Any other site: the browser refuses to render the form in its frame.
  await page.goto(otherUrl);
  const frame = await (await page.$('#csm')).contentFrame();
  await new Promise((r) => setTimeout(r, 1500));
  const framed = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
  assert.doesNotMatch(framed, /联系客服|Contact support/, 'the form does not render inside another site\'s frame');
  await page.close();
});
