import type { InstitutionKind, Role } from '../common/roles.ts';

/**
 * Who makes a request. Every service function takes one and asks the rules below;
 * nothing is allowed unless a rule says so.
 */
export interface Actor {
  readonly kind: 'user' | 'system';
  readonly userId: string | null;
  readonly institutionId: string | null;
  readonly institutionKind: InstitutionKind | null;
  readonly roles: readonly Role[];
  /** Human label for the audit log: an e-mail address, or "system"/"cli". */
  readonly label: string;
  /** Where the request came from, for the audit log. */
  readonly ip: string | null;
  /** Session this request belongs to (absent for API tokens, CLI and system). */
  readonly sessionId?: string;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({
  kind: 'system',
  userId: null,
  institutionId: null,
  institutionKind: null,
  roles: [],
  label: 'system',
  ip: null,
});

const has = (actor: Actor, role: Role) => actor.roles.includes(role);

/** Administrators of the operator organisation run the consortium's own register. */
export function isConsortiumAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.institutionKind === 'operator' && has(actor, 'admin'));
}

export function isInstitutionAdmin(actor: Actor, institutionId: string): boolean {
  return actor.institutionId === institutionId && has(actor, 'admin');
}

export const can = {
  manageInstitutions: (a: Actor) => isConsortiumAdmin(a),
  /** Institution names and contact points form the consortium directory every member may read. */
  readDirectory: (a: Actor) => a.kind === 'system' || a.userId !== null,
  editInstitutionContacts: (a: Actor, institutionId: string) =>
    isConsortiumAdmin(a) ||
    (a.institutionId === institutionId && (has(a, 'admin') || has(a, 'coordinator'))),
  readMembers: (a: Actor, institutionId: string) =>
    isConsortiumAdmin(a) || (a.institutionId === institutionId && (has(a, 'admin') || has(a, 'ciso'))),
  manageMembers: (a: Actor, institutionId: string) => isConsortiumAdmin(a) || isInstitutionAdmin(a, institutionId),
  /** The consortium roles are granted by the consortium, not by the member itself. */
  grantConsortiumRoles: (a: Actor) => isConsortiumAdmin(a),
  liftLockout: (a: Actor, institutionId: string) => isConsortiumAdmin(a) || isInstitutionAdmin(a, institutionId),
  /** null institution: the whole log (consortium administrators only). */
  readAudit: (a: Actor, institutionId: string | null) =>
    isConsortiumAdmin(a) || (institutionId !== null && isInstitutionAdmin(a, institutionId)),
  /** Import, version, share and map regulations on behalf of an institution (the information centre's work). */
  manageRegulations: (a: Actor, institutionId: string) =>
    a.kind === 'system' ||
    (a.institutionId === institutionId && ['admin', 'ciso', 'coordinator', 'sysadmin', 'auditor', 'operator'].some((r) => a.roles.includes(r as Role))),
  /** Own institution's documents, and whatever was shared with the consortium. */
  readRegulation: (a: Actor, doc: { institutionId: string; visibility: 'private' | 'consortium' }) =>
    a.kind === 'system' || (a.userId !== null && (doc.visibility === 'consortium' || doc.institutionId === a.institutionId)),
  /** Threat intelligence is the operator's work (NII-SOCS-like): sources, imports, indicators. */
  manageIntel: (a: Actor) => isConsortiumAdmin(a) || (a.institutionKind === 'operator' && a.roles.includes('operator')),
  /** An institution's address registry: its own administrators and coordinator, and the operator. */
  manageNetworks: (a: Actor, institutionId: string) =>
    isConsortiumAdmin(a) || (a.institutionKind === 'operator' && a.roles.includes('operator')) ||
    (a.institutionId === institutionId && (a.roles.includes('admin') || a.roles.includes('coordinator'))),
  readNetworks: (a: Actor, institutionId: string) =>
    can.manageNetworks(a, institutionId) || (a.institutionId === institutionId && (a.roles.includes('csirt') || a.roles.includes('ciso'))),
  /** Flow alerts are reviewed, confirmed, dismissed and merged by the operator (with the intelligence). */
  reviewFlowAlerts: (a: Actor) => can.manageIntel(a),
  /** A member's own flow alerts: read and respond (acknowledge … close) by its CSIRT, CISO and administrators. */
  respondToFlowAlerts: (a: Actor, institutionId: string) =>
    a.institutionId === institutionId && a.institutionKind === 'member' && ['csirt', 'ciso', 'admin'].some((r) => a.roles.includes(r as Role)),
  /** Importing archived flow or DNS logs to match: the operator (any institution), a member's CSIRT (sightings in its own prefixes only). */
  importFlowLogs: (a: Actor, institutionId: string | null) =>
    can.reviewFlowAlerts(a) || (a.kind === 'user' && institutionId !== null && a.institutionId === institutionId && a.institutionKind === 'member' && a.roles.includes('csirt')),
  /**
   * Self-inspection campaigns (and later audits): the institution's administrators and CISO create and run them.
   * Nobody outside the institution, not even the consortium administrators, sees them.
   */
  manageAssessments: (a: Actor, institutionId: string) =>
    a.kind === 'user' && a.institutionId === institutionId && (has(a, 'admin') || has(a, 'ciso')),
  /** The campaign's responsible person reviews answers (accepts or sends back) and raises improvement items. */
  reviewAssessment: (a: Actor, c: { institutionId: string; ownerId: string }) =>
    can.manageAssessments(a, c.institutionId) || (a.institutionId === c.institutionId && a.userId !== null && a.userId === c.ownerId),
  /** A respondent answers an item assigned to them by name or to a role they hold, in their own institution. */
  answerAssessmentItem: (a: Actor, institutionId: string, assignees: readonly { userId: string | null; role: string | null }[]) =>
    a.kind === 'user' && a.userId !== null && a.institutionId === institutionId &&
    assignees.some((x) => (x.userId !== null && x.userId === a.userId) || (x.role !== null && a.roles.includes(x.role as Role))),
  /** Any signed-in member of a member institution reports an incident or a suspicion to their own CSIRT. */
  reportIncident: (a: Actor) => a.kind === 'user' && a.userId !== null && a.institutionId !== null && a.institutionKind === 'member',
  /**
   * The institution's CSIRT, CISO and administrators triage and handle its incidents. Nobody outside the
   * institution, not even the consortium administrators, sees them (sharing is a separate, redacted report).
   */
  handleIncidents: (a: Actor, institutionId: string) =>
    a.kind === 'user' && a.institutionId === institutionId && a.institutionKind === 'member' && ['csirt', 'ciso', 'admin'].some((r) => a.roles.includes(r as Role)),
  /** A reporter follows their own reports (and the state of the incident they raised), nothing more. */
  readIncidentReport: (a: Actor, r: { institutionId: string; reporterId: string | null }) =>
    can.handleIncidents(a, r.institutionId) || (a.kind === 'user' && a.userId !== null && a.institutionId === r.institutionId && a.userId === r.reporterId),
  /**
   * Audits (mutual, internal, follow-up): an institution's administrators, CISO and coordinator set them up,
   * agree the scope for their side and answer findings. What auditors and others see is decided per audit
   * (src/core/assessments/audits.ts auditAccess).
   */
  runAudits: (a: Actor, institutionId: string) =>
    a.kind === 'user' && a.institutionId === institutionId && ['admin', 'ciso', 'coordinator'].some((r) => a.roles.includes(r as Role)),
  /** The consortium's yearly mutual audit plan: the consortium administrators and the members' coordinators. */
  planMutualAudits: (a: Actor) => isConsortiumAdmin(a) || (a.kind === 'user' && a.institutionKind === 'member' && has(a, 'coordinator')),
  /** Anonymous consortium-wide audit aggregates: anyone signed in (the figures never name a member). */
  readAuditAggregates: (a: Actor) => a.kind === 'user' && a.userId !== null,
} as const;
