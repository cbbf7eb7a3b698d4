import { describe, expect, it } from 'vitest';
import { addDay, dayHours, firstSpecialMonth, namesOfListedDays, dayKind, hoursProblems, weekdayOf, type CalendarShape } from './calendarDays';
import { formatMinutes, joinMinutes, splitMinutes } from './businessTime';

const office: CalendarShape = {
  weeklyHours: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].flatMap((day) => [
    { day: day as 'monday', start: '09:00', end: '12:00' }, { day: day as 'monday', start: '13:00', end: '18:00' },
  ]),
  holidays: ['2026-10-01', '2026-10-02'],
  makeUpDays: ['2026-10-10'],
};

describe('the month view of a business calendar', () => {
  it('knows the weekday of a date without a time zone shifting it', () => {
    expect(weekdayOf('2026-10-01')).toBe('thursday');
    expect(weekdayOf('2026-10-10')).toBe('saturday');
  });

  it('marks ordinary weekdays working and weekends resting', () => {
    expect(dayKind('2026-10-12', office)).toBe('working');
    expect(dayKind('2026-10-11', office)).toBe('rest');
  });

  it('marks a public holiday on a weekday as a holiday with no hours', () => {
    expect(dayKind('2026-10-01', office)).toBe('holiday');
    expect(dayHours('2026-10-01', office)).toEqual([]);
  });

  it('marks a 调休 Saturday as a make-up working day with Monday hours', () => {
    expect(dayKind('2026-10-10', office)).toBe('makeUp');
    expect(dayHours('2026-10-10', office).map((h) => `${h.start}-${h.end}`)).toEqual(['09:00-12:00', '13:00-18:00']);
  });

  it('opens on the next month with special days, else the last one that had them', () => {
    expect(firstSpecialMonth({ holidays: ['2026-10-01', '2027-01-01'], makeUpDays: ['2026-12-27'] }, '2026-11-23')).toBe('2026-12');
    expect(firstSpecialMonth(office, '2026-11-23')).toBe('2026-10');
    expect(firstSpecialMonth({ holidays: [], makeUpDays: [] }, '2026-11-23')).toBe('2026-11');
  });

  it('sends names only for days still listed', () => {
    expect(namesOfListedDays({ '2026-10-01': ' 国庆节 ', '2026-10-05': '国庆节', '2026-10-10': '', '2026-10-02': '国庆节' }, office))
      .toEqual({ '2026-10-01': '国庆节', '2026-10-02': '国庆节' });
  });

  it('keeps a day in one list only', () => {
    expect(addDay(['2026-10-02'], ['2026-10-01'], '2026-10-01')).toEqual([['2026-10-01', '2026-10-02'], []]);
    expect(addDay(['2026-10-01'], [], '2026-10-01')).toEqual([['2026-10-01'], []]);
  });
});

describe('weekly hours checks (as the server runs them)', () => {
  it('name bad times, hours ending before they start, and overlaps on the same day', () => {
    expect(hoursProblems([
      { day: 'monday', start: '09:00', end: '18:00' },
      { day: 'monday', start: '17:00', end: '19:00' },
      { day: 'tuesday', start: '18:00', end: '09:00' },
      { day: 'wednesday', start: '9am', end: '18:00' },
      { day: 'thursday', start: '17:00', end: '19:00' },
    ])).toEqual([{ index: 1, rule: 'overlap' }, { index: 2, rule: 'endBeforeStart' }, { index: 3, rule: 'badTime' }]);
  });
});

describe('business minutes', () => {
  it('split into hours and minutes and join back', () => {
    expect(splitMinutes(270)).toEqual({ hours: 4, minutes: 30 });
    expect(joinMinutes(4, 30)).toBe(270);
    expect(joinMinutes(undefined, 15)).toBe(15);
    expect(formatMinutes(270, { h: 'h', min: 'min' })).toBe('4 h 30 min');
    expect(formatMinutes(480, { h: 'h', min: 'min' })).toBe('8 h');
  });
});
