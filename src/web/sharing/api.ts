import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RedactionKind, RedactionSpan } from '../../core/redaction/types.ts';
import { type IndicatorType, type Tlp, TLPS } from '../intel/api.ts';
import { api } from '../lib/api.ts';

/** Shapes of /api/v1/shared-reports (server: src/server/modules/sharing; rules: docs/decisions/0003-sharing-tlp.md). */
export { TLPS };
export type { RedactionKind, RedactionSpan, Tlp };

export const FIELDS = ['title', 'summary', 'body'] as const;
export type Field = (typeof FIELDS)[number];
export type Texts = Record<Field, string>;

/** Incident categories (src/core/incidents/rules.ts); a shared report takes its incident's by default. */
export const CATEGORIES = [
  'phishing', 'account_takeover', 'malware_ransomware', 'unauthorised_access', 'vulnerability_exploited', 'dos',
  'information_leak', 'misdirected_mail', 'lost_device', 'web_defacement', 'other',
] as const;

export interface SharedIndicator {
  type: IndicatorType;
  value: string;
  comment?: string;
}

export interface DraftBody {
  incidentId: string;
  tlp: Tlp;
  title?: string;
  summary?: string;
  body?: string;
  category?: string | null;
  products?: string[];
  cves?: string[];
  indicators?: SharedIndicator[];
  /** TLP:RED: the institutions whose security staff may read it. */
  recipients?: string[];
  disclose?: boolean;
}

export interface Draft {
  id: string;
  status?: 'draft' | 'published' | 'withdrawn';
  tlp?: Tlp;
  incidentId?: string;
  original: Texts;
  proposals: Record<Field, RedactionSpan[]>;
  /** Whether readers see the institution's name (otherwise 参加機関); the recipients of a TLP:RED report. */
  disclose?: boolean;
  recipients?: ({ id: string } & Named)[];
  /** The originator's record after publication: who (報告機関 or 運営機関) changed what, and why. */
  history?: { at: string; kind: 'tlp' | 'withdraw' | 'addendum'; from: Tlp | null; to: Tlp | null; reason: string | null; by: Named }[];
}

export interface CommentPreview {
  body: string;
  proposals: RedactionSpan[];
}

export interface AddendumDraft {
  id: string;
  reportId: string;
  original: string;
  proposals: RedactionSpan[];
}

export interface ExtraSpan {
  start: number;
  end: number;
  kind: RedactionKind;
}

export type Decisions = Record<Field, { accepted: boolean[]; extra: ExtraSpan[] }>;

export interface Named {
  ja: string;
  en: string;
}

export interface SharedReport {
  id: string;
  title: string;
  summary: string;
  body: string;
  category: string | null;
  products: string[];
  cves: string[];
  indicators: SharedIndicator[];
  tlp: Tlp;
  occurredAt: string | null;
  publishedAt: string;
  disclosedOriginator: Named | null;
  /** 参加機関 unless the author disclosed the institution. */
  originator: Named;
  /** The reader's own institution wrote it. */
  mine: boolean;
}

export interface SearchHit extends SharedReport {
  snippet: string;
  /** Where the search terms are in `snippet` (UTF-16 offsets); older servers send none. */
  snippetHighlights?: { start: number; end: number }[];
}

export interface Comment {
  id: string;
  body: string;
  createdAt: string | null;
  /** 参加機関 or 報告機関, exactly as the server names the writer. */
  by: Named;
  mine: boolean;
}

export interface ReportDetail extends SharedReport {
  /** After publication: label changes (no who, no why) and dated addenda (追記). */
  tlpChanges?: { at: string; from: Tlp; to: Tlp }[];
  addenda?: { id: string; body: string; publishedAt: string }[];
  status?: 'published' | 'withdrawn';
  withdrawnAt?: string | null;
  similar: { id: string; title: string; tlp: Tlp; score: number }[];
  comments: Comment[];
}

export type Statistics =
  | { contributors: number; suppressed: true }
  | { contributors: number; suppressed: false; counts: Record<string, number>; other: number };

export interface SearchFilter {
  q?: string | undefined;
  category?: string | undefined;
  product?: string | undefined;
  cve?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface IndicatorOffer {
  id: string;
  title: string;
  tlp: Tlp;
  category: string | null;
  indicators: SharedIndicator[];
  accepted: boolean;
}

/** What the new-report page prefills from (GET /incidents/:id; only the fields used here). */
export interface IncidentBrief {
  id: string;
  ref: string;
  title: string;
  description: string;
  category: string | null;
  status: string;
}

const id = (v: string) => encodeURIComponent(v);
const BASE = '/shared-reports';

export const sharingApi = {
  incident: (incidentId: string) => api.get<IncidentBrief>(`/incidents/${id(incidentId)}`),
  prepare: (body: DraftBody) => api.post<Draft>(BASE, body),
  draft: (reportId: string) => api.get<Draft>(`${BASE}/${id(reportId)}/draft`),
  publish: (reportId: string, d: Decisions) => api.post<{ id: string } & Texts>(`${BASE}/${id(reportId)}/publish`, d),
  search: (f: SearchFilter) => api.get<{ items: SearchHit[]; total: number }>(BASE, { ...f }),
  statistics: () => api.get<Statistics>(`${BASE}/statistics`),
  report: (reportId: string) => api.get<ReportDetail>(`${BASE}/${id(reportId)}`),
  comment: (reportId: string, body: string, decision?: { accepted: boolean[]; extra: ExtraSpan[] }) =>
    api.post<Comment>(`${BASE}/${id(reportId)}/comments`, { body, ...decision }),
  previewComment: (reportId: string, body: string) => api.post<CommentPreview>(`${BASE}/${id(reportId)}/comments/preview`, { body }),
  changeTlp: (reportId: string, tlp: Tlp, reason: string) => api.post<{ id: string; tlp: Tlp; previous: Tlp }>(`${BASE}/${id(reportId)}/tlp`, { tlp, reason }),
  withdraw: (reportId: string, reason: string) => api.post<{ id: string; withdrawnAt: string }>(`${BASE}/${id(reportId)}/withdraw`, { reason }),
  draftAddendum: (reportId: string, text: string) => api.post<AddendumDraft>(`${BASE}/${id(reportId)}/addenda`, { text }),
  publishAddendum: (reportId: string, addendumId: string, d: { accepted: boolean[]; extra: ExtraSpan[] }) =>
    api.post<{ id: string; body: string }>(`${BASE}/${id(reportId)}/addenda/${id(addendumId)}/publish`, d),
  exportReport: (reportId: string, format: 'misp' | 'stix') => api.get<unknown>(`${BASE}/${id(reportId)}/export/${format}`),
  reveal: (reportId: string, reason: string) =>
    api.post<{ institution: { id: string; code: string; nameJa: string; nameEn: string }; revealedAt: string }>(`${BASE}/${id(reportId)}/reveal`, { reason }),
  offers: () => api.get<{ items: IndicatorOffer[] }>(`${BASE}/indicator-offers`),
  acceptOffer: (reportId: string, sourceId: string) => api.post<{ accepted: number }>(`${BASE}/${id(reportId)}/indicators/accept`, { sourceId }),
};

export const sharingKeys = {
  all: ['sharing'] as const,
  search: (f: SearchFilter) => ['sharing', 'search', f] as const,
  statistics: ['sharing', 'statistics'] as const,
  report: (reportId: string) => ['sharing', 'report', reportId] as const,
  draft: (reportId: string) => ['sharing', 'draft', reportId] as const,
  offers: ['sharing', 'offers'] as const,
};

export const useSearch = (f: SearchFilter) => useQuery({ queryKey: sharingKeys.search(f), queryFn: () => sharingApi.search(f) });
export const useStatistics = () => useQuery({ queryKey: sharingKeys.statistics, queryFn: sharingApi.statistics, staleTime: 60_000 });
export const useReport = (reportId: string) => useQuery({ queryKey: sharingKeys.report(reportId), queryFn: () => sharingApi.report(reportId) });
export const useDraft = (reportId: string, enabled = true) => useQuery({ queryKey: sharingKeys.draft(reportId), queryFn: () => sharingApi.draft(reportId), enabled });
export const useOffers = (enabled = true) => useQuery({ queryKey: sharingKeys.offers, queryFn: sharingApi.offers, enabled });
export const useIncident = (incidentId: string | null) =>
  useQuery({ queryKey: ['incidents', 'detail', incidentId], queryFn: () => sharingApi.incident(incidentId!), enabled: !!incidentId, retry: false });

/** A comment on a report, with the writer's decisions on the proposals; the thread is read again from the server, which names the writer. */
export function useAddComment(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, decision }: { body: string; decision?: { accepted: boolean[]; extra: ExtraSpan[] } }) => sharingApi.comment(reportId, body, decision),
    onSuccess: () => qc.invalidateQueries({ queryKey: sharingKeys.report(reportId) }),
  });
}
