// The composer's toolbar, loaded only when someone edits a dashboard: add a tile from the catalogue, save, cancel.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, InputNumber, Select, Space } from 'antd';
import { api, call } from '../../api/client';
import { useI18n } from '../../i18n';
import { useMe } from '../tickets/common';
import { below } from './layout';
import type { Tile } from './tiles';

export default function Composer({ tiles, onAdd, onSave, onCancel, saving }: {
  tiles: Tile[]; onAdd: (tile: Tile) => void; onSave: () => void; onCancel: () => void; saving: boolean;
}) {
  const { t } = useI18n();
  const me = useMe();
  const catalogue = useQuery({ queryKey: ['dashboards', 'catalogue'], queryFn: () => call(api.GET('/api/dashboards/catalogue')), staleTime: Infinity });
  const offered = (catalogue.data ?? []).filter((k) => me.data?.permissions.includes(k.permission));
  const [kind, setKind] = useState<string>();
  const [value, setValue] = useState<string>();
  const [id, setId] = useState<number | null>(null);
  const chosen = offered.find((k) => k.kind === kind);
  const listed = chosen?.parameters.find((p) => p.required && p.values);
  // A rule, a saved view or a plan by its id: required for a rule's firings, optional (all of them) for views and plans.
  const numbered = chosen?.parameters.find((p) => !p.values);
  const ready = chosen && (!listed || value) && (!numbered?.required || id);

  const add = () => {
    if (!chosen) return;
    const tile: Tile = { kind: chosen.kind, ...below(tiles as never, chosen.w, chosen.h) };
    if (listed) (tile as Record<string, unknown>)[listed.name] = value;
    if (numbered && id) (tile as Record<string, unknown>)[numbered.name] = id;
    onAdd(tile);
    setKind(undefined); setValue(undefined); setId(null);
  };

  return (
    <Space wrap>
      <Select
        aria-label={t('dashboards.addKind')} placeholder={t('dashboards.addKind')} style={{ width: 200 }} value={kind}
        onChange={(k) => { setKind(k); setValue(undefined); setId(null); }}
        options={offered.map((k) => ({ value: k.kind, label: t(`dashboards.kind.${k.kind}` as never) }))}
      />
      {listed && (
        <Select aria-label={listed.name} placeholder={listed.name} style={{ width: 120 }} value={value} onChange={setValue}
          options={(listed.values ?? []).map((v) => ({ value: v, label: v.toUpperCase() }))} />
      )}
      {numbered && <InputNumber aria-label={numbered.name} placeholder={numbered.name} min={1} value={id} onChange={(v) => setId(v)} />}
      <Button onClick={add} disabled={!ready}>{t('dashboards.add')}</Button>
      <Button type="primary" onClick={onSave} loading={saving}>{t('dashboards.save')}</Button>
      <Button onClick={onCancel}>{t('dashboards.cancel')}</Button>
    </Space>
  );
}
