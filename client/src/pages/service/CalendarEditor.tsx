import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Calendar, Card, Checkbox, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { addDay, dayHours, firstSpecialMonth, namesOfListedDays, dayKind, hoursProblems, weekdayOf, weekdays, type CalendarShape, type Weekday } from './calendarDays';
import { bannerError } from './errors';

const zones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'UTC'];
const officeWeek = weekdays.slice(0, 5).map((day) => ({ day, start: '09:00', end: '18:00' }));
const kindColour = { holiday: 'red', makeUp: 'orange', working: 'green', rest: 'default' } as const;

interface Row { key: number; day: Weekday; start: string; end: string }
let nextKey = 1;

/** One calendar: time zone, weekly hours, public holidays and 调休 working days, with the month they make. */
export function CalendarEditor({ calendar, onDone }: { calendar?: Schemas['CalendarView']; onDone: (saved?: Schemas['CalendarView']) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [name, setName] = useState(calendar?.name ?? '');
  const [timeZone, setTimeZone] = useState(calendar?.timeZone ?? 'Asia/Shanghai');
  const [isDefault, setIsDefault] = useState(calendar?.isDefault ?? false);
  const [rows, setRows] = useState<Row[]>(() => ((calendar?.weeklyHours as Row[] | undefined) ?? officeWeek).map((h) => ({ key: nextKey++, day: h.day, start: h.start, end: h.end })));
  const [holidays, setHolidays] = useState<string[]>(calendar?.holidays ?? []);
  const [makeUpDays, setMakeUpDays] = useState<string[]>(calendar?.makeUpDays ?? []);
  const [dayNames, setDayNames] = useState<Record<string, string>>(calendar?.dayNames ?? {});
  const [dayName, setDayName] = useState('');
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const [month, setMonth] = useState<Dayjs>(() => dayjs(firstSpecialMonth({ holidays: calendar?.holidays ?? [], makeUpDays: calendar?.makeUpDays ?? [] }, dayjs().format('YYYY-MM-DD')) + '-01'));
  const [errors, setErrors] = useState<Record<string, string[]>>({});

  const weeklyHours = rows.map(({ day, start, end }) => ({ day, start, end }));
  const shape: CalendarShape = { weeklyHours, holidays, makeUpDays };
  const hourProblems = hoursProblems(weeklyHours);
  const body = { name, timeZone, weeklyHours, holidays, makeUpDays, dayNames: namesOfListedDays(dayNames, { holidays, makeUpDays }), isDefault };

  const save = useMutation({
    mutationFn: () => calendar
      ? call(api.PUT('/api/calendars/{id}', { params: { path: { id: calendar.id } }, body: { ...body, version: calendar.version } }))
      : call(api.POST('/api/calendars', { body })),
    onSuccess: (saved) => { message.success(t('service.cal.saved')); client.invalidateQueries({ queryKey: ['calendars'] }); onDone(saved); },
    onError: (error) => setErrors(error instanceof ApiError && error.problem.errors ? error.problem.errors : {}),
  });
  const fieldError = (prefix: string) => Object.entries(errors).filter(([f]) => f === prefix || f.startsWith(prefix + '[') || f.startsWith(prefix + '.'))
    .flatMap(([, m]) => m).map((m) => <Typography.Text key={m} type="danger" style={{ display: 'block' }}>{m}</Typography.Text>);

  const add = (kind: 'holiday' | 'makeUp') => {
    if (!picked) return;
    const date = picked.format('YYYY-MM-DD');
    if (kind === 'holiday') { const [h, m] = addDay(holidays, makeUpDays, date); setHolidays(h); setMakeUpDays(m); }
    else { const [m, h] = addDay(makeUpDays, holidays, date); setMakeUpDays(m); setHolidays(h); }
    // The name ("国庆节") goes with the day; adding the day again without one keeps the old name.
    if (dayName.trim()) setDayNames({ ...dayNames, [date]: dayName.trim() });
    setMonth(picked);
  };
  const weekday = (date: string) => t(`service.day.${weekdayOf(date)}`);
  const dayTags = (list: string[], setList: (l: string[]) => void, colour: string) => (
    <Space size={4} wrap>
      {list.length === 0 && <Typography.Text type="secondary">{t('service.cal.none')}</Typography.Text>}
      {list.map((d) => (
        <Tag key={d} color={colour}>
          {d} {weekday(d)}{dayNames[d] ? ` · ${dayNames[d]}` : ''}
          {/* A real button, so the day can be removed from the keyboard too. */}
          <button type="button" aria-label={t('service.cal.removeDay', { date: d })} onClick={() => setList(list.filter((x) => x !== d))}
            style={{ border: 0, background: 'none', padding: '0 0 0 4px', cursor: 'pointer', color: 'inherit' }}>×</button>
        </Tag>
      ))}
    </Space>
  );

  return (
    <Card title={calendar ? t('service.cal.editing', { name: calendar.name }) : t('service.cal.new')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap align="start">
          <label>{t('service.cal.name')} <Input aria-label={t('service.cal.name')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 220 }} status={errors.name ? 'error' : undefined} />{fieldError('name')}</label>
          <label>{t('service.cal.timeZone')} <AutoComplete aria-label={t('service.cal.timeZone')} value={timeZone} onChange={setTimeZone} style={{ width: 200 }}
            options={zones.map((z) => ({ value: z }))} status={errors.timeZone ? 'error' : undefined} />{fieldError('timeZone')}</label>
          <Checkbox checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)}>{t('service.cal.isDefault')}</Checkbox>
        </Space>

        <Typography.Title level={5} style={{ margin: 0 }}>{t('service.cal.weeklyHours')}</Typography.Title>
        <Table size="small" rowKey="key" pagination={false} dataSource={rows} style={{ maxWidth: 640 }}
          columns={[
            { title: t('service.cal.day'), render: (_, r, i) => (
              <Select aria-label={t('service.cal.dayOf', { n: i + 1 })} value={r.day} style={{ width: 120 }}
                onChange={(day) => setRows(rows.map((x) => (x.key === r.key ? { ...x, day } : x)))}
                options={weekdays.map((d) => ({ value: d, label: t(`service.day.${d}`) }))} />) },
            { title: t('service.cal.start'), render: (_, r, i) => (
              <Input type="time" aria-label={t('service.cal.startOf', { n: i + 1 })} value={r.start} style={{ width: 120 }}
                onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, start: e.target.value } : x)))} />) },
            { title: t('service.cal.end'), render: (_, r, i) => (<>
              <Input type="time" aria-label={t('service.cal.endOf', { n: i + 1 })} value={r.end} style={{ width: 120 }}
                status={hourProblems.some((p) => p.index === i) || fieldError(`weeklyHours[${i}]`).length ? 'error' : undefined}
                onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, end: e.target.value } : x)))} />
              {hourProblems.filter((p) => p.index === i).map((p) => <Typography.Text key={p.rule} type="danger" style={{ display: 'block' }}>{t(`service.cal.rule.${p.rule}`)}</Typography.Text>)}
              {fieldError(`weeklyHours[${i}]`)}
            </>) },
            { title: '', render: (_, r, i) => <Button size="small" danger aria-label={t('service.cal.removeHoursOf', { n: i + 1 })} onClick={() => setRows(rows.filter((x) => x.key !== r.key))}>{t('service.remove')}</Button> },
          ]} />
        {fieldError('weeklyHours')}
        <Button onClick={() => setRows([...rows, { key: nextKey++, day: 'saturday', start: '09:00', end: '18:00' }])}>{t('service.cal.addHours')}</Button>

        <Typography.Title level={5} style={{ margin: 0 }}>{t('service.cal.days')}</Typography.Title>
        <Space wrap>
          <DatePicker aria-label={t('service.cal.date')} value={picked} onChange={(d) => { setPicked(d); if (d) setMonth(d); }} />
          <Input aria-label={t('service.cal.dayName')} placeholder={t('service.cal.dayNameHint')} value={dayName} onChange={(e) => setDayName(e.target.value)} style={{ width: 180 }} />
          <Button onClick={() => add('holiday')} disabled={!picked}>{t('service.cal.addHoliday')}</Button>
          <Button onClick={() => add('makeUp')} disabled={!picked}>{t('service.cal.addMakeUp')}</Button>
        </Space>
        <Space align="start"><Typography.Text strong>{t('service.cal.holidays')}</Typography.Text>{dayTags(holidays, setHolidays, 'red')}{fieldError('holidays')}</Space>
        <Space align="start"><Typography.Text strong>{t('service.cal.makeUpDays')}</Typography.Text>{dayTags(makeUpDays, setMakeUpDays, 'orange')}{fieldError('makeUpDays')}</Space>
        {fieldError('dayNames')}

        <div role="region" aria-label={t('service.cal.month')} style={{ border: '1px solid #e5e7eb', borderRadius: 8, padding: 8 }}>
          <Space size="small" wrap style={{ marginBottom: 8 }}>
            {(['working', 'rest', 'holiday', 'makeUp'] as const).map((k) => <Tag key={k} color={kindColour[k]}>{t(`service.cal.kind.${k}`)}</Tag>)}
          </Space>
          <Calendar value={month} onPanelChange={(d) => setMonth(d)} onSelect={(d, info) => { setMonth(d); if (info.source === 'date') setPicked(d); }}
            cellRender={(current, info) => {
              if (info.type !== 'date') return info.originNode;
              const date = current.format('YYYY-MM-DD');
              const kind = dayKind(date, shape);
              const hours = dayHours(date, shape);
              return (
                <div data-date={date} data-kind={kind}>
                  <Tag color={kindColour[kind]} style={{ marginInlineEnd: 0 }}>{t(`service.cal.kind.${kind}`)}</Tag>
                  {(kind === 'holiday' || kind === 'makeUp') && dayNames[date] && <div style={{ fontSize: 12 }}>{dayNames[date]}</div>}
                  {hours.length > 0 && <div style={{ fontSize: 11, color: '#475569' }}>{hours.map((h) => `${h.start}–${h.end}`).join(' ')}</div>}
                </div>
              );
            }} />
        </div>

        <QueryState isPending={false} error={bannerError(save.error)} retry={() => onDone()} />
        <Space>
          <Button type="primary" loading={save.isPending} disabled={hourProblems.length > 0} onClick={() => { setErrors({}); save.mutate(); }}>{t('common.save')}</Button>
          <Button onClick={() => onDone()}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
