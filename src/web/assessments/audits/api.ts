import { API_BASE, api } from '../../lib/api.ts';

/** Shapes of /api/v1/assessments/audit* (server: src/server/modules/assessments/audits*.ts). */
export const AUDIT_STATES = ['planned', 'fieldwork', 'reporting', 'response', 'closed'] as const;
export type AuditState = (typeof AUDIT_STATES)[number];
export const AUDIT_RATINGS = ['conforming', 'minor_nc', 'major_nc', 'observation', 'good_practice'] as const;
export type AuditRating = (typeof AUDIT_RATINGS)[number];
export const FINDING_CATEGORIES = ['minor_nc', 'major_nc', 'observation'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export const FINDING_STATES = ['open', 'in_progress', 'done', 'closed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export type AuditKind = 'mutual' | 'internal' | 'follow_up';

export interface Named {
  id: string;
  code: string | null;
  nameJa: string | null;
  nameEn: string | null;
}
export interface Pair {
  id: string;
  auditor: Named;
  auditee: Named;
  auditId: string | null;
}
export interface Plan {
  id: string;
  fiscalYear: number;
  note: string | null;
  createdAt: string;
  pairs: Pair[];
}
export interface Proposal {
  fiscalYear: number;
  previousPlanId: string | null;
  previous: Pair[];
  pairs: { auditor: Named; auditee: Named }[];
}

export interface AuditSummary {
  id: string;
  kind: AuditKind;
  title: string;
  fiscalYear: number;
  status: AuditState;
  auditeeInstitutionId: string;
  auditingInstitutionId: string;
  department: string | null;
  startDate: string;
  endDate: string;
}

/** An audit my institution ran whose report was issued: what starting its follow-up needs, nothing of the auditee's material. */
export interface FollowableAudit {
  id: string;
  title: string;
  fiscalYear: number;
  status: AuditState;
  auditee: { nameJa: string; nameEn: string; department: string | null };
  openFindings: number;
}

export interface Hearing {
  at: string;
  topic: string;
  attendees?: string;
}

export interface Audit {
  id: string;
  kind: AuditKind;
  title: string;
  fiscalYear: number;
  status: AuditState;
  auditee: { id: string; nameJa: string; nameEn: string; department: string | null };
  auditing: { id: string; nameJa: string; nameEn: string };
  team: { userId: string; name: string | null; role: 'lead' | 'member'; departments: string[] }[];
  plan: { startDate: string; endDate: string; documents: string[]; hearings: Hearing[] };
  scope: { items: number; agreed: boolean; auditorAcceptedAt: string | null; auditeeAcceptedAt: string | null };
  summary: string | null;
  pairId: string | null;
  previousAuditId: string | null;
  permissions: { material: boolean; audit: boolean; respond: boolean; run: boolean; lead: boolean };
}

export interface AuditItem {
  id: string;
  ord: number;
  citation: string;
  chapter: string;
  heading: string | null;
  text: string;
  rating?: { value: AuditRating; label: string; comment: string | null; ratedBy: { id: string; name: string | null }; ratedAt: string } | null;
  notes?: { id: string; kind: 'document_review' | 'hearing'; text: string; author: { id: string; name: string | null }; createdAt: string }[];
  findings?: string[];
}

export interface SelfInspection {
  itemId: string;
  citation: string;
  answers: { campaign: string; result: string | null; resultLabel: string | null; comment: string | null; department: string | null; status: string }[];
}

export interface RequestEvidence {
  id: string;
  title: string;
  kind: 'file' | 'link';
  versionNo: number;
  url: string | null;
  filename: string | null;
  expired: boolean;
}
export interface EvidenceRequest {
  id: string;
  itemId: string | null;
  citation: string | null;
  title: string;
  detail: string | null;
  dueDate: string;
  status: 'open' | 'provided';
  overdue: boolean;
  providedAt: string | null;
  evidence: RequestEvidence[];
}

export interface Finding {
  id: string;
  auditId: string;
  itemId: string | null;
  clause: string | null;
  category: FindingCategory;
  categoryLabel: string;
  description: string;
  evidence: string | null;
  response: string | null;
  action: { what: string | null; owner: { id: string; name: string | null } | null; due: string | null };
  respondedAt: string | null;
  status: FindingState;
  progressNote: string | null;
}

export interface Aggregates {
  fiscalYear: number;
  minContributors: number;
  available: boolean;
  contributors: number | null;
  chapters: { chapter: string; contributors: number; rated: number; conformingShare: number }[];
}

export interface AuditInput {
  kind: AuditKind;
  title: string;
  fiscalYear?: number;
  templateId?: string;
  pairId?: string;
  auditeeDepartment?: string;
  team: { userId: string; role: 'lead' | 'member'; departments?: string[] }[];
  startDate: string;
  endDate: string;
  documents?: string[];
  hearings?: Hearing[];
}

const id = (v: string) => encodeURIComponent(v);
const a = (auditId: string) => `/assessments/audits/${id(auditId)}`;

export const auditsApi = {
  plans: (fiscalYear?: number) => api.get<{ items: Plan[] }>('/assessments/audit-plans', { fiscalYear }),
  proposal: (fiscalYear: number) => api.get<Proposal>('/assessments/audit-plans/proposal', { fiscalYear }),
  createPlan: (body: { fiscalYear: number; note?: string; pairs: { auditorInstitutionId: string; auditeeInstitutionId: string }[] }) => api.post<Plan>('/assessments/audit-plans', body),
  list: () => api.get<{ items: AuditSummary[] }>('/assessments/audits'),
  create: (body: AuditInput) => api.post<Audit>('/assessments/audits', body),
  followable: () => api.get<{ items: FollowableAudit[] }>('/assessments/audits/followable'),
  get: (auditId: string) => api.get<Audit>(a(auditId)),
  update: (auditId: string, body: { title?: string; startDate?: string; endDate?: string; documents?: string[]; hearings?: Hearing[]; scopeItemIds?: string[] }) => api.patch<Audit>(a(auditId), body),
  acceptScope: (auditId: string) => api.post<Audit>(`${a(auditId)}/scope/accept`),
  move: (auditId: string, step: 'fieldwork' | 'reporting' | 'close') => api.post<{ id: string; status: AuditState }>(`${a(auditId)}/${step}`),
  issueReport: (auditId: string, summary?: string) => api.post<Audit>(`${a(auditId)}/issue-report`, summary ? { summary } : {}),
  items: (auditId: string) => api.get<{ items: AuditItem[] }>(`${a(auditId)}/items`),
  selfInspection: (auditId: string) => api.get<{ items: SelfInspection[] }>(`${a(auditId)}/self-inspection`),
  rate: (auditId: string, itemId: string, body: { rating: AuditRating; comment?: string | null }) => api.put<AuditItem>(`${a(auditId)}/items/${id(itemId)}/rating`, body),
  addNote: (auditId: string, itemId: string, body: { kind: 'document_review' | 'hearing'; text: string }) => api.post<AuditItem>(`${a(auditId)}/items/${id(itemId)}/notes`, body),
  requests: (auditId: string) => api.get<{ items: EvidenceRequest[] }>(`${a(auditId)}/requests`),
  addRequest: (auditId: string, body: { itemId?: string; title: string; detail?: string; dueDate: string }) => api.post<EvidenceRequest>(`${a(auditId)}/requests`, body),
  provide: (requestId: string, evidenceIds: string[]) => api.post<EvidenceRequest>(`/assessments/audit-requests/${id(requestId)}/evidence`, { evidenceIds }),
  findings: (auditId: string) => api.get<{ items: Finding[] }>(`${a(auditId)}/findings`),
  addFinding: (auditId: string, body: { itemId?: string; clause?: string; category: FindingCategory; description: string; evidence?: string }) => api.post<Finding>(`${a(auditId)}/findings`, body),
  respond: (findingId: string, body: { response: string; actionWhat?: string; actionOwnerId?: string; actionDue?: string }) => api.put<Finding>(`/assessments/audit-findings/${id(findingId)}/response`, body),
  progress: (findingId: string, body: { status: FindingState; note?: string }) => api.post<Finding>(`/assessments/audit-findings/${id(findingId)}/progress`, body),
  aggregates: (fiscalYear: number) => api.get<Aggregates>('/assessments/audit-aggregates', { fiscalYear }),
};

export const auditReportUrl = (auditId: string, ext: 'pdf' | 'xlsx') => `${API_BASE}${a(auditId)}/report.${ext}`;
export const auditEvidenceUrl = (auditId: string, evidenceId: string, versionNo: number) => `${API_BASE}${a(auditId)}/evidence/${id(evidenceId)}/versions/${versionNo}/file`;

export const auditKeys = {
  all: ['audits'] as const,
  plans: (fy: number) => ['audits', 'plans', fy] as const,
  audit: (auditId: string) => ['audits', 'audit', auditId] as const,
  part: (auditId: string, part: string) => ['audits', 'audit', auditId, part] as const,
};
