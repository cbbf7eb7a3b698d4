import { describe, expect, it } from 'vitest';
import { joinName, splitName, stageLabel, withKind, withNames, workflowProblems, type Stage, type Transition } from './workflowRules';

const stage = (code: string, extra: Partial<Stage> = {}): Stage => ({ code, name: code, isStart: false, isFinal: false, ...extra });
const go = (from: string, to: string, isReopen = false): Transition => ({ from, to, isReopen });
const rules = (stages: Stage[], transitions: Transition[]) => workflowProblems(stages, transitions).map((p) => `${p.field}:${p.rule}`);

describe('workflow checks (as the server runs them)', () => {
  const accept = stage('accept', { isStart: true });
  const fix = stage('fix');
  const closed = stage('closed', { isFinal: true });

  it('accept a straight line from start to a final stage, with a reopen out of the final stage', () => {
    expect(rules([accept, fix, closed], [go('accept', 'fix'), go('fix', 'closed'), go('closed', 'fix', true)])).toEqual([]);
  });

  it('name a stage no transition leads to as unreachable', () => {
    expect(rules([accept, fix, closed], [go('accept', 'closed')])).toEqual(['stages[1]:unreachable']);
  });

  it('want exactly one start stage and at least one final stage', () => {
    expect(rules([stage('a'), stage('b')], [go('a', 'b')])).toEqual(['stages:startCount', 'stages:noFinal']);
    expect(rules([accept, stage('b', { isStart: true }), closed], [go('accept', 'closed')])).toContain('stages:startCount');
  });

  it('refuse a way out of a final stage unless it is a reopen, and a reopen from elsewhere', () => {
    expect(rules([accept, fix, closed], [go('accept', 'fix'), go('fix', 'closed'), go('closed', 'fix')])).toEqual(['transitions[2]:outOfFinal']);
    expect(rules([accept, fix, closed], [go('accept', 'fix'), go('fix', 'closed'), go('accept', 'fix', true)])).toEqual(['transitions[2].isReopen:reopenNotFromFinal']);
  });

  it('find a cycle with no exit, and do not count a reopen as a way to finish', () => {
    const loop = [go('accept', 'fix'), go('fix', 'accept'), go('accept', 'closed'), go('closed', 'fix', true)];
    expect(rules([accept, fix, closed], loop)).toEqual([]);
    expect(rules([accept, fix, stage('wait'), closed], [go('accept', 'fix'), go('fix', 'wait'), go('wait', 'fix'), go('accept', 'closed')]))
      .toEqual(['stages[1]:noExit', 'stages[2]:noExit']);
  });

  it('name transitions to unknown stages, duplicate codes and unknown roles', () => {
    expect(rules([accept, closed], [go('accept', 'closed'), go('accept', 'nowhere')])).toEqual(['transitions[1].to:unknownTo']);
    expect(rules([accept, stage('accept', { isFinal: true })], [])).toContain('stages[1].code:duplicateCode');
    expect(rules([stage('accept', { isStart: true, ownerRole: 'wizard' }), closed], [go('accept', 'closed')])).toEqual(['stages[0].ownerRole:unknownRole']);
  });
});

describe('stage names in two languages', () => {
  it('split the shipped "中文 English" names and join them back', () => {
    expect(splitName('备件申请 Parts request')).toEqual({ zh: '备件申请', en: 'Parts request' });
    expect(splitName('Done')).toEqual({ zh: '', en: 'Done' });
    expect(splitName('Repair 维修')).toEqual({ zh: '维修', en: 'Repair' });
    expect(splitName('完成')).toEqual({ zh: '完成', en: '' });
    expect(joinName(' 上门维修 ', 'On-site repair')).toBe('上门维修 On-site repair');
    expect(joinName('', 'Done')).toBe('Done');
  });

  it('show the reader the part in their language, or the other one when it is missing', () => {
    expect(stageLabel('回访 Follow-up call', 'en')).toBe('Follow-up call');
    expect(stageLabel('回访 Follow-up call', 'zh-CN')).toBe('回访');
    expect(stageLabel('Done', 'zh-CN')).toBe('Done');
  });
});

describe('required field kinds', () => {
  const fields = [{ name: 'visitTime', kind: 'dateTime' as const }, { name: 'partsList', kind: 'list' as const }];

  it('keep their kind when names are added or removed; a new name starts as text', () => {
    expect(withNames(fields, ['visitTime', ' partsCount ', 'visitTime'])).toEqual([{ name: 'visitTime', kind: 'dateTime' }, { name: 'partsCount', kind: 'text' }]);
    expect(withNames(fields, [])).toEqual([]);
  });

  it('change kind without renaming the field', () => {
    expect(withKind(fields, 'partsList', 'number')).toEqual([{ name: 'visitTime', kind: 'dateTime' }, { name: 'partsList', kind: 'number' }]);
  });

  it('are refused twice in a stage, or with two kinds in one workflow, as the server does', () => {
    const accept = stage('accept', { isStart: true, requiredFields: [{ name: 'note', kind: 'text' }, { name: 'note', kind: 'text' }] });
    const visit = stage('visit', { requiredFields: [{ name: 'visitTime', kind: 'dateTime' }] });
    const later = stage('later', { requiredFields: [{ name: 'visitTime', kind: 'date' }] });
    const closed = stage('closed', { isFinal: true });
    const moves = [go('accept', 'visit'), go('visit', 'later'), go('later', 'closed')];
    expect(rules([accept, visit, later, closed], moves)).toEqual(['stages[0].requiredFields[1].name:fieldTwice', 'stages[2].requiredFields[0].kind:fieldKindClash']);
    expect(workflowProblems([accept, visit, later, closed], moves)[1].values).toEqual({ field: 'visitTime', code: 'visit' });
  });
});
