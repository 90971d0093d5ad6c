import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ObligationKind } from '../../core/incidents/deadlines.ts';
import type { IncidentCategory, IncidentState, PersonalDataKind, Severity } from '../../core/incidents/rules.ts';
import { API_BASE, ApiError, type Problem, api, apiUrl, upload } from '../lib/api.ts';

/** Shapes of /api/v1/incidents and /api/v1/public/incident-reports (server: src/server/modules/incidents). */
export {
  INCIDENT_CATEGORIES, INCIDENT_STATES, LEARNING_KINDS, PERSONAL_DATA_KINDS, SEVERITIES, TASK_PHASES, TIMELINE_KINDS,
} from '../../core/incidents/rules.ts';
export { OBLIGATION_KINDS } from '../../core/incidents/deadlines.ts';
export type { IncidentCategory, IncidentState, ObligationKind, PersonalDataKind, Severity };

export type TimelineKind = 'note' | 'action' | 'decision' | 'containment' | 'eradication' | 'recovery' | 'communication' | 'status';
export type TaskPhase = 'containment' | 'eradication' | 'recovery' | 'other';
export type TaskState = 'open' | 'done' | 'cancelled';
export type LearningKind = 'lesson' | 'near_miss';

interface Bilingual {
  ja: string;
  en: string;
}

export interface Person {
  id: string;
  name: string | null;
}

export interface IncidentSummary {
  id: string;
  ref: string;
  title: string;
  status: IncidentState;
  isIncident: boolean | null;
  category: IncidentCategory | null;
  severity: Severity | null;
  personalData: boolean;
  awareAt: string;
  closedAt: string | null;
  updatedAt: string;
}

/** A row of the CSIRT queue. */
export interface QueueItem extends IncidentSummary {
  receipts: string[];
  channels: ('member' | 'public')[];
  obligationsOpen: number;
  obligationsOverdue: ObligationKind[];
}

export interface Asset {
  kind: 'system' | 'information';
  name: string;
  confidentiality: number | null;
  integrity: number | null;
  availability: number | null;
  note: string | null;
}

export interface Obligation {
  kind: ObligationKind;
  label: Bilingual;
  basis: string;
  dueAt: string;
  targetAt: string;
  doneAt: string | null;
  note: string | null;
  overdue: boolean;
}

export interface Report {
  id: string;
  receiptNo: string;
  channel: 'member' | 'public';
  reporter: Person | null;
  subject: string;
  body: string;
  suspicion: boolean;
  occurredAt: string | null;
  contact: { name: string | null; email: string | null; phone: string | null; affiliation: string | null; ip: string | null } | null;
  createdAt: string;
}

export interface TimelineEvent {
  id: string;
  at: string;
  kind: TimelineKind;
  text: string;
  by: Person | null;
  createdAt: string;
}

export interface Task {
  id: string;
  phase: TaskPhase;
  title: string;
  owner: Person | null;
  dueDate: string | null;
  status: TaskState;
  overdue: boolean;
  doneAt: string | null;
}

export interface Evidence {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  note: string | null;
  by: Person | null;
  createdAt: string;
}

export interface Learning {
  id: string;
  kind: LearningKind;
  incidentId: string | null;
  title: string;
  body: string;
  category: IncidentCategory | null;
  improvement: string | null;
  occurredOn: string;
  fiscalYear: number;
  createdAt: string;
}

export interface Incident extends Omit<IncidentSummary, 'personalData'> {
  description: string;
  occurredAt: string | null;
  containedAt: string | null;
  createdAt: string;
  handler: Person | null;
  personalData: { involved: boolean; count: number | null; kinds: PersonalDataKind[]; unauthorisedPurpose: boolean; ppcCases: number[] };
  assets: Asset[];
  reports: Report[];
  timeline: TimelineEvent[];
  tasks: Task[];
  evidence: Evidence[];
  obligations: Obligation[];
  learnings: Learning[];
  people: Person[];
}

export interface IncidentPatch {
  title?: string;
  description?: string;
  isIncident?: boolean | null;
  category?: IncidentCategory | null;
  severity?: Severity | null;
  occurredAt?: string | null;
  containedAt?: string | null;
  handlerId?: string | null;
  personalData?: { involved: boolean; count?: number | null; kinds?: PersonalDataKind[]; unauthorisedPurpose?: boolean };
  assets?: Asset[];
}

export interface MyReport {
  id: string;
  receiptNo: string;
  subject: string;
  description: string;
  suspicion: boolean;
  occurredAt: string | null;
  createdAt: string;
  status: IncidentState;
  closedAt: string | null;
}

export interface PublicInstitution {
  code: string;
  nameJa: string;
  nameEn: string;
  externalReportEmail: string | null;
  externalReportUrl: string | null;
}

export interface PublicReportInput {
  institutionCode: string;
  name?: string;
  email: string;
  phone?: string;
  affiliation?: string;
  subject: string;
  description: string;
  occurredAt?: string;
  website?: string;
}

export interface PublicReceipt {
  receiptNo: string;
  receivedAt: string;
  institution: { code: string; nameJa: string; nameEn: string };
}

export interface Summary {
  fiscalYear: number;
  from: string;
  to: string;
  generatedAt: string;
  recorded: number;
  incidents: number;
  notIncidents: number;
  undecided: number;
  open: number;
  byCategory: { category: IncidentCategory; count: number }[];
  bySeverity: { severity: Severity; count: number }[];
  byStatus: { status: IncidentState; count: number }[];
  personalDataIncidents: number;
  timeToContain: { contained: number; medianHours: number | null };
  mandatoryReports: { kind: ObligationKind; owed: number; done: number; doneLate: number; overdue: number }[];
  openActions: { count: number; overdue: number };
  lessonsLearned: number;
  nearMisses: number;
}

/** A 429 from the public form, with the server's Retry-After in seconds. */
export class RateLimitedError extends ApiError {
  constructor(problem: Problem, readonly retryAfterSeconds: number) {
    super(problem);
  }
}

/**
 * The public form is sent without cookies: an outsider has no session, and a signed-in member
 * using it still reports as an outsider (and needs no CSRF token). Reads Retry-After on 429.
 */
async function publicReport(input: PublicReportInput): Promise<PublicReceipt> {
  let res: Response;
  try {
    res = await fetch(apiUrl('/public/incident-reports'), {
      method: 'POST', credentials: 'omit', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(input),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'network', status: 0, code: 'network' });
  }
  if (res.ok) return (await res.json()) as PublicReceipt;
  let body: Partial<Problem> = {};
  try {
    body = (await res.json()) as Partial<Problem>;
  } catch {
    // not problem+json (a proxy's page): keep the status
  }
  const problem: Problem = {
    type: body.type ?? 'about:blank', title: body.title ?? res.statusText, status: res.status, code: body.code ?? `http_${res.status}`,
    ...(body.detail ? { detail: body.detail } : {}), ...(body.errors ? { errors: body.errors } : {}),
  };
  if (res.status === 429) throw new RateLimitedError(problem, Number(res.headers.get('retry-after')) || 3600);
  throw new ApiError(problem);
}

const id = (v: string) => encodeURIComponent(v);
const inc = (incidentId: string) => `/incidents/${id(incidentId)}`;

export const incidentsApi = {
  publicInstitutions: () => api.get<{ items: PublicInstitution[] }>('/public/incident-reports/institutions'),
  publicReport,
  report: (input: { subject: string; description: string; suspicion: boolean; occurredAt?: string }) =>
    api.post<{ id: string; receiptNo: string; receivedAt: string; status: IncidentState }>('/incidents/reports', input),
  mine: () => api.get<{ items: MyReport[] }>('/incidents/reports/mine'),
  list: (f: { status?: IncidentState | undefined; fiscalYear?: number | undefined }) => api.get<{ items: QueueItem[] }>('/incidents', { ...f }),
  get: (incidentId: string) => api.get<Incident>(inc(incidentId)),
  update: (incidentId: string, patch: IncidentPatch) => api.patch<Incident>(inc(incidentId), patch),
  move: (incidentId: string, to: IncidentState, note?: string) => api.post<Incident>(`${inc(incidentId)}/status`, { to, ...(note ? { note } : {}) }),
  merge: (incidentId: string, into: string) => api.post<Incident>(`${inc(incidentId)}/merge`, { into }),
  addEvent: (incidentId: string, input: { kind: Exclude<TimelineKind, 'status'>; text: string; at?: string }) => api.post<{ id: string }>(`${inc(incidentId)}/timeline`, input),
  addTask: (incidentId: string, input: { phase: TaskPhase; title: string; ownerId?: string | null; dueDate?: string | null }) => api.post<{ id: string }>(`${inc(incidentId)}/tasks`, input),
  updateTask: (incidentId: string, taskId: string, patch: { status?: TaskState; ownerId?: string | null; dueDate?: string | null; title?: string }) =>
    api.patch<Incident>(`${inc(incidentId)}/tasks/${id(taskId)}`, patch),
  addEvidence: (incidentId: string, file: File, note?: string) => upload<{ id: string }>(`${inc(incidentId)}/evidence`, file, undefined, note ? { note } : undefined),
  obligation: (incidentId: string, kind: ObligationKind, input: { doneAt?: string | null; note?: string }) => api.post<Incident>(`${inc(incidentId)}/obligations/${kind}`, input),
  learnings: (f: { kind?: LearningKind | undefined; fiscalYear?: number | undefined }) => api.get<{ items: Learning[] }>('/incidents/learnings', { ...f }),
  addLearning: (input: { kind: LearningKind; incidentId?: string; title: string; body: string; category?: IncidentCategory; improvement?: string; occurredOn?: string }) =>
    api.post<Learning>('/incidents/learnings', input),
  summary: (fiscalYear: number) => api.get<Summary>('/incidents/summary', { fiscalYear }),
};

export const evidenceUrl = (incidentId: string, evidenceId: string) => `${API_BASE}${inc(incidentId)}/evidence/${id(evidenceId)}/file`;
export const summaryReportUrl = (fiscalYear: number, ext: 'pdf' | 'xlsx') => `${API_BASE}/incidents/summary/report.${ext}?fiscalYear=${fiscalYear}`;

export const keys = {
  all: ['incidents'] as const,
  list: (f: object) => ['incidents', 'list', f] as const,
  incident: (incidentId: string) => ['incidents', 'one', incidentId] as const,
  mine: ['incidents', 'mine'] as const,
  learnings: (f: object) => ['incidents', 'learnings', f] as const,
  summary: (fy: number) => ['incidents', 'summary', fy] as const,
  publicInstitutions: ['incidents', 'public-institutions'] as const,
};

// Hooks

export const useQueue = (f: { status?: IncidentState | undefined }) =>
  useQuery({ queryKey: keys.list(f), queryFn: () => incidentsApi.list(f), refetchInterval: 60_000 });

export const useIncident = (incidentId: string) => useQuery({ queryKey: keys.incident(incidentId), queryFn: () => incidentsApi.get(incidentId) });

export const useMyReports = () => useQuery({ queryKey: keys.mine, queryFn: incidentsApi.mine });

export const useLearnings = (f: { kind?: LearningKind | undefined; fiscalYear?: number | undefined }) =>
  useQuery({ queryKey: keys.learnings(f), queryFn: () => incidentsApi.learnings(f) });

export const useSummary = (fiscalYear: number) => useQuery({ queryKey: keys.summary(fiscalYear), queryFn: () => incidentsApi.summary(fiscalYear) });

export const usePublicInstitutions = () =>
  useQuery({ queryKey: keys.publicInstitutions, queryFn: incidentsApi.publicInstitutions, staleTime: 10 * 60_000 });

/**
 * A change to one incident: the answer (or a refetch) refreshes the page, and the queue and
 * summary are marked stale.
 */
export function useIncidentMutation<V>(incidentId: string, fn: (vars: V) => Promise<unknown>, onDone?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      if (data && typeof data === 'object' && 'timeline' in data) qc.setQueryData(keys.incident(incidentId), data);
      else void qc.invalidateQueries({ queryKey: keys.incident(incidentId) });
      void qc.invalidateQueries({ queryKey: ['incidents', 'list'] });
      void qc.invalidateQueries({ queryKey: ['incidents', 'summary'] });
      onDone?.();
    },
  });
}
