/**
 * Mandatory reports of an incident and their deadlines. Pure: no I/O.
 *
 * Personal Information Protection Commission (個人情報保護委員会, PPC):
 * - 個人情報の保護に関する法律 第26条第1項 (行政機関等は第68条第1項) obliges a report when a leak,
 *   loss or damage of personal data (漏えい等) occurs or may have occurred (おそれ) in one of the
 *   cases of 同法施行規則 第7条 (行政機関等は第43条):
 *     一 要配慮個人情報が含まれる, 二 不正に利用されることにより財産的被害が生じるおそれ,
 *     三 不正の目的をもって行われたおそれ, 四 本人の数が1,000人を超える.
 * - 施行規則 第8条第1項 (第44条第1項): the preliminary report (速報) "速やかに" after becoming aware;
 *   the PPC guidelines (通則編 3-5-3-3) read this as 概ね3～5日以内. We aim at 3 days and treat
 *   the end of the 5th day as the deadline.
 * - 施行規則 第8条第2項 (第44条第2項): the final report (確報) within 30 days of becoming aware, 60 days
 *   in case 三 (不正の目的, e.g. an attack).
 * Days are counted as the Civil Code counts them (民法第140条, 初日不算入): the day of awareness is
 * not counted, and a deadline ends at 24:00 JST of its last day.
 *
 * The ministry (文部科学省) and the CISO: no statute gives a number of days. Universities report
 * personal-data incidents to the ministry promptly and to their CISO at once under their own rules
 * (情報セキュリティポリシー); the defaults below (ministry 5 days, CISO 1 day) follow that practice and
 * are the only place to change them. The CISO is also told of every high or critical incident.
 */
import type { PersonalDataKind, Severity } from './rules.ts';

export const OBLIGATION_KINDS = ['ppc_preliminary', 'ppc_final', 'mext', 'ciso'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export const OBLIGATION_LABELS: Record<ObligationKind, { ja: string; en: string }> = {
  ppc_preliminary: { ja: '個人情報保護委員会への速報', en: 'Preliminary report to the PPC' },
  ppc_final: { ja: '個人情報保護委員会への確報', en: 'Final report to the PPC' },
  mext: { ja: '文部科学省への報告', en: 'Report to MEXT' },
  ciso: { ja: '最高情報セキュリティ責任者（CISO）への報告', en: 'Report to the CISO' },
};

export const DAYS = { ppcPreliminaryTarget: 3, ppcPreliminary: 5, ppcFinal: 30, ppcFinalUnauthorisedPurpose: 60, mext: 5, ciso: 1 } as const;

export interface PersonalDataFacts {
  involved: boolean;
  /** Number of people affected (本人の数); null when unknown. */
  count: number | null;
  kinds: readonly PersonalDataKind[];
  /** The leak may have been done for an unauthorised purpose (不正の目的: attacks, insider theft). */
  unauthorisedPurpose: boolean;
}

/** Which cases of 施行規則第7条 apply (1-4); empty: no report to the PPC is required by law. */
export function ppcCases(p: PersonalDataFacts): number[] {
  if (!p.involved) return [];
  const cases: number[] = [];
  if (p.kinds.includes('sensitive') || p.kinds.includes('health')) cases.push(1);
  if (p.kinds.includes('financial')) cases.push(2);
  if (p.unauthorisedPurpose) cases.push(3);
  if (p.count !== null && p.count > 1000) cases.push(4);
  return cases;
}

const JST_MS = 9 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The end (24:00 JST) of the n-th day after the day (JST) of `from`. */
export function endOfNthDayJst(from: Date, n: number): Date {
  const jst = new Date(from.getTime() + JST_MS);
  const midnightJst = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate());
  return new Date(midnightJst + (n + 1) * DAY_MS - JST_MS);
}

export interface Obligation {
  kind: ObligationKind;
  dueAt: Date;
  /** When it should ideally be done (the PPC preliminary report: 3 days); otherwise the deadline. */
  targetAt: Date;
  basis: string;
}

/** The reports an incident owes, from the moment the institution became aware of it. */
export function obligations(awareAt: Date, p: PersonalDataFacts, severity: Severity | null): Obligation[] {
  const out: Obligation[] = [];
  const cases = ppcCases(p);
  if (cases.length) {
    const pre = endOfNthDayJst(awareAt, DAYS.ppcPreliminary);
    out.push({ kind: 'ppc_preliminary', dueAt: pre, targetAt: endOfNthDayJst(awareAt, DAYS.ppcPreliminaryTarget), basis: `個人情報保護法第26条第1項・施行規則第7条第${cases.join('・')}号・第8条第1項（速やかに、概ね3～5日以内）` });
    const finalDays = cases.includes(3) ? DAYS.ppcFinalUnauthorisedPurpose : DAYS.ppcFinal;
    const fin = endOfNthDayJst(awareAt, finalDays);
    out.push({ kind: 'ppc_final', dueAt: fin, targetAt: fin, basis: `施行規則第8条第2項（知った日から${finalDays}日以内${cases.includes(3) ? '、不正の目的のおそれがある事態' : ''}）` });
  }
  if (p.involved) {
    const d = endOfNthDayJst(awareAt, DAYS.mext);
    out.push({ kind: 'mext', dueAt: d, targetAt: d, basis: '個人情報を含むインシデントの文部科学省への報告（速やかに。既定 5 日）' });
  }
  if (p.involved || severity === 'high' || severity === 'critical') {
    const d = endOfNthDayJst(awareAt, DAYS.ciso);
    out.push({ kind: 'ciso', dueAt: d, targetAt: d, basis: '情報セキュリティポリシーによる CISO への報告（直ちに。既定 1 日）' });
  }
  return out;
}

/** Overdue: not done and past its deadline. */
export function isOverdue(o: { dueAt: Date | string; doneAt: string | Date | null }, now: Date): boolean {
  return o.doneAt === null && new Date(o.dueAt).getTime() < now.getTime();
}
