import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Dropdown, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { namePath } from './facts';
import { QuestionCard } from './QuestionCard';
import { Distributions } from './Distributions';
import { Resurvey } from './Resurvey';
import { Invitations } from './Invitations';
import { PublicLink } from './PublicLink';
import { afterServiceNps, cleanQuestions, kinds, newQuestion, touchpoints, whyFollowUp, type Question, type SurveyDraft } from './surveyDraft';

/** /settings/surveys/new and /settings/surveys/:id — the questions, then how the survey reaches customers. */
export default function SurveyEditor() {
  const { t } = useI18n();
  const { id } = useParams();
  const surveyId = id && id !== 'new' ? Number(id) : undefined;
  const survey = useQuery({
    queryKey: ['survey', surveyId],
    queryFn: () => call(api.GET('/api/surveys/{id}', { params: { path: { id: surveyId! } } })),
    enabled: surveyId !== undefined,
  });
  const ready = surveyId === undefined || survey.data;
  // Kept here, not in the form: saving remounts the form with the new revision.
  const [newVersion, setNewVersion] = useState<number>();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Link to="/settings/surveys">← {t('feedback.surveys.title')}</Link>
      {surveyId !== undefined && <QueryState isPending={survey.isPending} error={survey.error} retry={() => survey.refetch()} />}
      {ready && <SurveyForm key={`${surveyId ?? 'new'}-${survey.data?.revision ?? 0}`} surveyId={surveyId} saved={survey.data} reload={() => survey.refetch()}
        newVersion={newVersion} onNewVersion={setNewVersion} />}
      {surveyId !== undefined && survey.data && (
        <>
          <Distributions surveyId={surveyId} />
          <Resurvey surveyId={surveyId} />
          <PublicLink surveyId={surveyId} title={survey.data.title} />
          <Invitations surveyId={surveyId} />
        </>
      )}
    </Space>
  );
}

interface FormProps {
  surveyId?: number;
  saved?: Schemas['SurveyView'];
  reload: () => void;
  newVersion?: number;
  onNewVersion: (version: number | undefined) => void;
}

function SurveyForm({ surveyId, saved, reload, newVersion, onNewVersion }: FormProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [listErrors, setListErrors] = useState<string[]>([]);
  // preserve: values of fields not rendered yet count too (a follow-up's question, right after a question above it is removed).
  const questions: Question[] = Form.useWatch('questions', { form, preserve: true }) ?? [];
  const initial: SurveyDraft = saved ? { name: saved.name, touchpoint: saved.touchpoint, title: saved.title, questions: saved.questions } : afterServiceNps();

  const save = useMutation({
    mutationFn: (draft: SurveyDraft) => {
      const body = { ...draft, questions: cleanQuestions(draft.questions ?? []) };
      return surveyId === undefined
        ? call(api.POST('/api/surveys', { body }))
        : call(api.PUT('/api/surveys/{id}', { params: { path: { id: surveyId } }, body: { ...body, revision: saved?.revision ?? 0 } }));
    },
    onMutate: () => setListErrors([]),
    onSuccess: (view) => {
      client.invalidateQueries({ queryKey: ['surveys'] });
      if (surveyId === undefined) {
        message.success(t('feedback.survey.created'));
        navigate(`/settings/surveys/${view.id}`, { replace: true });
        return;
      }
      const versioned = view.version > (saved?.version ?? 0);
      message.success(versioned ? t('feedback.survey.newVersion', { version: view.version }) : t('feedback.survey.saved', { version: view.version }));
      onNewVersion(versioned ? view.version : undefined);
      client.setQueryData(['survey', surveyId], view);
    },
    onError: (error) => {
      if (!(error instanceof ApiError) || !error.problem.errors) return;
      const list: string[] = [];
      const fields: { name: (string | number)[]; errors: string[] }[] = [];
      for (const [key, messages] of Object.entries(error.problem.errors)) {
        const name = namePath(key);
        // Errors about a list or a whole follow-up have no field of their own: show them under the list / the follow-up's question.
        if (key === 'questions') list.push(...messages);
        else if (name[name.length - 1] === 'showWhen') fields.push({ name: [...name, 'question'], errors: messages });
        else if (name[name.length - 1] === 'choices') fields.push({ name: [...name.slice(0, -1), 'kind'], errors: messages });
        else fields.push({ name, errors: messages });
      }
      setListErrors(list);
      form.setFields(fields);
    },
  });

  const insert = (index: number, q: Question) => {
    const next = [...questions];
    next.splice(index, 0, q);
    form.setFieldValue('questions', next);
  };

  return (
    <Form form={form} name="survey" layout="vertical" initialValues={initial} onFinish={(v: SurveyDraft) => save.mutate(v)}>
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{saved ? saved.name : t('feedback.surveys.new')}</Typography.Title>
        {saved && <Tag color="blue" data-testid="survey-version">{t('feedback.survey.version', { version: saved.version })}</Tag>}
      </Space>
      {saved && newVersion === saved.version && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('feedback.survey.newVersion', { version: newVersion })}
          description={t('feedback.survey.newVersionHint')} />
      )}
      <QueryState isPending={false} error={save.error instanceof ApiError && save.error.status === 400 ? null : save.error}
        retry={() => { save.reset(); reload(); }} />
      <Card size="small" title={t('feedback.survey.basics')} style={{ marginBottom: 16 }}>
        <Space wrap align="start" size="large">
          <Form.Item name="name" label={t('feedback.surveys.name')} style={{ minWidth: 320 }}><Input /></Form.Item>
          <Form.Item name="touchpoint" label={t('feedback.surveys.touchpoint')}>
            <Select style={{ width: 200 }} options={touchpoints.map((tp) => ({ value: tp, label: t(`feedback.touchpoint.${tp}` as MessageKey) }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start" size="large">
          <Form.Item name={['title', 'zh']} label={t('feedback.survey.titleZh')} style={{ minWidth: 320 }}><Input /></Form.Item>
          <Form.Item name={['title', 'en']} label={t('feedback.survey.titleEn')} style={{ minWidth: 320 }}><Input /></Form.Item>
        </Space>
      </Card>
      <Form.List name="questions">
        {(items, { remove, move }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {items.map((item, i) => (
              <QuestionCard key={item.key} name={item.name} index={i} count={items.length} questions={questions}
                onMove={(delta) => move(i, i + delta)} onRemove={() => remove(i)}
                onAddWhy={() => insert(i + 1, whyFollowUp(questions[i], questions))} />
            ))}
            {listErrors.map((m) => <Typography.Text key={m} type="danger" role="alert">{m}</Typography.Text>)}
            <Space>
              <Dropdown menu={{
                items: kinds.map((k) => ({ key: k, label: t(`feedback.kind.${k}` as MessageKey) })),
                onClick: ({ key }) => insert(questions.length, newQuestion(key as Question['kind'] & string, questions)),
              }}>
                <Button>{t('feedback.survey.addQuestion')} ▾</Button>
              </Dropdown>
              <Button type="primary" htmlType="submit" loading={save.isPending}>{t('feedback.survey.save')}</Button>
            </Space>
          </Space>
        )}
      </Form.List>
    </Form>
  );
}
