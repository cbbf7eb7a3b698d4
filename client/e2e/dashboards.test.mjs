// Composed dashboards against the real host: a manager drags a tile to another place and resizes another, saves, reloads
// and sees the same layout (the server keeps it); an agent still lands on the agents' default, in either language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

/** Each tile on the grid as the page lays it out: kind and cell place. */
const layout = (page) => page.locator('[data-tile]').evaluateAll((tiles) =>
  tiles.map((t) => ({ kind: t.dataset.tile, x: +t.dataset.x, y: +t.dataset.y, w: +t.dataset.w, h: +t.dataset.h })));

/** Drags from the centre of one element by so many pixels, in steps, as a person's mouse would. */
async function drag(page, locator, dx, dy) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + (dx * i) / 8, y + (dy * i) / 8);
  await page.mouse.up();
}

test('a manager composes a dashboard by dragging two tiles, reloads and sees the same layout', async () => {
  await api('POST', '/api/users', { userName: 'lu.min', displayName: '陆敏', password: 'Manager-Pa55word!', roles: ['manager'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'lu.min', password: 'Manager-Pa55word!', language: 'zh-CN', path: '/dashboard' });
  await page.getByText('经理看板 · Manager').waitFor();
  const before = await layout(page);
  assert.deepEqual(before.slice(0, 3).map((t) => t.kind), ['headline', 'headline', 'headline'], 'the managers’ default starts with three headlines');

  await page.getByRole('button', { name: '编辑布局' }).click();
  // The composer's toolbar loads on demand and pushes the grid down: drag once it is there.
  await page.getByRole('button', { name: '保存布局' }).waitFor();
  await page.getByRole('button', { name: '添加卡片' }).waitFor();
  const grid = await page.getByTestId('dashboard-grid').boundingBox();
  const column = (grid.width + 16) / 12;
  // The CES headline (third tile, x 8) two columns left and a row down; the backlog (fifth) two columns wider and a row taller.
  await drag(page, page.getByRole('button', { name: /移动第 3 张卡片/ }), -2 * column, 80);
  await drag(page, page.getByRole('button', { name: '调整第 5 张卡片大小' }), 2 * column, 80);
  // The page redraws after the last pointer event; a busy machine may take a moment.
  await page.waitForFunction(([x, w]) => {
    const tiles = document.querySelectorAll('[data-tile]');
    return tiles[2]?.dataset.x === String(x) && tiles[4]?.dataset.w === String(w);
  }, [before[2].x - 2, before[4].w + 2], { timeout: 5000 }).catch(() => {});
  const composed = await layout(page);
  assert.deepEqual(composed[2], { ...before[2], x: before[2].x - 2, y: before[2].y + 1 }, 'the dragged tile moved two columns left and a row down');
  assert.deepEqual(composed[4], { ...before[4], w: before[4].w + 2, h: before[4].h + 1 }, 'the resized tile grew by two columns and a row');
  await page.getByRole('button', { name: '保存布局' }).click();
  await page.getByRole('button', { name: '编辑布局' }).waitFor();
  await page.getByText('我的看板').waitFor();

  await page.reload();
  await page.getByText('我的看板').waitFor();
  await page.locator('[data-tile]').first().waitFor();
  assert.deepEqual(await layout(page), composed, 'the reloaded dashboard has the saved layout');
  const saved = await (await apiSession(host.url, 'lu.min', 'Manager-Pa55word!'))('GET', '/api/dashboards/home');
  assert.deepEqual(saved.tiles.map(({ kind, x, y, w, h }) => ({ kind, x, y, w, h })), composed, 'the server keeps what the page shows');
  await page.screenshot({ path: join(artifacts, 'dashboard-composed.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('an agent sees the agents’ default dashboard, in Chinese and in English', async () => {
  await api('POST', '/api/users', { userName: 'fang.yu', displayName: '方雨', password: 'Agent-Pa55word!', roles: ['agent'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'fang.yu', password: 'Agent-Pa55word!', language: 'zh-CN', path: '/dashboard' });
  await page.getByText('坐席看板 · Agent').waitFor();
  await page.getByRole('region', { name: '我的工单' }).waitFor();
  assert.deepEqual((await layout(page)).map((t) => t.kind), ['myTickets', 'ticketViews']);
  await page.getByRole('region', { name: '工单视图' }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('region', { name: 'My tickets' }).waitFor();
  await page.getByRole('region', { name: 'Ticket views' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'NPS', exact: true }).count(), 0, 'no satisfaction figures for an agent');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('a tile whose plan or ticket view was deleted says it no longer exists and the dashboard still loads, in both languages', async () => {
  await api('POST', '/api/users', { userName: 'he.jun', displayName: '何军', password: 'Manager-Pa55word!', roles: ['manager'] });
  const heJun = await apiSession(host.url, 'he.jun', 'Manager-Pa55word!');
  const plan = await api('POST', '/api/improvement-plans', {
    title: '夜班培训', version: 0, owner: 'admin', startsOn: '2026-03-01', actions: [],
    problem: { description: 'night shift', themes: ['delivery'], metric: 'nps', segment: { dimension: 'tier', value: 'vip' } },
    goal: { metric: 'nps', target: 30, date: '2026-12-31' },
  });
  const view = await heJun('POST', '/api/ticket-views', { name: '加急', shared: false, filters: { priority: 'urgent' } });
  await heJun('POST', '/api/dashboards', {
    name: '何军的看板', sharedWith: { kind: 'person' },
    tiles: [
      { kind: 'improvementPlans', x: 0, y: 0, w: 6, h: 5, planId: plan.id },
      { kind: 'ticketViews', x: 6, y: 0, w: 4, h: 4, viewId: view.id },
      { kind: 'myTickets', x: 0, y: 5, w: 4, h: 4 },
    ],
  });
  await api('DELETE', `/api/improvement-plans/${plan.id}`);
  await heJun('DELETE', `/api/ticket-views/${view.id}`);

  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  // The deleted plan's own request answers 404, which the browser reports; nothing else may.
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'he.jun', password: 'Manager-Pa55word!', language: 'zh-CN', path: '/dashboard' });
  await page.getByText('此卡片引用的改进计划已不存在').waitFor();
  await page.getByText('此卡片引用的工单视图已不存在').waitFor();
  await page.getByRole('region', { name: '我的工单' }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('The improvement plan this tile shows no longer exists').waitFor();
  await page.getByText('The ticket view this tile shows no longer exists').waitFor();
  await page.screenshot({ path: join(artifacts, 'dashboard-gone-tiles.png'), fullPage: true });
  assert.deepEqual(problems.filter((p) => !/404/.test(String(p))), [], 'no console errors or warnings but the deleted plan’s 404');
  await page.close();
});
