// An approval stage from both chairs: the agent takes a refund to the supervisor's approval and cannot pass it; the
// manager opens the ticket in the SPA, approves it with a reason, and the history shows the hand-off to the manager,
// the decision with its reason, and the hand-back to the agent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, eventually, signIn } from './session.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

const stage = (code, name, ownerRole, extra = {}) => ({ code, name, isStart: false, isFinal: false, ownerRole, ownerTeam: null, timeLimitMinutes: null, requiredFields: [], ...extra });

test('an agent cannot pass the approval; the manager approves it in the SPA and the history shows both hand-offs and the reason', async () => {
  await api('POST', '/api/users', { userName: 'xie.na', displayName: '谢娜', password: 'Agent-Pa55word!', roles: ['agent'], team: 'desk' });
  await api('POST', '/api/users', { userName: 'lin.tao', displayName: '林涛', password: 'Manager-Pa55word!', roles: ['manager'], team: 'desk' });
  await api('POST', '/api/workflows', {
    code: 'refund', name: '退款 Refund',
    stages: [stage('quote', '报价 Quote', 'agent', { isStart: true }), stage('approval', '主管审批 Approval', 'manager', { isApproval: true }),
      stage('refund', '退款 Refund', 'agent'), stage('closed', '关闭 Closed', null, { isFinal: true })],
    transitions: [{ from: 'quote', to: 'approval' }, { from: 'approval', to: 'refund' }, { from: 'approval', to: 'quote', isReject: true }, { from: 'refund', to: 'closed' }],
  });
  await api('POST', '/api/ticket-types', { code: 'refund', name: '退款 Refund', kind: 'complaint', workflowCode: 'refund', defaultPriority: 'normal' });
  const customer = await api('POST', '/api/customers', { name: '苏州园林酒店', tier: 'standard' });
  const ticket = await eventually(() => api('POST', '/api/tickets', {
    customerId: customer.id, typeCode: 'refund', channel: 'phone', subject: '空调维修费退款', assignment: { mode: 'person', assignee: 'xie.na' },
  }).catch(() => null), 'a ticket for the new customer');
  const agent = await apiSession(host.url, 'xie.na', 'Agent-Pa55word!');
  const atApproval = await agent('POST', `/api/tickets/${ticket.id}/transitions`, { to: 'approval', version: ticket.version });
  assert.equal(atApproval.assignee, 'lin.tao');
  await assert.rejects(agent('POST', `/api/tickets/${ticket.id}/transitions`, { to: 'refund', decision: 'approve', reason: '我来批', version: atApproval.version }), /403/);

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { user: 'lin.tao', password: 'Manager-Pa55word!', language: 'zh-CN', path: `/tickets/${ticket.id}` });
  await page.getByText('审批决定').first().waitFor();
  await page.getByRole('radio', { name: /^批准/ }).check();
  await page.getByLabel('理由').fill('费用在保修范围内');
  await page.getByRole('button', { name: /^批准/ }).click();
  await page.getByText('审批通过').waitFor();
  const entries = await page.getByTestId('history-entry').allInnerTexts();
  const text = entries.join('\n');
  assert.match(text, /转交阶段负责人[\s\S]*xie\.na → lin\.tao/);
  assert.match(text, /审批通过[\s\S]*费用在保修范围内/);
  assert.match(text, /转交阶段负责人[\s\S]*lin\.tao → xie\.na/);
  await page.screenshot({ path: join(artifacts, 'approval-zh.png'), fullPage: true });
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});
