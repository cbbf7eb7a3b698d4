import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { FigureSummary } from './MetricTile';
import type { SatisfactionFigure } from './data';

beforeAll(() => {
  // antd reads the viewport through matchMedia, which jsdom lacks.
  window.matchMedia ??= ((query: string) => ({
    matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
});
afterEach(cleanup);

const figure = (f: Partial<SatisfactionFigure>): SatisfactionFigure => ({
  n: 0, value: null, ciLow: null, ciHigh: null, counts: {}, distribution: {}, smallSample: true, change: null, beyondNoise: null, ...f,
});

const show = (metric: 'nps' | 'csat' | 'ces', f: SatisfactionFigure, scale?: string) =>
  render(<I18nProvider><FigureSummary metric={metric} figure={f} scale={scale} /></I18nProvider>);

describe('a satisfaction figure', () => {
  it('reads an empty period as no answers, with dashes and no comparison', () => {
    localStorage.setItem('csm.language', 'en');
    const { container } = show('nps', figure({}));
    expect(container.textContent).not.toMatch(/NaN|undefined/);
    expect(screen.getByText('No answers in this period')).toBeTruthy();
    expect(screen.getByText('Nothing to compare with in the previous period')).toBeTruthy();
    expect(container.querySelector('[data-figure="value"]')?.textContent).toBe('—');
  });

  it('shows n, the interval, a small-sample warning and a change beyond the noise', () => {
    localStorage.setItem('csm.language', 'en');
    show('nps', figure({ n: 12, value: 25, ciLow: -5.5, ciHigh: 50, counts: { promoters: 6, passives: 3, detractors: 3 }, change: 12.5, beyondNoise: true }));
    expect(screen.getByText('+25.0')).toBeTruthy();
    expect(screen.getByText(/n = 12 · 95% interval −5\.5 ~ \+50\.0/)).toBeTruthy();
    expect(screen.getByText('Promoters 6 · Passives 3 · Detractors 3')).toBeTruthy();
    expect(screen.getByText(/Fewer than 30 answers/)).toBeTruthy();
    expect(screen.getByText('▲ +12.5 vs previous period')).toBeTruthy();
    expect(screen.getByText('Beyond the noise')).toBeTruthy();
  });

  it('states the CES scale as the API gives it, in Chinese by default', () => {
    localStorage.removeItem('csm.language');
    show('ces', figure({ n: 40, value: 5.125, ciLow: 4.8, ciHigh: 5.4, easyShare: 72.5, smallSample: false, change: -0.3, beyondNoise: false }),
      '1–7, 1 = very difficult and 7 = very easy; CES = mean score');
    expect(screen.getByText('5.13')).toBeTruthy();
    expect(screen.getByText('量表 1–7')).toBeTruthy();
    expect(screen.getByText('“容易”（5–7）占比 72.5%')).toBeTruthy();
    expect(screen.getByText('▼ 较上期 −0.30')).toBeTruthy();
    expect(screen.getByText('在随机波动范围内')).toBeTruthy();
    expect(screen.queryByText(/样本少于 30/)).toBeNull();
  });
});
