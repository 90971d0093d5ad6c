import type { SessionInfo } from '../platform/api.ts';
import { hasRole } from '../shell/nav-types.ts';
import { canManageIntel } from '../intel/permissions.ts';

/**
 * What the UI offers; the server decides. Mirrors src/core/access.ts: `can.reviewFlowAlerts`
 * is the operator's (same people as threat intelligence); `can.respondToFlowAlerts` is a
 * member's CSIRT, CISO and administrators for their own institution's alerts.
 */
export const canReviewAlerts = (s: SessionInfo) => canManageIntel(s);

export const canRespondAlerts = (s: SessionInfo) => s.institution.kind === 'member' && hasRole(s, 'csirt', 'ciso', 'admin');

/** Anyone who has an alerts page: the operator (all) or a member's responders (their own). */
export const canSeeAlerts = (s: SessionInfo) => canReviewAlerts(s) || canRespondAlerts(s);

/** Importing archived DNS logs or flow records (`can.importFlowLogs`): the operator, and a member's CSIRT for its own networks. */
export const canImportLogs = (s: SessionInfo) => canReviewAlerts(s) || (s.institution.kind === 'member' && hasRole(s, 'csirt'));
