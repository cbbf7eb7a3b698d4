import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { fieldKinds, joinName, roles, splitName, stageLabel, withKind, withNames, workflowProblems, type FieldKind, type RequiredField, type Stage, type Transition } from './workflowRules';
import { useProblemText } from './problemText';

interface EditStage { key: number; code: string; zh: string; en: string; ownerRole?: string; ownerTeam?: string; assigneeMayMove?: boolean; goesToAccountManager?: boolean; timeLimitMinutes?: number | null; requiredFields: RequiredField[]; isFinal: boolean; isApproval?: boolean }
interface EditTransition { key: number; from?: string; to?: string; isReopen: boolean; isReject?: boolean }

let nextKey = 1;

function fromView(w: Schemas['WorkflowView'] | undefined) {
  const stages: EditStage[] = (w?.stages ?? []).map((s) => ({
    key: nextKey++, code: s.code ?? '', ...splitName(s.name), ownerRole: s.ownerRole ?? undefined, ownerTeam: s.ownerTeam ?? undefined, assigneeMayMove: s.assigneeMayMove ?? undefined,
    goesToAccountManager: !!s.goesToAccountManager,
    timeLimitMinutes: s.timeLimitMinutes, requiredFields: s.requiredFields ?? [], isFinal: !!s.isFinal, isApproval: !!s.isApproval,
  }));
  const start = stages[(w?.stages ?? []).findIndex((s) => s.isStart)]?.key;
  const transitions: EditTransition[] = (w?.transitions ?? []).map((t) => ({ key: nextKey++, from: t.from, to: t.to, isReopen: !!t.isReopen, isReject: !!t.isReject }));
  return { stages, start, transitions };
}

/** Messages of the problems whose field is `prefix` or lies under it (`stages[1]` covers `stages[1].code`). */
function under(prefix: string, messages: [string, string][]) {
  return messages.filter(([f]) => f === prefix || f.startsWith(prefix + '.')).map(([, m]) => m);
}

/**
 * The stage editor: stages (code, names in both languages, owner, whether the account manager takes it, time limit, required fields, final), the start
 * stage and the transitions. The server's checks run here as you type; its own 400 answer is shown the same way.
 */
export function WorkflowEditor({ workflow, onDone, onReload }: {
  workflow?: Schemas['WorkflowView'];
  onDone: (saved?: Schemas['WorkflowView']) => void;
  /** After a 409: open the workflow again as it now is. */
  onReload: () => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const initial = useMemo(() => fromView(workflow), [workflow]);
  const [code, setCode] = useState(workflow?.code ?? '');
  const [name, setName] = useState(workflow?.name ?? '');
  const [stages, setStages] = useState(initial.stages);
  const [start, setStart] = useState(initial.start);
  const [transitions, setTransitions] = useState(initial.transitions);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [tried, setTried] = useState(false);
  const problemText = useProblemText();

  const body = {
    name,
    stages: stages.map((s): Stage => ({
      code: s.code.trim(), name: joinName(s.zh, s.en), isStart: s.key === start, isFinal: s.isFinal, isApproval: !!s.isApproval,
      ownerRole: s.ownerRole || null, ownerTeam: s.ownerTeam?.trim() || null, assigneeMayMove: s.assigneeMayMove ?? null, goesToAccountManager: !!s.goesToAccountManager, timeLimitMinutes: s.timeLimitMinutes || null, requiredFields: s.requiredFields,
    })),
    transitions: transitions.map((x): Transition => ({ from: x.from ?? '', to: x.to ?? '', isReopen: x.isReopen, isReject: !!x.isReject })),
  };
  const problems = workflowProblems(body.stages, body.transitions);
  const messages: [string, string][] = [
    ...problems.map((p): [string, string] => [p.field, problemText(p)]),
    ...Object.entries(serverErrors).flatMap(([f, ms]) => ms.map((m): [string, string] => [f, m])),
  ];

  const save = useMutation({
    mutationFn: () => workflow
      ? call(api.PUT('/api/workflows/{code}', { params: { path: { code: workflow.code } }, body: { ...body, version: workflow.version } }))
      : call(api.POST('/api/workflows', { body: { ...body, code: code.trim() } })),
    onSuccess: (saved) => {
      client.invalidateQueries({ queryKey: ['workflows'] });
      message.success(t('service.wf.saved'));
      onDone(saved);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      // A new workflow whose code is taken: the code is what to change, so the message stands under it.
      if (!workflow && error.status === 409) setServerErrors({ code: [error.message] });
      else setServerErrors(error.problem.errors ?? {});
    },
  });
  const submit = () => {
    setTried(true);
    setServerErrors({});
    if (problems.length === 0) save.mutate();
  };

  const change = (key: number, patch: Partial<EditStage>) => setStages((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const changeTransition = (key: number, patch: Partial<EditTransition>) => setTransitions((all) => all.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  const stageOptions = stages.filter((s) => s.code.trim()).map((s) => ({ value: s.code.trim(), label: `${s.code.trim()} · ${stageLabel(joinName(s.zh, s.en), language)}` }));
  const rowErrors = (field: string) => under(field, messages).map((m) => <Typography.Text key={m} type="danger" style={{ display: 'block', fontSize: 12 }}>{m}</Typography.Text>);
  const n = (i: number) => ({ n: i + 1 });

  return (
    <Card title={workflow ? t('service.wf.editing', { code: workflow.code, version: workflow.version }) : t('service.wf.new')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <label>{t('service.wf.code')} <Input aria-label={t('service.wf.code')} value={code} disabled={!!workflow} onChange={(e) => setCode(e.target.value)} style={{ width: 160 }}
            status={serverErrors.code ? 'error' : undefined} /></label>
          <label>{t('service.wf.name')} <Input aria-label={t('service.wf.name')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 260 }}
            status={serverErrors.name ? 'error' : undefined} /></label>
        </Space>
        {rowErrors('code')}{rowErrors('name')}
        <Typography.Title level={5} style={{ margin: 0 }}>{t('service.wf.stages')}</Typography.Title>
        <Table size="small" rowKey="key" pagination={false} dataSource={stages} scroll={{ x: 1200 }}
          columns={[
            { title: t('service.wf.start'), width: 60, render: (_, s, i) => <Radio aria-label={t('service.wf.startOf', n(i))} checked={s.key === start} onChange={() => setStart(s.key)} /> },
            { title: t('service.wf.stageCode'), width: 150, render: (_, s, i) => (<>
              <Input aria-label={t('service.wf.stageCodeOf', n(i))} value={s.code} onChange={(e) => change(s.key, { code: e.target.value })}
                status={under(`stages[${i}]`, messages).length ? 'error' : undefined} />
              {rowErrors(`stages[${i}]`)}
            </>) },
            { title: t('service.wf.nameZh'), width: 130, render: (_, s, i) => <Input aria-label={t('service.wf.nameZhOf', n(i))} value={s.zh} onChange={(e) => change(s.key, { zh: e.target.value })} /> },
            { title: t('service.wf.nameEn'), width: 150, render: (_, s, i) => <Input aria-label={t('service.wf.nameEnOf', n(i))} value={s.en} onChange={(e) => change(s.key, { en: e.target.value })} /> },
            { title: t('service.wf.ownerRole'), width: 140, render: (_, s, i) => (
              <Select aria-label={t('service.wf.ownerRoleOf', n(i))} allowClear value={s.ownerRole} style={{ width: '100%' }} onChange={(v) => change(s.key, { ownerRole: v })}
                options={roles.map((r) => ({ value: r, label: t(`service.role.${r}`) }))} />) },
            { title: t('service.wf.ownerTeam'), width: 120, render: (_, s, i) => <Input aria-label={t('service.wf.ownerTeamOf', n(i))} value={s.ownerTeam} onChange={(e) => change(s.key, { ownerTeam: e.target.value })} /> },
            { title: t('service.wf.assigneeMayMove'), width: 130, render: (_, s, i) => (
              <Select aria-label={t('service.wf.assigneeMayMoveOf', n(i))} allowClear placeholder={t('service.wf.assigneeByRole')} style={{ width: '100%' }}
                value={s.assigneeMayMove === undefined ? undefined : String(s.assigneeMayMove)}
                onChange={(v?: string) => change(s.key, { assigneeMayMove: v === undefined ? undefined : v === 'true' })}
                options={[{ value: 'true', label: t('service.wf.assigneeYes') }, { value: 'false', label: t('service.wf.assigneeNo') }]} />) },
            { title: t('service.wf.accountManager'), width: 90, render: (_, s, i) => (
              <Checkbox aria-label={t('service.wf.accountManagerOf', n(i))} checked={!!s.goesToAccountManager} disabled={s.isFinal && !s.goesToAccountManager}
                onChange={(e) => change(s.key, { goesToAccountManager: e.target.checked })} />) },
            { title: t('service.wf.timeLimit'), width: 110, render: (_, s, i) => (
              <InputNumber aria-label={t('service.wf.timeLimitOf', n(i))} min={1} value={s.timeLimitMinutes} onChange={(v) => change(s.key, { timeLimitMinutes: v })} style={{ width: '100%' }} />) },
            { title: t('service.wf.requiredFields'), width: 260, render: (_, s, i) => (
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Select aria-label={t('service.wf.requiredFieldsOf', n(i))} mode="tags" value={s.requiredFields.map((f) => f.name ?? '')} style={{ width: '100%' }} open={false} suffixIcon={null}
                  onChange={(v: string[]) => change(s.key, { requiredFields: withNames(s.requiredFields, v) })} />
                {s.requiredFields.map((f, j) => (
                  <Space key={f.name} size={4}>
                    <Tag>{f.name}</Tag>
                    <Select size="small" aria-label={t('service.wf.fieldKindOf', { field: f.name ?? '' })} value={f.kind ?? 'text'} style={{ width: 120 }}
                      status={under(`stages[${i}].requiredFields[${j}]`, messages).length ? 'error' : undefined}
                      onChange={(k: FieldKind) => change(s.key, { requiredFields: withKind(s.requiredFields, f.name ?? '', k) })}
                      options={fieldKinds.map((k) => ({ value: k, label: t(`service.kind.${k}`) }))} />
                  </Space>
                ))}
              </Space>) },
            { title: t('service.wf.approval'), width: 60, render: (_, s, i) => <Checkbox aria-label={t('service.wf.approvalOf', n(i))} checked={!!s.isApproval} onChange={(e) => change(s.key, { isApproval: e.target.checked })} /> },
            { title: t('service.wf.final'), width: 60, render: (_, s, i) => <Checkbox aria-label={t('service.wf.finalOf', n(i))} checked={s.isFinal} onChange={(e) => change(s.key, { isFinal: e.target.checked })} /> },
            { title: '', width: 70, render: (_, s, i) => <Button size="small" danger aria-label={t('service.wf.removeStageOf', n(i))} onClick={() => setStages((all) => all.filter((x) => x.key !== s.key))}>{t('service.remove')}</Button> },
          ]} />
        <Button onClick={() => setStages((all) => [...all, { key: nextKey++, code: '', zh: '', en: '', requiredFields: [], isFinal: false }])}>{t('service.wf.addStage')}</Button>
        {rowErrors('stages').length > 0 && <div>{rowErrors('stages')}</div>}

        <Typography.Title level={5} style={{ margin: 0 }}>{t('service.wf.transitions')}</Typography.Title>
        <Table size="small" rowKey="key" pagination={false} dataSource={transitions}
          columns={[
            { title: t('service.wf.from'), render: (_, x, i) => (<>
              <Select aria-label={t('service.wf.fromOf', n(i))} value={x.from} style={{ width: 220 }} options={stageOptions} onChange={(v) => changeTransition(x.key, { from: v })}
                status={under(`transitions[${i}]`, messages).length ? 'error' : undefined} />
              {rowErrors(`transitions[${i}]`)}
            </>) },
            { title: t('service.wf.to'), render: (_, x, i) => <Select aria-label={t('service.wf.toOf', n(i))} value={x.to} style={{ width: 220 }} options={stageOptions} onChange={(v) => changeTransition(x.key, { to: v })} /> },
            { title: t('service.wf.reject'), width: 80, render: (_, x, i) => <Checkbox aria-label={t('service.wf.rejectOf', n(i))} checked={!!x.isReject} onChange={(e) => changeTransition(x.key, { isReject: e.target.checked })} /> },
            { title: t('service.wf.reopen'), render: (_, x, i) => <Checkbox aria-label={t('service.wf.reopenOf', n(i))} checked={x.isReopen} onChange={(e) => changeTransition(x.key, { isReopen: e.target.checked })} /> },
            { title: '', render: (_, x, i) => <Button size="small" danger aria-label={t('service.wf.removeTransitionOf', n(i))} onClick={() => setTransitions((all) => all.filter((y) => y.key !== x.key))}>{t('service.remove')}</Button> },
          ]} />
        <Button onClick={() => setTransitions((all) => [...all, { key: nextKey++, isReopen: false }])}>{t('service.wf.addTransition')}</Button>

        {messages.length > 0 && (
          <Alert type={tried ? 'error' : 'warning'} showIcon title={t('service.wf.problems', { n: messages.length })} role="alert"
            description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{messages.map(([f, m]) => <li key={f + m}>{m}</li>)}</ul>} />
        )}
        {save.error instanceof ApiError && save.error.status !== 400 && !(save.error.status === 409 && !workflow) && (
          <QueryState isPending={false} error={save.error} retry={onReload} />
        )}
        <Space>
          <Button type="primary" onClick={submit} loading={save.isPending}>{t('common.save')}</Button>
          <Button onClick={() => onDone()}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
