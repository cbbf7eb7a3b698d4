import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { Countdown } from './common';
import { showNestedFieldErrors, formPath } from './changes';
import { ApiError } from '../../api/client';

afterEach(() => { cleanup(); vi.useRealTimers(); localStorage.clear(); });

describe('the due countdown', () => {
  it('counts down while the page stays open and turns into "overdue" once the due time passes', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-23T08:00:00Z'));
    localStorage.setItem('csm.language', 'en');
    render(<I18nProvider><Countdown dueAt="2026-11-23T08:01:30Z" /></I18nProvider>);
    expect(screen.getByText('due in 1 min')).toBeTruthy();
    act(() => { vi.advanceTimersByTime(120_000); });
    expect(screen.getByText('overdue under 1 min')).toBeTruthy();
  });

  it('shows a dash when there is no due time', () => {
    render(<I18nProvider><Countdown dueAt={null} /></I18nProvider>);
    expect(screen.getByText('—')).toBeTruthy();
  });
});

describe('field errors from the API', () => {
  it('land on nested form fields, and only a 400 that names fields counts', () => {
    expect(formPath('fields.visitTime')).toEqual(['fields', 'visitTime']);
    const set: unknown[] = [];
    const form = { setFields: (f: unknown[]) => set.push(...f) };
    expect(showNestedFieldErrors(form, new ApiError(400, { errors: { 'fields.visitTime': ['required'] } }))).toBe(true);
    expect(set).toEqual([{ name: ['fields', 'visitTime'], errors: ['required'] }]);
    expect(showNestedFieldErrors(form, new ApiError(409, { title: 'Conflict' }))).toBe(false);
  });
});
