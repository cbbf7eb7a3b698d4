// The report queries, shared by the dashboard and the report pages (TanStack Query caches what both ask).
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n';
import { api, call, type Schemas } from '../../api/client';
import { clean, type ReportFilters } from './query';

export type SatisfactionReport = Schemas['SatisfactionReportResponse'];
export type SatisfactionFigure = Schemas['SatisfactionFigure'];
export type ServiceReport = Schemas['ServiceReportResponse'];
export type ServiceFigures = Schemas['ServiceReportFigures'];
export type ClosedLoopReport = Schemas['ClosedLoopReportResponse'];
export type ClosedLoopFigures = Schemas['ClosedLoopReportFigures'];
export type VoiceReport = Schemas['VoiceOfCustomerReportResponse'];
export type VoiceTheme = Schemas['VoiceOfCustomerReportTheme'];
export type RetentionReport = Schemas['RetentionReportResponse'];
export type RetentionSegment = Schemas['RetentionReportSegment'];
export type BenchmarkLine = Schemas['BenchmarkLine'];

const keep = { placeholderData: <T,>(previous: T | undefined) => previous };

/** What each report takes of the filters: the same query for the page and for its CSV export. */
export const reportQuery = {
  satisfaction: (f: ReportFilters) => clean(f),
  service: (f: ReportFilters) => clean({ ...f, metric: undefined }),
  closedLoop: (f: ReportFilters) => clean({ ...f, metric: undefined }),
  voice: (f: ReportFilters, themes?: number, verbatims?: number) => clean({ ...f, metric: undefined, groupBy: undefined, themes, verbatims }),
  retention: (f: ReportFilters) => clean({ from: f.from, to: f.to }),
};

export const useSatisfaction = (filters: ReportFilters) => {
  const query = reportQuery.satisfaction(filters);
  return useQuery({ queryKey: ['reports', 'satisfaction', query], queryFn: () => call(api.GET('/api/reports/satisfaction', { params: { query } })), ...keep });
};

export const useService = (filters: ReportFilters) => {
  const query = reportQuery.service(filters);
  return useQuery({ queryKey: ['reports', 'service', query], queryFn: () => call(api.GET('/api/reports/service', { params: { query } })), ...keep });
};

export const useClosedLoop = (filters: ReportFilters) => {
  const query = reportQuery.closedLoop(filters);
  return useQuery({ queryKey: ['reports', 'closed-loop', query], queryFn: () => call(api.GET('/api/reports/closed-loop', { params: { query } })), ...keep });
};

export const useVoice = (filters: ReportFilters, themes?: number, verbatims?: number) => {
  const query = reportQuery.voice(filters, themes, verbatims);
  return useQuery({ queryKey: ['reports', 'voice-of-customer', query], queryFn: () => call(api.GET('/api/reports/voice-of-customer', { params: { query } })), ...keep });
};

export const useRetention = (filters: ReportFilters) => {
  const query = reportQuery.retention(filters);
  return useQuery({ queryKey: ['reports', 'retention', query], queryFn: () => call(api.GET('/api/reports/retention', { params: { query } })), ...keep });
};

/** The group the whole population is reported under when no group is asked for ("all"). */
export const allGroup = <G extends { value?: string }>(groups: G[] | undefined): G | undefined =>
  groups?.find((g) => g.value === 'all') ?? groups?.[0];

/** A theme's name in the user's language from the theme dictionary; the code itself when the dictionary lacks it. */
export function useThemeNames(): (code: string | undefined) => string {
  const { language } = useI18n();
  const themes = useQuery({
    queryKey: ['feedback-themes'], queryFn: () => call(api.GET('/api/feedback-themes')), staleTime: 5 * 60_000, retry: false,
  });
  return useCallback((code: string | undefined) => {
    const theme = themes.data?.items.find((th) => th.code === code);
    return (language === 'en' ? theme?.name.en : theme?.name.zh) || theme?.name.zh || code || '';
  }, [themes.data, language]);
}
