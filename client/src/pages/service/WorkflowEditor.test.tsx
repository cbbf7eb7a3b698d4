import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from 'antd';
import { I18nProvider } from '../../i18n';
import { api, type Schemas } from '../../api/client';
import { WorkflowEditor } from './WorkflowEditor';

beforeAll(() => {
  // antd reads the viewport through matchMedia, which jsdom lacks.
  window.matchMedia ??= ((query: string) => ({
    matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  // The table's scrolling and the select's list measure themselves with ResizeObserver, which jsdom lacks too.
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
});
afterEach(() => { cleanup(); vi.restoreAllMocks(); localStorage.clear(); });

const repair: Schemas['WorkflowView'] = {
  id: 1, code: 'repair', version: 3, name: 'Repair 维修', isCurrent: true,
  stages: [
    { code: 'accept', name: '受理 Accept', isStart: true, isFinal: false, ownerRole: 'agent', ownerTeam: null, timeLimitMinutes: 60, requiredFields: [] },
    { code: 'visit', name: '上门 Visit', isStart: false, isFinal: false, ownerRole: 'agent', ownerTeam: null, timeLimitMinutes: null, requiredFields: [], goesToAccountManager: true },
    { code: 'closed', name: '关闭 Closed', isStart: false, isFinal: true, ownerRole: null, ownerTeam: null, timeLimitMinutes: null, requiredFields: [] },
  ],
  transitions: [{ from: 'accept', to: 'visit', isReopen: false }, { from: 'visit', to: 'closed', isReopen: false }, { from: 'visit', to: 'accept', isReopen: false, isReject: true }],
} as Schemas['WorkflowView'];

const show = () => render(
  <QueryClientProvider client={new QueryClient()}>
    <I18nProvider><App><WorkflowEditor workflow={repair} onDone={() => {}} onReload={() => {}} /></App></I18nProvider>
  </QueryClientProvider>,
);

/** Picks an option of an antd Select by its visible label. */
async function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const list = await screen.findAllByTitle(option);
  fireEvent.click(list[list.length - 1]);
}

describe('the workflow editor', () => {
  // One render of the whole table, found by labels and text (role queries compute styles: minutes on this table).
  it('shows each stage\'s ownership and sends what the manager sets: role, team, assignee, approval, account manager', { timeout: 120_000 }, async () => {
    const put = vi.spyOn(api, 'PUT').mockResolvedValue({ data: repair, response: new Response() } as never);
    show();
    expect(screen.getAllByText('交给客户经理').some((h) => h.closest('th'))).toBe(true);
    const toAccountManager = (n: number) => screen.getByLabelText(`第 ${n} 个阶段交给客户经理（客户没有客户经理时按团队轮流分配）`) as HTMLInputElement;
    expect([1, 2, 3].map((n) => toAccountManager(n).checked)).toEqual([false, true, false]);
    expect(toAccountManager(3).disabled).toBe(true);

    await choose('第 2 个阶段的负责角色', '主管');
    fireEvent.change(screen.getByLabelText('第 2 个阶段的负责团队'), { target: { value: ' field ' } });
    await choose('第 2 个阶段：处理人可推进', '可以');
    fireEvent.click(screen.getByLabelText('第 2 个阶段是审批'));
    fireEvent.click(toAccountManager(1));
    fireEvent.click(toAccountManager(2));
    await act(async () => { fireEvent.click(screen.getByText(/^保\s?存$/).closest('button')!); });

    await waitFor(() => expect(put).toHaveBeenCalledOnce());
    const body = (put.mock.calls[0][1] as { body: { stages: Schemas['WorkflowStage'][] } }).body;
    const owners = body.stages.map((s) => [s.code, s.ownerRole, s.ownerTeam, s.assigneeMayMove, s.isApproval, s.goesToAccountManager]);
    expect(owners).toEqual([
      ['accept', 'agent', null, null, false, true],
      ['visit', 'manager', 'field', true, true, false],
      ['closed', null, null, null, false, false],
    ]);
  });
});
