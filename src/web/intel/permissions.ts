import type { SessionInfo } from '../platform/api.ts';
import { hasRole } from '../shell/nav-types.ts';

/**
 * What the UI offers; the server decides. The session carries no flag for threat intelligence,
 * so this mirrors `can.manageIntel` in src/core/access.ts: the consortium administrator (admin
 * of the operator institution) or an operator of the operator institution.
 */
export const canManageIntel = (s: SessionInfo) => s.institution.kind === 'operator' && hasRole(s, 'admin', 'operator');

/** `can.manageNetworks` (core/access.ts): the institution's admin or coordinator, and the operator. */
export const canManageNetworks = (s: SessionInfo, institutionId: string) =>
  canManageIntel(s) || (s.institution.id === institutionId && hasRole(s, 'admin', 'coordinator'));

/** `can.readNetworks` (core/access.ts): those who manage it, and the institution's CSIRT and CISO. */
export const canReadNetworks = (s: SessionInfo, institutionId: string) =>
  canManageNetworks(s, institutionId) || (s.institution.id === institutionId && hasRole(s, 'csirt', 'ciso'));
