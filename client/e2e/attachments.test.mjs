// An agent drops a repair photo on a ticket: it is listed with its size, who sent it and when, and downloads as the
// same bytes, saved as a file; the history says it was attached; a file sent with a note shows under the note.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, injectAxe, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

// A 1×1 PNG, named as the phone named it.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('an agent drops a photo on a ticket, sees it listed and downloads it', async () => {
  const customer = await api('POST', '/api/customers', { name: '湖州供水设备公司', tier: 'standard' });
  const ticket = await eventually(() => api('POST', '/api/tickets', { customerId: customer.id, typeCode: 'repair', channel: 'phone', subject: '水泵漏水' }).catch(() => null), 'the ticket');
  await api('POST', '/api/users', { userName: 'zhao.lei', displayName: '赵磊', password: 'Ag3nt-Pa55word!', roles: ['agent'] });

  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, acceptDownloads: true });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'zh-CN', path: `/tickets/${ticket.id}`, user: 'zhao.lei', password: 'Ag3nt-Pa55word!' });
  const drop = page.getByText('把文件拖到这里，或点击选择文件');
  await drop.waitFor();

  const dataTransfer = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], '漏水照片.png', { type: 'image/png' }));
    return transfer;
  }, [...png]);
  await drop.dispatchEvent('dragover', { dataTransfer });
  await drop.dispatchEvent('drop', { dataTransfer });

  await page.getByText('已上传 漏水照片.png').waitFor();
  const row = page.getByRole('row').filter({ hasText: '漏水照片.png' });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`漏水照片\\.png[\\s\\S]*${png.length} B[\\s\\S]*zhao\\.lei`));
  const entries = (await page.getByTestId('history-entry').allInnerTexts()).join('\n');
  assert.match(entries, /上传附件[\s\S]*漏水照片\.png/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 漏水照片.png' }).click()]);
  assert.equal(download.suggestedFilename(), '漏水照片.png');
  assert.deepEqual(readFileSync(await download.path()), png);
  const [listed] = await api('GET', `/api/tickets/${ticket.id}/attachments`);
  assert.equal(listed.contentType, 'image/png');

  // A file sent with a note is listed under that note too.
  const current = await api('GET', `/api/tickets/${ticket.id}`);
  await api('POST', `/api/tickets/${ticket.id}/comments`, { body: '客户签字的维修单', visibility: 'internal', version: current.version });
  const [note] = (await api('GET', `/api/tickets/${ticket.id}/comments`)).slice(-1);
  const status = await page.evaluate(async ({ id, commentId }) => {
    const form = new FormData();
    form.append('files', new File(['维修单：更换密封圈'], '维修单.txt'));
    form.append('commentId', String(commentId));
    return (await fetch(`/api/tickets/${id}/attachments`, { method: 'POST', body: form })).status;
  }, { id: ticket.id, commentId: note.id });
  assert.equal(status, 201);
  await page.reload();
  await page.getByRole('listitem').filter({ hasText: '客户签字的维修单' }).getByRole('link', { name: '下载 维修单.txt' }).waitFor();

  await injectAxe(page);
  const violations = await page.evaluate(async () => (await axe.run(document.querySelector('main'), { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
    .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, [], 'the attachments card passes axe');
  await page.screenshot({ path: join(artifacts, 'attachments-zh.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
