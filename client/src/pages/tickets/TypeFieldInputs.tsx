import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { useLabel } from './common';

type Definition = Schemas['TicketFieldDefinition'];

/** The values a form holds for a type's fields, as the API takes them: strings, a multiple choice joined with ';'. */
export function fieldValues(definitions: Definition[], values: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of definitions) {
    const key = d.key ?? '';
    const v = values?.[key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (Array.isArray(v)) out[key] = v.join(';');
    else if (typeof v === 'object' && 'format' in (v as object)) out[key] = (v as Dayjs).format('YYYY-MM-DD');
    else out[key] = String(v);
  }
  return out;
}

/** One input per field of the chosen type, by its kind; the required ones marked. A machine is one of the customer's. */
export function TypeFieldInputs({ definitions, customerId }: { definitions: Definition[]; customerId?: number }) {
  const { t } = useI18n();
  const label = useLabel();
  const assets = useQuery({
    queryKey: ['customer-assets', customerId], enabled: !!customerId && definitions.some((d) => d.kind === 'asset'),
    queryFn: () => call(api.GET('/api/customers/{id}/assets', { params: { path: { id: customerId! } } })),
  });
  return (
    <>
      {definitions.map((d) => {
        const rules = d.requiredAtIntake ? [{ required: true, message: t('tickets.required', { field: label.name(d.label) }) }] : [];
        const name = ['fields', d.key ?? ''];
        const input = d.kind === 'number' ? <InputNumber style={{ width: 200 }} />
          : d.kind === 'date' ? <DatePicker />
          : d.kind === 'choice' ? <Select allowClear style={{ width: 240 }} options={(d.choices ?? []).map((c) => ({ value: c, label: c }))} />
          : d.kind === 'multiChoice' ? <Select mode="multiple" allowClear style={{ width: 320 }} options={(d.choices ?? []).map((c) => ({ value: c, label: c }))} />
          : d.kind === 'asset' ? (
            <Select allowClear style={{ width: 320 }} loading={assets.isPending && !!customerId} notFoundContent={t('tickets.fields.noAssets')}
              options={(assets.data ?? []).map((a) => ({ value: String(a.id), label: [a.model, a.serialNumber].filter(Boolean).join(' · ') }))} />
          )
          : <Input maxLength={4000} />;
        return <Form.Item key={d.key} name={name} label={label.name(d.label)} rules={rules}>{input}</Form.Item>;
      })}
    </>
  );
}
