/** Roles a member holds inside their own institution. */
export const INSTITUTION_ROLES = ['ciso', 'csirt', 'staff', 'auditor', 'sysadmin', 'admin'] as const;
/** Roles in the consortium: one coordinator per member institution; operators belong to the operator organisation. */
export const CONSORTIUM_ROLES = ['coordinator', 'operator'] as const;
export const ROLES = [...INSTITUTION_ROLES, ...CONSORTIUM_ROLES] as const;

export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];
export type ConsortiumRole = (typeof CONSORTIUM_ROLES)[number];
export type Role = (typeof ROLES)[number];

/** Roles whose holders must use MFA (DESIGN: CISO, CSIRT, coordinator, operator). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['ciso', 'csirt', 'coordinator', 'operator'];

export const INSTITUTION_KINDS = ['member', 'operator'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}
