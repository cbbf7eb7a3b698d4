import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { kinds, range, scoredBefore, showWhenText, type Question } from './surveyDraft';

interface Props {
  /** The item's name inside Form.List "questions". */
  name: number;
  index: number;
  count: number;
  questions: Question[];
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onAddWhy: () => void;
}

/** One question: kind, texts in both languages, choices or scale, and when a follow-up shows. */
export function QuestionCard({ name, index, count, questions, onMove, onRemove, onAddWhy }: Props) {
  const { t } = useI18n();
  const q = questions[index] ?? {};
  const scored = range(q) !== null;
  const choice = q.kind === 'singleChoice' || q.kind === 'multipleChoice';
  const targets = scoredBefore(questions, index);
  const words = { atMost: t('feedback.survey.showWhen.atMost'), atLeast: t('feedback.survey.showWhen.atLeast'), between: t('feedback.survey.showWhen.between') };
  const label = t('feedback.survey.question', { n: index + 1 });
  return (
    <Card size="small" data-testid="survey-question" aria-label={label}
      title={<Space>{label}<Typography.Text type="secondary">{t(`feedback.kind.${q.kind ?? 'text'}` as MessageKey)}</Typography.Text></Space>}
      extra={
        <Space size={2}>
          {scored && <Button size="small" onClick={onAddWhy}>{t('feedback.survey.addWhy')}</Button>}
          <Button size="small" type="text" aria-label={t('feedback.rules.cond.up')} disabled={index === 0} onClick={() => onMove(-1)}>↑</Button>
          <Button size="small" type="text" aria-label={t('feedback.rules.cond.down')} disabled={index === count - 1} onClick={() => onMove(1)}>↓</Button>
          <Button size="small" type="text" danger aria-label={t('feedback.survey.removeQuestion', { n: index + 1 })} onClick={onRemove}>✕</Button>
        </Space>
      }>
      <Space wrap align="start">
        <Form.Item name={[name, 'key']} label={t('feedback.survey.key')}><Input style={{ width: 140 }} /></Form.Item>
        <Form.Item name={[name, 'kind']} label={t('feedback.survey.kind')}>
          <Select style={{ width: 170 }} options={kinds.map((k) => ({ value: k, label: t(`feedback.kind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name={[name, 'required']} label={t('feedback.survey.required')} valuePropName="checked"><Switch /></Form.Item>
        {q.kind === 'rating' && (
          <Form.Item name={[name, 'scale']} label={t('feedback.survey.scale')}><InputNumber min={2} max={10} style={{ width: 90 }} /></Form.Item>
        )}
        {scored && <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>{t('feedback.survey.range', { min: range(q)![0], max: range(q)![1] })}</Typography.Text>}
      </Space>
      <Space wrap align="start" style={{ width: '100%' }}>
        <Form.Item name={[name, 'text', 'zh']} label={t('feedback.survey.textZh')} style={{ minWidth: 420 }}><Input /></Form.Item>
        <Form.Item name={[name, 'text', 'en']} label={t('feedback.survey.textEn')} style={{ minWidth: 420 }}><Input /></Form.Item>
      </Space>
      {choice && (
        <Form.List name={[name, 'choices']}>
          {(items, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{t('feedback.survey.choices')}</Typography.Text>
              {items.map((item, i) => (
                <Space key={item.key} wrap align="start">
                  <Form.Item name={[item.name, 'key']} label={t('feedback.survey.choiceKey', { n: i + 1 })}><Input style={{ width: 100 }} /></Form.Item>
                  <Form.Item name={[item.name, 'text', 'zh']} label={t('feedback.survey.textZh')}><Input style={{ width: 220 }} /></Form.Item>
                  <Form.Item name={[item.name, 'text', 'en']} label={t('feedback.survey.textEn')}><Input style={{ width: 220 }} /></Form.Item>
                  <Button type="text" danger aria-label={t('feedback.survey.removeChoice', { n: i + 1 })} onClick={() => remove(i)} style={{ marginTop: 30 }}>✕</Button>
                </Space>
              ))}
              <Button size="small" onClick={() => add({ key: `c${items.length + 1}`, text: { zh: '', en: '' } })}>{t('feedback.survey.addChoice')}</Button>
            </Space>
          )}
        </Form.List>
      )}
      {(targets.length > 0 || q.showWhen?.question) && (
        <Space wrap align="start">
          <Form.Item name={[name, 'showWhen', 'question']} label={t('feedback.survey.showWhen')} extra={showWhenText(q.showWhen, words) || t('feedback.survey.always')}>
            <Select allowClear style={{ width: 200 }} placeholder={t('feedback.survey.always')}
              options={targets.map((x) => ({ value: x.key, label: `${x.key} (${t(`feedback.kind.${x.kind}` as MessageKey)})` }))} />
          </Form.Item>
          {q.showWhen?.question && (
            <>
              <Form.Item name={[name, 'showWhen', 'min']} label={t('feedback.survey.minScore')}><InputNumber style={{ width: 90 }} /></Form.Item>
              <Form.Item name={[name, 'showWhen', 'max']} label={t('feedback.survey.maxScore')}><InputNumber style={{ width: 90 }} /></Form.Item>
            </>
          )}
        </Space>
      )}
    </Card>
  );
}
