import { AutoComplete, Button, Card, Dropdown, InputNumber, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n';
import {
  addChild, errorsFor, group, move, moveInto, paths, predicate, remove, setGroupKind, targetsFor, toggleNot, updatePredicate, type Node, type Predicate,
} from './conditionTree';
import { canCompareWithFact, factKind, fitValue, listValues, valueShape, type FactInfo } from './facts';
import { useFactLabel } from './labels';

interface Props {
  value: Node;
  onChange: (next: Node) => void;
  facts: FactInfo[];
  /** The server's 400 errors, keyed by JSON path ("condition.all[0].fact"). */
  errors: Record<string, string[]>;
}

/** The AND/OR/NOT tree of a rule's condition, edited node by node; every control is labelled for screen readers. */
export function ConditionEditor({ value, onChange, facts, errors }: Props) {
  const nodePaths = paths(value);
  return <NodeView node={value} root={value} onChange={onChange} facts={facts} errors={errors} nodePaths={nodePaths} depth={0} />;
}

interface NodeProps {
  node: Node;
  root: Node;
  onChange: (next: Node) => void;
  facts: FactInfo[];
  errors: Record<string, string[]>;
  nodePaths: Map<string, string>;
  depth: number;
}

function Errors({ messages }: { messages: string[] }) {
  return <>{messages.map((m) => <Typography.Text key={m} type="danger" role="alert" style={{ display: 'block' }}>{m}</Typography.Text>)}</>;
}

function NodeTools({ node, root, onChange, depth }: NodeProps) {
  const { t } = useI18n();
  if (depth === 0) return null;
  const targets = targetsFor(root, node.id);
  return (
    <Space size={2}>
      <Button size="small" type="text" aria-label={t('feedback.rules.cond.up')} onClick={() => onChange(move(root, node.id, -1))}>↑</Button>
      <Button size="small" type="text" aria-label={t('feedback.rules.cond.down')} onClick={() => onChange(move(root, node.id, 1))}>↓</Button>
      {targets.length > 0 && (
        <Dropdown menu={{
          items: targets.map((g) => ({ key: g.id, label: t('feedback.rules.cond.group', { n: g.number, kind: t(`feedback.rules.cond.${g.kind}`) }) })),
          onClick: ({ key }) => onChange(moveInto(root, node.id, key)),
        }}>
          <Button size="small" type="text">{t('feedback.rules.cond.moveInto')}</Button>
        </Dropdown>
      )}
      <Button size="small" type="text" onClick={() => onChange(toggleNot(root, node.id))}>{node.kind === 'not' ? t('feedback.rules.cond.unNot') : t('feedback.rules.cond.not')}</Button>
      <Button size="small" type="text" danger aria-label={t('feedback.rules.cond.remove')} onClick={() => onChange(remove(root, node.id))}>✕</Button>
    </Space>
  );
}

function NodeView(props: NodeProps) {
  const { t } = useI18n();
  const { node, root, onChange, errors, nodePaths, depth } = props;
  const path = nodePaths.get(node.id) ?? 'condition';
  const own = errorsFor(errors, path);
  if (node.kind === 'predicate') return <PredicateView {...props} node={node} own={own} />;
  if (node.kind === 'not') {
    return (
      <Card size="small" style={{ borderColor: '#f59e0b' }} data-testid="condition-not"
        title={<Tag color="orange">{t('feedback.rules.cond.notLabel')}</Tag>} extra={<NodeTools {...props} />}>
        <NodeView {...props} node={node.child} depth={depth + 1} />
        <Errors messages={own.flatMap((e) => e.messages)} />
      </Card>
    );
  }
  return (
    <Card size="small" data-testid="condition-group" style={{ background: depth % 2 ? '#fafafa' : undefined }}
      title={
        <Space>
          <Select size="small" aria-label={t('feedback.rules.cond.groupKind')} value={node.kind} style={{ width: 200 }}
            onChange={(kind) => onChange(setGroupKind(root, node.id, kind))}
            options={[{ value: 'all', label: t('feedback.rules.cond.all') }, { value: 'any', label: t('feedback.rules.cond.any') }]} />
        </Space>
      }
      extra={<NodeTools {...props} />}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {node.children.map((child) => <NodeView key={child.id} {...props} node={child} depth={depth + 1} />)}
        {node.children.length === 0 && <Typography.Text type="secondary">{t('feedback.rules.cond.emptyGroup')}</Typography.Text>}
        <Errors messages={own.flatMap((e) => e.messages)} />
        <Space>
          <Button size="small" onClick={() => onChange(addChild(root, node.id, predicate()))}>{t('feedback.rules.cond.addPredicate')}</Button>
          {depth < 6 && (
            <Button size="small" onClick={() => onChange(addChild(root, node.id, group(node.kind === 'all' ? 'any' : 'all', [predicate()])))}>
              {t('feedback.rules.cond.addGroup')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}

function PredicateView(props: NodeProps & { node: Predicate; own: { field: string; messages: string[] }[] }) {
  const { t } = useI18n();
  const factLabel = useFactLabel();
  const { node, root, onChange, facts, own } = props;
  const fact = facts.find((f) => f.name === node.fact);
  const ops = fact?.operators ?? [];
  const shape = valueShape(fact, node.op);
  const kind = factKind(fact);
  const set = (patch: Partial<Predicate>) => onChange(updatePredicate(root, node.id, patch));
  const fieldErrors = (field: string) => own.filter((e) => e.field === field).flatMap((e) => e.messages);
  const status = (field: string) => (fieldErrors(field).length ? 'error' : undefined);

  const chooseFact = (name: string) => {
    const next = facts.find((f) => f.name === name);
    const op = next?.operators.includes(node.op) ? node.op : next?.operators[0] ?? '';
    set({ fact: name, op, value: fitValue(node.value, valueShape(next, op)), valueFact: undefined, factor: undefined });
  };
  const chooseOp = (op: string) => set({ op, value: fitValue(node.value, valueShape(fact, op)), ...(canCompareWithFact(fact, op) ? {} : { valueFact: undefined, factor: undefined }) });
  const numberFacts = facts.filter((f) => factKind(f) === 'number' && f.name !== node.fact);
  const range = Array.isArray(node.value) ? (node.value as number[]) : [0, 30];

  return (
    <div data-testid="condition-predicate" style={{ border: '1px solid #e5e7eb', borderRadius: 6, padding: 8 }}>
      <Space wrap align="start">
        <div>
          <AutoComplete aria-label={t('feedback.rules.cond.fact')} placeholder={t('feedback.rules.cond.fact')} value={node.fact} style={{ width: 260 }} status={status('fact')}
            options={facts.map((f) => ({ value: f.name, label: `${factLabel(f.name)} (${f.name})` }))}
            showSearch={{ filterOption: (input, option) => String(option?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
            onChange={(v: string) => (facts.some((f) => f.name === v) ? chooseFact(v) : set({ fact: v }))} />
          <Errors messages={fieldErrors('fact')} />
        </div>
        <div>
          <Select aria-label={t('feedback.rules.cond.op')} value={node.op || undefined} placeholder={t('feedback.rules.cond.op')} style={{ width: 150 }} status={status('op')}
            onChange={chooseOp} options={ops.map((o) => ({ value: o, label: t(`feedback.rules.op.${o}` as 'feedback.rules.op.eq') }))} />
          <Errors messages={fieldErrors('op')} />
        </div>
        {node.valueFact !== undefined ? (
          <Space>
            <div>
              <Select aria-label={t('feedback.rules.cond.valueFact')} value={node.valueFact || undefined} style={{ width: 220 }} status={status('valueFact')}
                onChange={(v) => set({ valueFact: v })} options={numberFacts.map((f) => ({ value: f.name, label: factLabel(f.name) }))} />
              <Errors messages={fieldErrors('valueFact')} />
            </div>
            <span>×</span>
            <div>
              <InputNumber aria-label={t('feedback.rules.cond.factor')} value={node.factor ?? 1} min={0} step={0.5} status={status('factor')}
                onChange={(v) => set({ factor: v ?? 1 })} />
              <Errors messages={fieldErrors('factor')} />
            </div>
          </Space>
        ) : (
          <div>
            <ValueInput shape={shape} value={node.value} fact={fact} kind={kind} range={range} status={status('value')} onChange={(value) => set({ value })} />
            <Errors messages={fieldErrors('value')} />
          </div>
        )}
        {canCompareWithFact(fact, node.op) && (
          <Switch size="small" aria-label={t('feedback.rules.cond.compareWithFact')} checked={node.valueFact !== undefined}
            checkedChildren={t('feedback.rules.cond.compareWithFact')} unCheckedChildren={t('feedback.rules.cond.compareWithValue')}
            onChange={(on) => set(on ? { valueFact: '', factor: 1, value: undefined } : { valueFact: undefined, factor: undefined })} />
        )}
        <NodeTools {...props} />
      </Space>
      {fact && <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{factLabel(node.fact)} · {fact.description}</Typography.Text>}
      <Errors messages={fieldErrors('')} />
    </div>
  );
}

interface ValueProps {
  shape: ReturnType<typeof valueShape>;
  value: unknown;
  fact: FactInfo | undefined;
  kind: ReturnType<typeof factKind>;
  range: number[];
  status: 'error' | undefined;
  onChange: (value: unknown) => void;
}

function ValueInput({ shape, value, fact, kind, range, status, onChange }: ValueProps) {
  const { t } = useI18n();
  const label = t('feedback.rules.cond.value');
  switch (shape) {
    case 'none': return null;
    case 'number':
      return <InputNumber aria-label={label} value={typeof value === 'number' ? value : null} status={status} style={{ width: 120 }} onChange={(v) => onChange(v ?? undefined)} />;
    case 'range':
      return (
        <Space>
          <InputNumber aria-label={t('feedback.rules.cond.low')} value={range[0]} status={status} style={{ width: 100 }} onChange={(v) => onChange([v ?? 0, range[1]])} />
          <span>–</span>
          <InputNumber aria-label={t('feedback.rules.cond.high')} value={range[1]} status={status} style={{ width: 100 }} onChange={(v) => onChange([range[0], v ?? 0])} />
        </Space>
      );
    case 'choice':
      return <Select aria-label={label} value={typeof value === 'string' ? value : undefined} status={status} style={{ width: 160 }}
        onChange={onChange} options={(fact?.values ?? []).map((v) => ({ value: v, label: v }))} />;
    case 'choices':
      return <Select mode="multiple" aria-label={label} value={Array.isArray(value) ? value : []} status={status} style={{ minWidth: 200 }}
        onChange={onChange} options={(fact?.values ?? []).map((v) => ({ value: v, label: v }))} />;
    case 'list':
      return <Select mode="tags" aria-label={label} value={Array.isArray(value) ? value.map(String) : []} status={status} style={{ minWidth: 200 }}
        onChange={(texts: string[]) => onChange(listValues(texts, kind))} open={false} />;
    default:
      return <Input aria-label={label} value={typeof value === 'string' ? value : ''} status={status} style={{ width: 180 }} onChange={(e) => onChange(e.target.value)} />;
  }
}
