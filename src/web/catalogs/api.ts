import type { ChapterCoverage, CoverageRow } from '../../core/regulation/coverage.ts';
import type { ClauseChange, Segment } from '../../core/regulation/diff.ts';
import type { Clause, MatchCandidate, UnplacedLine } from '../../core/regulation/types.ts';
import { api, apiUrl, upload } from '../lib/api.ts';

/** Shapes of /api/v1/catalogs and /api/v1/checklists (server: src/server/modules/catalogs). */
export type { Clause, ClauseChange, ChapterCoverage, CoverageRow, MatchCandidate, Segment, UnplacedLine };

export type RegulationKind = 'regulation' | 'standard' | 'library';
export type Visibility = 'private' | 'consortium';
export type Scope = 'visible' | 'mine' | 'shared';
export type ParseForm = 'article' | 'outline';
export type Relationship = 'equal' | 'subset' | 'superset' | 'intersect' | 'not_related';
export type DecisionStatus = 'confirmed' | 'rejected' | 'undecided';

export const KINDS: readonly RegulationKind[] = ['regulation', 'standard', 'library'];
export const RELATIONSHIPS: readonly Relationship[] = ['equal', 'subset', 'superset', 'intersect', 'not_related'];
export const CONFIDENTIALITY_LEVELS = [1, 2, 3, 4] as const;
/** Seed 003 §2.2: 機密性4 information is never shared. */
export const UNSHAREABLE_CONFIDENTIALITY = 4;

export interface RegulationSummary {
  id: string;
  title: string;
  kind: RegulationKind;
  visibility: Visibility;
  confidentiality: number;
  institution: { id: string; nameJa: string; nameEn: string };
  own: boolean;
  versionNo: number | null;
  versionLabel: string | null;
  clauseCount: number;
  updatedAt: string;
}

export interface RegulationPage {
  items: RegulationSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface VersionInfo {
  id: string;
  versionNo: number;
  label: string | null;
  importedAt: string;
  clauseCount: number;
  sourceFilename: string | null;
  sourceFormat: string;
}

export interface RegulationDetail {
  id: string;
  title: string;
  kind: RegulationKind;
  visibility: Visibility;
  confidentiality: number;
  institutionId: string;
  own: boolean;
  canManage: boolean;
  externalRef: string | null;
  versions: VersionInfo[];
  version: { id: string; versionNo: number; form: string; unplaced: UnplacedLine[] };
  clauses: Clause[];
}

export interface SourceInfo {
  filename: string | null;
  format: 'text' | 'docx' | 'pdf' | 'yaml';
  encoding: string | null;
  sha256: string | null;
}

export interface Preview {
  source: SourceInfo;
  title: string | null;
  form: ParseForm;
  clauses: Clause[];
  unplaced: UnplacedLine[];
  clauseCount: number;
}

export interface SaveBody {
  regulationId?: string;
  title: string;
  kind: RegulationKind;
  visibility: Visibility;
  confidentiality: number;
  versionLabel?: string;
  form: ParseForm;
  source: SourceInfo;
  clauses: Clause[];
  unplaced: UnplacedLine[];
}

export interface DiffResult {
  from: number;
  to: number;
  summary: { added: number; removed: number; changed: number; moved: number; unchanged: number };
  changes: Exclude<ClauseChange, { type: 'unchanged' }>[];
}

export interface Decision {
  sourceCitation: string;
  targetCitation: string;
  status: 'confirmed' | 'rejected';
  relationship: Relationship;
  rationale: string | null;
  decidedAt: string;
}

export interface Comparison {
  source: { id: string; title: string };
  target: { id: string; title: string };
  mappings: { source: string; candidates: MatchCandidate[] }[];
  uncovered: string[];
  decisions: Decision[];
  coverage: { rows: CoverageRow[]; chapters: ChapterCoverage[] };
}

export interface DecisionBody {
  sourceId: string;
  targetId: string;
  sourceCitation: string;
  targetCitation: string;
  status: DecisionStatus;
  relationship: Relationship;
  rationale?: string;
  score?: number;
}

export interface SearchHit {
  regulationId: string;
  title: string;
  citation: string;
  heading: string | null;
  snippet: string;
}

export interface ChecklistSummary {
  id: string;
  title: string;
  regulationId: string | null;
  createdAt: string;
  items: number;
}

export interface Checklist {
  id: string;
  title: string;
  regulationId: string | null;
  createdAt: string;
  items: { citation: string; heading: string | null; text: string }[];
}

export const PAGE_SIZE = 20;
export const COMPARE_TOP = 3;

export const catalogsApi = {
  list: (q: { scope: Scope; q?: string; page?: number; pageSize?: number }) => api.get<RegulationPage>('/catalogs', q),
  get: (id: string, versionId?: string) => api.get<RegulationDetail>(`/catalogs/${encodeURIComponent(id)}`, { versionId }),
  preview: (file: File, csrfToken: string | null, form?: ParseForm) => upload<Preview>('/catalogs/preview', file, csrfToken, { form }),
  save: (body: SaveBody) => api.post<{ id: string; versionId: string; versionNo: number }>('/catalogs', body),
  patch: (id: string, body: { title?: string; visibility?: Visibility; confidentiality?: number }) =>
    api.patch<void>(`/catalogs/${encodeURIComponent(id)}`, body),
  diff: (id: string, from: string, to: string) => api.get<DiffResult>(`/catalogs/${encodeURIComponent(id)}/diff`, { from, to }),
  compare: (source: string, target: string) => api.get<Comparison>('/catalogs/compare', { source, target, top: COMPARE_TOP }),
  exportUrl: (source: string, target: string, format: 'xlsx' | 'csv') => apiUrl('/catalogs/compare', { source, target, top: COMPARE_TOP, format }),
  decide: (body: DecisionBody) => api.put<void>('/catalogs/mappings', body),
  search: (q: string) => api.get<{ items: SearchHit[] }>('/catalogs/search', { q }),
  createChecklist: (body: { regulationId: string; title: string; citations?: string[] }) => api.post<{ id: string; items: number }>('/checklists', body),
  checklists: () => api.get<{ items: ChecklistSummary[] }>('/checklists'),
  checklist: (id: string) => api.get<Checklist>(`/checklists/${encodeURIComponent(id)}`),
};

export const ACCEPTED_FILES = '.txt,.text,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
