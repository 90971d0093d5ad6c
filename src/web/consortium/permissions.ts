import type { SessionInfo } from '../platform/api.ts';
import { hasRole } from '../shell/nav-types.ts';

/**
 * What the UI offers; the server decides. These mirror src/core/access.ts so that buttons
 * a user cannot use are not shown.
 */
const own = (s: SessionInfo, institutionId: string) => s.institution.id === institutionId;

export const canEditInstitution = (s: SessionInfo, institutionId: string) =>
  s.permissions.manageInstitutions || (own(s, institutionId) && hasRole(s, 'admin', 'coordinator'));

export const canReadMembers = (s: SessionInfo, institutionId: string) =>
  s.permissions.manageInstitutions || (own(s, institutionId) && (s.permissions.manageMembers || hasRole(s, 'ciso')));

export const canManageMembers = (s: SessionInfo, institutionId: string) =>
  s.permissions.manageInstitutions || (own(s, institutionId) && s.permissions.manageMembers);

/** Coordinator and operator are granted by the consortium, not by the member itself. */
export const canGrantConsortiumRoles = (s: SessionInfo) => s.permissions.manageInstitutions;
