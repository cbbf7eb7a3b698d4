import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Select, Space } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { useTicketChange } from './changes';

type Ticket = Schemas['TicketView'];

/** Applies a canned reply in one step: its text (in the customer's language) and whatever it also sets. */
export function MacroPicker({ ticket, onProblem }: { ticket: Ticket; onProblem: (error: unknown) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const macros = useQuery({ queryKey: ['macros'], queryFn: () => call(api.GET('/api/macros')) });
  const [chosen, setChosen] = useState<number>();
  const id = ticket.id;
  const apply = useTicketChange(id, (macroId: number) =>
    call(api.POST('/api/tickets/{id}/macros/{macroId}', { params: { path: { id, macroId } }, body: { version: ticket.version } })), {
    onProblem, onDone: () => { message.success(t('macros.applied')); setChosen(undefined); },
  });
  if (!macros.data?.length) return null;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Select aria-label={t('macros.pick')} placeholder={t('macros.pick')} style={{ width: 260 }} value={chosen} onChange={setChosen}
        showSearch={{ optionFilterProp: 'label' }} options={macros.data.map((m) => ({ value: m.id, label: m.name }))} />
      <Button disabled={!chosen} loading={apply.isPending} onClick={() => chosen && apply.mutate(chosen)}>{t('macros.apply')}</Button>
    </Space>
  );
}
