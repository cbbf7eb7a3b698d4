import { describe, expect, it } from 'vitest';
import { catalogs, format } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { changeSentences, savedWhen, type WorkflowChanges } from './workflowVersions';

const zh = (key: MessageKey, values?: Record<string, string | number>) => format(catalogs['zh-CN'][key], values);
const en = (key: MessageKey, values?: Record<string, string | number>) => format(catalogs.en[key], values);
const none: WorkflowChanges = { isEmpty: true, stagesAdded: [], stagesRemoved: [], stagesChanged: [], transitionsAdded: [], transitionsRemoved: [] };

describe('a version change summary', () => {
  it('names a stage whose time limit changed, in hours and minutes, by its name in the reader language', () => {
    const changes: WorkflowChanges = {
      ...none,
      stagesChanged: [{ code: 'diagnose', name: '诊断 Diagnose', timeLimitMinutes: { before: 240, after: 90 } }],
    };
    expect(changeSentences(changes, zh, 'zh-CN')).toEqual(['阶段“诊断”的时限由 4 小时 改为 1 小时 30 分钟']);
    expect(changeSentences(changes, en, 'en')).toEqual(['Stage "Diagnose": time limit changed from 4 h to 1 h 30 min']);
  });

  it('says no limit when a limit is added or taken away, and names roles and fields', () => {
    const changes: WorkflowChanges = {
      ...none,
      stagesChanged: [{
        code: 'answer', name: 'Answer', timeLimitMinutes: { before: null, after: 60 }, ownerRole: { before: 'agent', after: 'manager' },
        requiredFields: { added: ['source', 'answer2'], removed: ['answer'], kindChanged: ['visitTime'] },
      }],
    };
    expect(changeSentences(changes, en, 'en')).toEqual([
      'Stage "Answer": time limit changed from no limit to 1 h',
      'Stage "Answer": owner role changed from Agent to Manager',
      'Stage "Answer" now requires source, answer2 to leave',
      'Stage "Answer" no longer requires answer',
      'Stage "Answer": the kind of visitTime changed',
    ]);
    expect(changeSentences(changes, zh, 'zh-CN')[2]).toBe('阶段“Answer”离开前新增必填字段：source、answer2');
  });

  it('says when a stage was renamed or handed to another team, each in the reader language', () => {
    const changes: WorkflowChanges = {
      ...none,
      stagesChanged: [{
        code: 'visit', name: '上门维修 On-site repair', renamed: { before: '上门 Visit', after: '上门维修 On-site repair' },
        ownerTeam: { before: null, after: 'field' },
      }],
    };
    expect(changeSentences(changes, zh, 'zh-CN')).toEqual(['阶段“上门”改名为“上门维修”', '阶段“上门维修”的负责团队由 不限团队 改为 field']);
    expect(changeSentences(changes, en, 'en')).toEqual(['Stage "Visit" renamed "On-site repair"', 'Stage "On-site repair": owner team changed from any team to field']);
    const englishOnly: WorkflowChanges = { ...none, stagesChanged: [{ code: 'visit', name: '上门 Site visit', renamed: { before: '上门 Visit', after: '上门 Site visit' } }] };
    expect(changeSentences(englishOnly, zh, 'zh-CN')).toEqual(['阶段“上门 Visit”改名为“上门 Site visit”']);
  });

  it('says when a stage starts or stops going to the account manager, in both languages', () => {
    const changes: WorkflowChanges = {
      ...none,
      stagesChanged: [
        { code: 'visit', name: '上门维修 On-site repair', goesToAccountManager: { before: false, after: true } },
        { code: 'call', name: '回访 Follow-up', goesToAccountManager: { before: true, after: false } },
      ],
    };
    expect(changeSentences(changes, zh, 'zh-CN')).toEqual(['阶段“上门维修”现在交给客户经理', '阶段“回访”不再交给客户经理，按负责人分配']);
    expect(changeSentences(changes, en, 'en')).toEqual([
      'Stage "On-site repair" now goes to the account manager', 'Stage "Follow-up" no longer goes to the account manager but to its owner',
    ]);
  });

  it('lists stages added and removed before transitions, and marks a reopen', () => {
    const changes: WorkflowChanges = {
      ...none,
      stagesAdded: [{ code: 'inspect', name: '质检 Inspect' }],
      stagesRemoved: [{ code: 'old', name: '' }],
      transitionsAdded: [
        { from: 'check', to: 'inspect', isReopen: false, fromName: '检查 Check', toName: '质检 Inspect' },
        { from: 'done', to: 'inspect', isReopen: true, fromName: '完成 Done', toName: '质检 Inspect' },
      ],
      transitionsRemoved: [{ from: 'check', to: 'old', isReopen: false, fromName: '检查 Check', toName: '' }],
    };
    expect(changeSentences(changes, zh, 'zh-CN')).toEqual([
      '新增阶段“质检”', '删除阶段“old”', '新增流转 检查 → 质检', '新增流转 完成 → 质检（重开）', '删除流转 检查 → old',
    ]);
    expect(changeSentences(changes, en, 'en')[0]).toBe('Added stage "Inspect"');
    expect(changeSentences(changes, en, 'en')[3]).toBe('Added transition Done → Inspect (reopen)');
  });

  it('is empty when only the name changed', () => {
    expect(changeSentences(none, en, 'en')).toEqual([]);
  });
});

describe('when a version was saved', () => {
  it('is a date and time, or a dash when unknown', () => {
    expect(savedWhen('2026-03-02T01:00:00Z', 'en')).toMatch(/2026/);
    expect(savedWhen(undefined, 'zh-CN')).toBe('—');
    expect(savedWhen('not a date', 'en')).toBe('—');
  });
});
