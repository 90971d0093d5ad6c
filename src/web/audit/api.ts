import type { AuditEntry } from '../../common/api/platform.ts';
import { api, apiUrl } from '../lib/api.ts';
import { jstDayEndUtc, jstDayStartUtc } from '../lib/datetime.ts';

export type { AuditEntry };

export interface AuditPage {
  items: AuditEntry[];
  nextBeforeSeq: number | null;
}

/** What the filter form holds: dates are JST calendar days (YYYY-MM-DD). */
export interface AuditFilter {
  institutionId: string;
  action: string;
  objectType: string;
  actorUserId: string;
  from: string;
  to: string;
  q: string;
}

export const EMPTY_FILTER: AuditFilter = { institutionId: '', action: '', objectType: '', actorUserId: '', from: '', to: '', q: '' };

export const PAGE_LIMIT = 50;

/** Query parameters for the API: JST days become UTC instants, `to` is the end of that day. */
export function auditQuery(f: AuditFilter) {
  return {
    institutionId: f.institutionId,
    action: f.action.trim(),
    objectType: f.objectType.trim(),
    actorUserId: f.actorUserId.trim(),
    from: f.from ? jstDayStartUtc(f.from) : undefined,
    to: f.to ? jstDayEndUtc(f.to) : undefined,
    q: f.q.trim(),
  };
}

export const auditApi = {
  page: (f: AuditFilter, beforeSeq: number | null) =>
    api.get<AuditPage>('/audit', { ...auditQuery(f), beforeSeq: beforeSeq ?? undefined, limit: PAGE_LIMIT }),
  csvUrl: (f: AuditFilter) => apiUrl('/audit/export.csv', auditQuery(f)),
};
