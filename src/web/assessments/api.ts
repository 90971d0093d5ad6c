import type { InstitutionRole } from '../../common/roles.ts';
import { API_BASE, api, apiUrl, upload } from '../lib/api.ts';

/** Shapes of /api/v1/assessments (server: src/server/modules/assessments). */
export const RESULTS = ['implemented', 'partial', 'not_implemented', 'not_applicable'] as const;
export type AnswerResult = (typeof RESULTS)[number];
export type AnswerState = 'draft' | 'submitted' | 'accepted';
export type CampaignState = 'draft' | 'open' | 'closed';
export const IMPROVEMENT_STATES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ImprovementState = (typeof IMPROVEMENT_STATES)[number];
/** Results that need a comment and can become improvement items. */
export const NEEDS_IMPROVEMENT: readonly AnswerResult[] = ['partial', 'not_implemented'];

export interface CampaignSummary {
  id: string;
  title: string;
  fiscalYear: number;
  status: CampaignState;
  deadline: string;
  owner: { id: string; name: string | null };
  createdAt: string;
}

export interface Campaign extends CampaignSummary {
  templateId: string;
  remindBeforeDays: number[];
  remindAfterDays: number[];
  openedAt: string | null;
  closedAt: string | null;
  items: number;
  permissions: { manage: boolean; review: boolean };
}

export interface Assignee {
  assignmentId: string;
  userId: string | null;
  role: InstitutionRole | null;
  department: string | null;
}

export interface Item {
  id: string;
  ord: number;
  citation: string;
  chapter: string;
  heading: string | null;
  text: string;
  assignedToMe: boolean;
  assignees?: Assignee[];
}

export interface Assignment {
  id: string;
  itemId: string;
  citation: string | null;
  userId: string | null;
  userName: string | null;
  role: InstitutionRole | null;
  department: string | null;
}

export interface EvidenceRef {
  id: string;
  title: string | null;
  kind: 'file' | 'link' | null;
  linkedVersion: number;
  currentVersion: number | null;
  url: string | null;
  filename: string | null;
  expiresOn: string | null;
  expired: boolean;
}

export interface Answer {
  id: string;
  campaignId: string;
  itemId: string;
  citation: string | null;
  chapter: string | null;
  heading: string | null;
  respondent: { id: string; name: string | null };
  department: string | null;
  result: AnswerResult | null;
  comment: string | null;
  status: AnswerState;
  reviewComment: string | null;
  reviewedAt: string | null;
  submittedAt: string | null;
  updatedAt: string;
  evidence: EvidenceRef[];
}

export interface MyItem {
  id: string;
  citation: string;
  chapter: string;
  heading: string | null;
  text: string;
  answer: Answer | null;
}

export interface Counts {
  assigned: number;
  notStarted: number;
  draft: number;
  submitted: number;
  accepted: number;
  completion: number;
}

export interface Progress {
  total: Counts;
  items: (Counts & { itemId: string; citation: string })[];
  respondents: (Counts & { respondentId: string; name: string | null })[];
  departments: (Counts & { department: string | null })[];
}

export interface ResultCounts {
  answers: number;
  implemented: number;
  partial: number;
  notImplemented: number;
  notApplicable: number;
  implementedShare: number | null;
  score: number | null;
}

export interface Results {
  total: ResultCounts;
  chapters: (ResultCounts & { chapter: string; items: number })[];
  departments: (ResultCounts & { department: string | null })[];
  items: (ResultCounts & { itemId: string; citation: string; chapter: string; heading: string | null })[];
}

export type Trend = 'improved' | 'worsened' | 'unchanged' | 'new' | 'dropped' | 'no_data';
interface Side {
  score: number | null;
  implementedShare: number | null;
  answers: number;
}
interface Compared {
  current: Side | null;
  previous: Side | null;
  trend: Trend;
}
export interface Comparison {
  previous: { id: string; title: string; fiscalYear: number; status: CampaignState } | null;
  comparison: { total: Compared; chapters: (Compared & { chapter: string })[]; items: (Compared & { citation: string; chapter: string })[] } | null;
}

export interface Improvement {
  id: string;
  campaignId: string;
  campaignTitle: string;
  fiscalYear: number;
  itemId: string;
  citation: string | null;
  heading: string | null;
  answerId: string | null;
  title: string;
  description: string | null;
  owner: { id: string; name: string | null };
  dueDate: string;
  overdue: boolean;
  status: ImprovementState;
  statusNote: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface Evidence {
  id: string;
  title: string;
  kind: 'file' | 'link';
  currentVersion: number;
  expired: boolean;
}

/** A record of my evidence, to reuse for another item or campaign. */
export interface EvidenceRecord extends Evidence {
  url: string | null;
  filename: string | null;
  expiresOn: string | null;
}

export interface AnswerInput {
  result?: AnswerResult | null;
  comment?: string | null;
  department?: string | null;
  evidenceIds?: string[];
}

export interface CampaignInput {
  title: string;
  fiscalYear: number;
  templateId: string;
  deadline: string;
  ownerId: string;
}

export interface AssignmentInput {
  citationPrefix?: string;
  all?: boolean;
  itemIds?: string[];
  userId?: string;
  role?: InstitutionRole;
  department?: string;
}

const id = (v: string) => encodeURIComponent(v);
const c = (campaignId: string) => `/assessments/campaigns/${id(campaignId)}`;

/** A file as evidence. */
const uploadEvidence = (file: File, title: string, csrfToken: string | null) => upload<Evidence>('/assessments/evidence/upload', file, csrfToken, { title });

export const assessmentsApi = {
  campaigns: (fiscalYear?: number) => api.get<{ items: CampaignSummary[] }>('/assessments/campaigns', { fiscalYear }),
  campaign: (campaignId: string) => api.get<Campaign>(c(campaignId)),
  create: (body: CampaignInput) => api.post<{ id: string; items: number }>('/assessments/campaigns', body),
  update: (campaignId: string, body: Partial<CampaignInput>) => api.patch<Campaign>(c(campaignId), body),
  open: (campaignId: string) => api.post<Campaign>(`${c(campaignId)}/open`),
  close: (campaignId: string) => api.post<Campaign>(`${c(campaignId)}/close`),
  items: (campaignId: string) => api.get<{ items: Item[] }>(`${c(campaignId)}/items`),
  assignments: (campaignId: string) => api.get<{ items: Assignment[] }>(`${c(campaignId)}/assignments`),
  assign: (campaignId: string, body: AssignmentInput) => api.post<{ added: number; alreadyAssigned: number }>(`${c(campaignId)}/assignments`, body),
  unassign: (campaignId: string, assignmentId: string) => api.delete(`${c(campaignId)}/assignments/${id(assignmentId)}`),
  myItems: (campaignId: string) => api.get<{ items: MyItem[] }>(`${c(campaignId)}/my-items`),
  saveAnswer: (campaignId: string, itemId: string, body: AnswerInput) => api.put<Answer>(`${c(campaignId)}/items/${id(itemId)}/answer`, body),
  submitAnswer: (campaignId: string, itemId: string, body: AnswerInput) => api.post<Answer>(`${c(campaignId)}/items/${id(itemId)}/answer/submit`, body),
  answers: (campaignId: string, status?: AnswerState) => api.get<{ items: Answer[] }>(`${c(campaignId)}/answers`, { status }),
  accept: (answerId: string, comment?: string) => api.post<Answer>(`/assessments/answers/${id(answerId)}/accept`, comment ? { comment } : {}),
  sendBack: (answerId: string, comment: string) => api.post<Answer>(`/assessments/answers/${id(answerId)}/send-back`, { comment }),
  progress: (campaignId: string) => api.get<Progress>(`${c(campaignId)}/progress`),
  results: (campaignId: string) => api.get<Results>(`${c(campaignId)}/results`),
  comparison: (campaignId: string) => api.get<Comparison>(`${c(campaignId)}/comparison`),
  raiseImprovement: (answerId: string, body: { title: string; description?: string; ownerId: string; dueDate: string }) =>
    api.post<Improvement>(`/assessments/answers/${id(answerId)}/improvements`, body),
  improvements: (filter: { campaignId?: string; status?: ImprovementState }) => api.get<{ items: Improvement[] }>('/assessments/improvements', { ...filter }),
  updateImprovement: (improvementId: string, body: { status?: ImprovementState; note?: string; ownerId?: string; dueDate?: string }) =>
    api.patch<Improvement>(`/assessments/improvements/${id(improvementId)}`, body),
  myEvidence: () => api.get<{ items: EvidenceRecord[] }>('/assessments/evidence', { mine: 'true' }),
  linkEvidence: (body: { title: string; url: string }) => api.post<Evidence>('/assessments/evidence', body),
  uploadEvidence,
};

/** Where the browser downloads the reports (same-origin GET with the session cookie). */
export const reportUrl = (campaignId: string, ext: 'pdf' | 'xlsx') => `${API_BASE}${c(campaignId)}/report.${ext}`;
export const evidenceFileUrl = (evidenceId: string, versionNo: number) => `${API_BASE}/assessments/evidence/${id(evidenceId)}/versions/${versionNo}/file`;

export const keys = {
  all: ['assessments'] as const,
  campaigns: (fy?: number) => ['assessments', 'campaigns', fy ?? 'all'] as const,
  campaign: (campaignId: string) => ['assessments', 'campaign', campaignId] as const,
  part: (campaignId: string, part: string, ...rest: unknown[]) => ['assessments', 'campaign', campaignId, part, ...rest] as const,
  improvements: (filter: object) => ['assessments', 'improvements', filter] as const,
  myEvidence: ['assessments', 'evidence', 'mine'] as const,
};

export const PAGE_SIZE = 20;
