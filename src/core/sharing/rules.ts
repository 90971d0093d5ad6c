/**
 * Consortium sharing of incident reports: who may see a shared report (TLP 2.0), what may leave the
 * platform, how the originator is shown, and when statements about several members are allowed.
 * Pure logic; the service asks these and stores the answers. See docs/decisions/0003-sharing-tlp.md.
 */
import type { Role } from '../../common/roles.ts';
import { type Tlp, parseTlp } from '../intel/indicator.ts';

export type { Tlp };
export const TLP_LABELS: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

/** Statements about several members ("reported by N members", counts per category) need at least this many. */
export const MIN_CONTRIBUTORS = 3;

/** How an undisclosed originator is named in every output. */
export const ANONYMOUS_ORIGINATOR = { ja: '参加機関', en: 'a member university' } as const;
/** How the originator is named in a report's comment thread. */
export const REPORTING_INSTITUTION = { ja: '報告機関', en: 'the reporting institution' } as const;

/** Who asks to read a shared report, as far as the TLP rules care. */
export interface Reader {
  userId: string | null;
  institutionId: string | null;
  institutionKind: 'member' | 'operator' | null;
  roles: readonly Role[];
}

export interface ReportAccess {
  tlp: Tlp;
  /** Only the service knows this (from the sealed column); never put it in an output. */
  originInstitutionId: string;
  /** RED: institutions named by the author. */
  recipients: readonly string[];
}

const SECURITY_ROLES: readonly Role[] = ['csirt', 'ciso', 'admin'];
const isSecurityStaff = (r: Reader) => SECURITY_ROLES.some((x) => r.roles.includes(x));
const isOperatorStaff = (r: Reader) => r.institutionKind === 'operator' && (r.roles.includes('operator') || r.roles.includes('admin'));

/**
 * TLP 2.0 inside the consortium:
 * - CLEAR, GREEN: every signed-in member.
 * - AMBER, AMBER+STRICT: the CSIRT, CISO and administrators of member institutions, and the operator.
 * - RED: the originator's security staff, the operator, and the security staff of named recipient institutions.
 * The originating institution's security staff always see their own report.
 */
export function tlpAllows(reader: Reader, report: ReportAccess): boolean {
  if (reader.userId === null || reader.institutionId === null) return false;
  if (reader.institutionId === report.originInstitutionId) return isSecurityStaff(reader);
  switch (report.tlp) {
    case 'CLEAR':
    case 'GREEN':
      return true;
    case 'AMBER':
    case 'AMBER+STRICT':
      return isOperatorStaff(reader) || (reader.institutionKind === 'member' && isSecurityStaff(reader));
    case 'RED':
      return isOperatorStaff(reader) || (reader.institutionKind === 'member' && isSecurityStaff(reader) && report.recipients.includes(reader.institutionId));
  }
}

/**
 * Machine-readable exports (MISP, STIX) are meant to travel to other tools: allowed for CLEAR, GREEN and AMBER;
 * AMBER+STRICT stays inside the consortium platform (the recipient's organisation only), RED is never exported.
 */
export function exportAllowed(tlp: Tlp): boolean {
  return tlp === 'CLEAR' || tlp === 'GREEN' || tlp === 'AMBER';
}

/** Indicators offered to the consortium store keep the report's label; RED ones are not offered. */
export function indicatorOfferAllowed(tlp: Tlp): boolean {
  return tlp !== 'RED';
}

export class SharingInputError extends Error {}

export function parseTlpLabel(raw: unknown): Tlp {
  const t = typeof raw === 'string' ? parseTlp(raw) : undefined;
  if (!t || !TLP_LABELS.includes(t)) throw new SharingInputError(`TLP は CLEAR, GREEN, AMBER, AMBER+STRICT, RED のいずれかです / TLP must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED`);
  return t;
}

/** The name shown for a report's originator. */
export function originatorLabel(disclosed: { ja: string; en: string } | null, lang: 'ja' | 'en'): string {
  return disclosed ? disclosed[lang] : ANONYMOUS_ORIGINATOR[lang];
}

/**
 * Counts per key, suppressed unless at least {@link MIN_CONTRIBUTORS} distinct institutions contributed overall;
 * a key with fewer contributors than the threshold is folded into `other` so that no small group stands out.
 */
export function contributorCounts(rows: readonly { key: string; institutionId: string }[]):
  { contributors: number; suppressed: true } | { contributors: number; suppressed: false; counts: Record<string, number>; other: number } {
  const all = new Set(rows.map((r) => r.institutionId));
  if (all.size < MIN_CONTRIBUTORS) return { contributors: 0, suppressed: true };
  const byKey = new Map<string, { n: number; inst: Set<string> }>();
  for (const r of rows) {
    const e = byKey.get(r.key) ?? { n: 0, inst: new Set<string>() };
    e.n += 1;
    e.inst.add(r.institutionId);
    byKey.set(r.key, e);
  }
  const counts: Record<string, number> = {};
  let other = 0;
  for (const [k, e] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (e.inst.size >= MIN_CONTRIBUTORS) counts[k] = e.n;
    else other += e.n;
  }
  return { contributors: all.size, suppressed: false, counts, other };
}
