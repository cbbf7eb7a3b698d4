// Accessibility: axe-core's WCAG 2.1 A and AA rules (labels, names, roles, contrast, keyboard focus) on every page a
// person uses, with real data, in both languages — and the public survey page on a phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminPassword, startHost } from './host.mjs';
import { launch, watchConsole, injectAxe } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';

let host, browser, admin;
before(async () => {
  host = await startHost();
  browser = await launch();
  admin = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

/** Runs axe on what the page shows now; returns one line per violated rule with the first offending elements. */
async function audit(page) {
  await page.waitForLoadState('networkidle');
  // The page as a person reads it: once its data has arrived (a page still loading is audited as it is after 15 s).
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-card-loading, .ant-skeleton'), null, { timeout: 15_000 }).catch(() => {});
  await injectAxe(page);
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`) }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s): ${v.nodes.slice(0, 3).join(' | ')}`);
}

/** Data so that lists, the 360 view, a ticket and the reports have something to show. */
async function arrange() {
  const customer = await admin('POST', '/api/customers', {
    name: '无障碍测试客户', tier: 'vip', accountManager: 'admin', contacts: [{ name: '王芳', email: 'wang@example.com', isPrimary: true }],
  });
  const ticket = await admin('POST', '/api/tickets', { customerId: customer.id, typeCode: 'repair', channel: 'phone', priority: 'high', subject: '打印机无法启动' });
  const text = (zh, en) => ({ zh, en });
  const survey = await admin('POST', '/api/surveys', {
    name: 'A11y check', touchpoint: 'service', title: text('服务回访', 'How did we do?'),
    questions: [
      { key: 'nps', kind: 'nps', text: text('您有多大可能向朋友推荐我们？', 'How likely are you to recommend us?'), required: true },
      { key: 'ces', kind: 'ces', text: text('解决问题费了多大劲？', 'How much effort did it take?'), required: true },
      { key: 'why', kind: 'text', text: text('我们哪里可以做得更好？', 'What could we do better?') },
    ],
  });
  const invitation = (language) => admin('POST', `/api/surveys/${survey.id}/invitations`, { channel: 'link', language, anonymous: true });
  // A ticket whose stage asks for a field of every kind, so its transition form shows each kind's control.
  const kinds = ['text', 'number', 'date', 'dateTime', 'list'];
  await admin('POST', '/api/workflows', {
    code: 'a11y-fields', name: '字段 Fields',
    stages: [
      { code: 'open', name: '待办 Open', isStart: true, isFinal: false, ownerRole: 'agent', requiredFields: kinds.map((kind) => ({ name: `${kind}Field`, kind })) },
      { code: 'done', name: '完成 Done', isStart: false, isFinal: true, requiredFields: [] },
    ],
    transitions: [{ from: 'open', to: 'done' }],
  });
  await admin('POST', '/api/ticket-types', { code: 'a11y-fields', name: '字段 Fields', kind: 'inquiry', workflowCode: 'a11y-fields', defaultPriority: 'normal' });
  // Its own customer, so the first customer's name stays one link in the lists the keyboard test walks.
  const other = await admin('POST', '/api/customers', { name: '字段测试客户', tier: 'standard' });
  let fields;
  for (let i = 0; !fields; i++) {
    // The Tickets module hears of the new customer from the outbox shortly after.
    fields = await admin('POST', '/api/tickets', { customerId: other.id, typeCode: 'a11y-fields', channel: 'phone', subject: '每种字段 Every kind of field' })
      .catch((e) => { if (i > 50) throw e; return new Promise((r) => setTimeout(r, 200)); });
  }
  return { customer, ticket, fields, survey, tokens: { 'zh-CN': (await invitation('zh-CN')).token, en: (await invitation('en')).token } };
}

const staffPages = (d) => [
  '/dashboard', '/customers', `/customers/${d.customer.id}`, '/customers/import', '/tickets', `/tickets/${d.ticket.id}`, `/tickets/${d.fields.id}`, '/tickets/new',
  '/my-tasks', '/reports/satisfaction', '/reports/service', '/reports/closed-loop', '/reports/voice-of-customer', '/reports/retention',
  '/reports/complaints', '/improvement-plans', '/improvement-plans/new', '/settings/themes?keyword=%E5%8D%A1%E7%BA%B8&language=zh',
  '/rules', '/rules/new', '/settings/workflows', '/settings/sla', '/settings/calendars', '/settings/surveys', `/settings/surveys/${d.survey.id}`,
  '/settings/themes', '/settings/fields', '/settings/users', '/settings/api-keys', '/settings/outbound', '/settings/audit', '/settings/templates', '/settings/roles', '/settings/macros',
];

let data;
for (const language of ['zh-CN', 'en']) {
  test(`every staff page passes axe's WCAG 2.1 AA rules (${language})`, async () => {
    data ??= await arrange();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, host.url, { language });
    const found = [];
    for (const path of staffPages(data)) {
      await page.goto(`${host.url}${path}`);
      await page.locator('main').waitFor();
      // The ticket with a field of every kind: audit once its transition form (the number input among them) is there.
      if (path === `/tickets/${data.fields.id}`) await page.getByRole('spinbutton').waitFor();
      for (const line of await audit(page)) found.push(`${path}: ${line}`);
    }
    // The workflow editor, open on a workflow with a field of every kind (each with its kind select).
    await page.goto(`${host.url}/settings/workflows`);
    await page.getByLabel(language === 'en' ? 'Edit workflow a11y-fields' : '编辑流程 a11y-fields').click();
    await page.getByLabel(language === 'en' ? 'Kind of field listField' : '字段 listField 的类型').waitFor();
    await page.mouse.move(0, 0); // the edit button just clicked keeps its hover colour while the pointer rests on it
    for (const line of await audit(page)) found.push(`workflow editor: ${line}`);
    // The dashboard composer: handles to move and resize each tile, the catalogue to add one.
    await page.goto(`${host.url}/dashboard`);
    await page.getByRole('button', { name: language === 'en' ? 'Edit layout' : '编辑布局' }).click();
    await page.getByRole('button', { name: language === 'en' ? 'Save layout' : '保存布局' }).waitFor();
    await page.mouse.move(0, 0);
    for (const line of await audit(page)) found.push(`dashboard composer: ${line}`);
    assert.deepEqual(found, [], 'no accessibility violations');
    assert.deepEqual(problems, [], 'no console errors or warnings');
    await page.close();
  });
}

test('the public survey page passes axe on a 360 px phone, in both languages and in each of its states', async () => {
  data ??= await arrange();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const found = [];
  for (const language of ['zh-CN', 'en']) {
    await page.goto(`${host.url}/s/${data.tokens[language]}`);
    await page.getByRole('radiogroup').first().waitFor();
    for (const line of await audit(page)) found.push(`survey ${language}: ${line}`);
  }
  await page.goto(`${host.url}/s/not-a-real-token-${'x'.repeat(20)}`);
  await page.waitForLoadState('networkidle');
  for (const line of await audit(page)) found.push(`survey unknown link: ${line}`);
  assert.deepEqual(found, [], 'no accessibility violations');
  assert.deepEqual(problems.filter((p) => !p.includes('status of 404')), [], 'no console errors or warnings besides the refused link');
  await context.close();
});

/** Presses Tab (Shift+Tab with `back`) until a focused link (any control without `link`) reads `name`; fails after `max` presses. */
async function tabTo(page, name, { max = 80, back = false, link = false } = {}) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      return { tag: e?.tagName, text: e ? (e.getAttribute('aria-label') || e.textContent || '').trim() : '' };
    });
    if ((!link || focused.tag === 'A') && (name instanceof RegExp ? name.test(focused.text) : focused.text === name)) return presses;
  }
  throw new Error(`Tab never reached "${name}" in ${max} presses`);
}

test('a person without a mouse signs in, opens a customer from the menu, and reaches the settings by keyboard alone', async () => {
  data ??= await arrange();
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = watchConsole(page);
  await page.goto(`${host.url}/login`);
  await page.evaluate(() => localStorage.setItem('csm.language', 'zh-CN'));
  await page.goto(`${host.url}/login`);
  await page.getByLabel('用户名').focus();
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type(adminPassword);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/customers$/, { waitUntil: 'commit' });

  await tabTo(page, '工单', { link: true });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tickets$/, { waitUntil: 'commit' });
  await page.getByRole('link', { name: data.ticket.number }).waitFor();
  await tabTo(page, '客户', { back: true, link: true });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/customers$/, { waitUntil: 'commit' });
  await page.getByRole('link', { name: data.customer.name }).waitFor();
  await tabTo(page, data.customer.name, { link: true });
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/customers/${data.customer.id}$`), { waitUntil: 'commit' });

  // The settings submenu opens from the keyboard; the arrow keys move through it, as in any menu.
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim());
  await tabTo(page, '工单', { back: true, link: true });
  for (let i = 0; i < 12 && (await focusedText()) !== '设置'; i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(150); // as below: a key pressed before the menu moved focus is lost, as a person would see
  }
  assert.equal(await focusedText(), '设置', 'the arrow keys move along the menu bar to Settings');
  await page.keyboard.press('Enter');
  await page.getByRole('menu').getByRole('link', { name: '用户' }).waitFor();
  for (let i = 0; i < 20 && (await focusedText()) !== '用户'; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(150); // the menu moves focus on the next frame
  }
  assert.equal(await focusedText(), '用户', 'the arrow keys reach the Users entry');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/settings\/users$/, { waitUntil: 'commit' });
  await page.getByRole('heading', { name: /用户/ }).first().waitFor();
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
