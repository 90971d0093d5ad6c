import { api, upload } from '../lib/api.ts';

/** Shapes of /api/v1/flows (server: src/server/modules/flows). */
export const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const STATUSES = ['review', 'dismissed', 'merged', 'received', 'acknowledged', 'investigating', 'mitigated', 'not_affected', 'closed'] as const;
export type AlertStatus = (typeof STATUSES)[number];
/** What the institution sees and moves its alert through. */
export const INSTITUTION_STATUSES = ['received', 'acknowledged', 'investigating', 'mitigated', 'not_affected', 'closed'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];
/** The institution must record what it did before these (the server refuses without a note). */
export const NOTE_REQUIRED: readonly InstitutionStatus[] = ['mitigated', 'not_affected'];

export interface UrgencyReason {
  key: string;
  points: number;
  ja: string;
  en: string;
}

export interface Alert {
  id: string;
  institutionId: string;
  /** flow, or dns: found in an imported DNS log (remoteAddress is then the query name). */
  kind: 'flow' | 'dns';
  internalHost: string;
  remoteAddress: string;
  indicator: { id: string; value: string; category: string | null; confidence: number | null };
  urgency: Urgency;
  score: number;
  reasons: UrgencyReason[];
  status: AlertStatus;
  firstSeen: string;
  lastSeen: string;
  sightings: number;
  bytes: number;
  packets: number;
  ports: number[];
  days: number;
  outbound: boolean;
  established: boolean;
  createdAt: string;
  sentAt: string | null;
  ackDeadline: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  escalatedAt: string | null;
  /** Operator only. */
  dismissReason?: string | null;
  mergedInto?: string | null;
}

export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  note: string | null;
  details: Record<string, unknown>;
}

export interface AlertDetail extends Alert {
  next: InstitutionStatus[];
  timeline: TimelineEntry[];
}

export interface AlertFilter {
  status?: AlertStatus | undefined;
  urgency?: Urgency | undefined;
  category?: string | undefined;
  institutionId?: string | undefined;
  host?: string | undefined;
  page: number;
  pageSize: number;
}

export interface AlertPage {
  items: Alert[];
  total: number;
  page: number;
  pageSize: number;
}

export type MetricName = 'notify' | 'acknowledge' | 'close';
export const METRICS: readonly MetricName[] = ['notify', 'acknowledge', 'close'];
export type Figures = Record<MetricName, { medianMinutes: number | null; count: number }>;
export type ConsortiumFigures = Record<MetricName, { medianMinutes: number | null; available: boolean }>;

export type Metrics =
  | {
    scope: 'consortium';
    minContributors: number;
    consortium: ConsortiumFigures;
    institutions: ({ institutionId: string; code: string; nameJa: string; nameEn: string } & Figures)[];
  }
  | { scope: 'institution'; minContributors: number; consortium: ConsortiumFigures; own: Figures };

export type ImportKind = 'dns' | 'flows';

/** POST /flows/imports answer (server: modules/flows/imports.ts). */
export interface LogImportReport {
  kind: ImportKind;
  format: 'zeek' | 'csv' | 'jsonl' | 'nfcapd';
  filename: string;
  rows: number;
  malformed: number;
  issues: { line?: number; offset?: number; block?: number; message: string }[];
  issuesOmitted: number;
  sightings: number;
  outsideYourNetworks: number;
  badTimes: number;
  alertsCreated: number;
  alertsUpdated: number;
  alertsSent: number;
  alerts: string[];
}

export const PAGE_SIZE = 25;

const id = (v: string) => encodeURIComponent(v);

/** GET /flows/pipeline (server: flows/pipeline.ts): the live collector → matcher → alerts. */
export interface PipelineStatus {
  configured: boolean;
  listen: { host: string; port: number } | null;
  stats: {
    running: boolean;
    flows: number;
    unmatched: number;
    sightings: number;
    ingested: number;
    queued: number;
    alertsCreated: number;
    alertsUpdated: number;
    alertsSent: number;
    overflow: number;
    rejected: number;
    lost: number;
    badTimes: number;
    errors: number;
    lastError: { at: string; message: string } | null;
    rebuilds: number;
    lastRebuild: { at: string; ms: number; indicators: number; addresses: number; expired: number; invalid: number; institutions: number; prefixes: number } | null;
    collector: {
      packets: number;
      flows: number;
      malformed: number;
      sequenceLost: number;
      dropped: number;
      waiting: number;
      templates: number;
      exporters: number;
      kernelDrops: number | null;
    } | null;
  } | null;
}

export const flowsApi = {
  pipeline: () => api.get<PipelineStatus>('/flows/pipeline'),
  review: (f: AlertFilter) => api.get<AlertPage>('/flows/review', { ...f }),
  alerts: (f: AlertFilter) => api.get<AlertPage>('/flows/alerts', { ...f }),
  alert: (alertId: string) => api.get<AlertDetail>(`/flows/alerts/${id(alertId)}`),
  confirm: (alertId: string, note?: string) => api.post<{ id: string; status: AlertStatus }>(`/flows/alerts/${id(alertId)}/confirm`, note ? { note } : {}),
  dismiss: (alertId: string, reason: string) => api.post<{ id: string; status: AlertStatus }>(`/flows/alerts/${id(alertId)}/dismiss`, { reason }),
  merge: (alertId: string, into: string, note?: string) =>
    api.post<{ id: string; status: AlertStatus }>(`/flows/alerts/${id(alertId)}/merge`, { into, ...(note ? { note } : {}) }),
  status: (alertId: string, status: Exclude<InstitutionStatus, 'received'>, note?: string) =>
    api.post<{ id: string; status: AlertStatus }>(`/flows/alerts/${id(alertId)}/status`, { status, ...(note ? { note } : {}) }),
  metrics: () => api.get<Metrics>('/flows/metrics'),
  importLogs: (file: File, kind: ImportKind) => upload<LogImportReport>('/flows/imports', file, undefined, { kind }),
};

/** Hours to acknowledge after sending, by urgency (mirrors ACK_DEADLINE_HOURS in the flows service). */
export const ACK_DEADLINE_HOURS: Record<Urgency, number> = { urgent: 1, high: 4, normal: 24, low: 72 };
