import type { SessionInfo } from '../platform/api.ts';
import { hasRole } from '../shell/nav-types.ts';
import { canManageIntel } from '../intel/permissions.ts';

/**
 * What the UI offers; the server decides. Mirrors src/core/access.ts and src/core/sharing/rules.ts:
 * - preparing and publishing a shared report is `can.handleIncidents`: a member's CSIRT, CISO and administrators;
 * - every signed-in user may search (TLP decides per report what they see: CLEAR and GREEN reach everyone);
 * - revealing the originator is the operator's (operator role or consortium administrator);
 * - indicator offers go to those who manage threat intelligence (`can.manageIntel`).
 */
export const canPrepareShare = (s: SessionInfo) => s.institution.kind === 'member' && hasRole(s, 'csirt', 'ciso', 'admin');

export const canReadShared = (_s: SessionInfo) => true;

export const canRevealOriginator = (s: SessionInfo) => s.institution.kind === 'operator' && hasRole(s, 'admin', 'operator');

export const canReviewOffers = (s: SessionInfo) => canManageIntel(s);

/** The operator may narrow a report's audience (a stricter TLP), never widen it (src/core/sharing/tlp-change.ts). */
export const canTightenAsOperator = (s: SessionInfo) => canRevealOriginator(s);
