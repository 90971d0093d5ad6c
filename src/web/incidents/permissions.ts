import type { SessionInfo } from '../platform/api.ts';
import { hasRole } from '../shell/nav-types.ts';

/**
 * What the UI offers; the server decides. Mirrors src/core/access.ts: `can.reportIncident` is any
 * member of a member institution; `can.handleIncidents` is the institution's CSIRT, CISO and administrators.
 */
export const canReportIncident = (s: SessionInfo) => s.institution.kind === 'member';

export const canHandleIncidents = (s: SessionInfo) => s.institution.kind === 'member' && hasRole(s, 'csirt', 'ciso', 'admin');
