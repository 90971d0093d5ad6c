/**
 * Incident handling inside an institution: categories, severities, the order of states, what
 * personal data involvement means, and the public report form's limits. Pure: no I/O.
 */

export const INCIDENT_CATEGORIES = [
  'phishing', 'account_takeover', 'malware_ransomware', 'unauthorised_access', 'vulnerability_exploited', 'dos',
  'information_leak', 'misdirected_mail', 'lost_device', 'web_defacement', 'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<IncidentCategory, { ja: string; en: string }> = {
  phishing: { ja: 'フィッシング', en: 'Phishing' },
  account_takeover: { ja: 'アカウント乗っ取り', en: 'Account takeover' },
  malware_ransomware: { ja: 'マルウェア・ランサムウェア', en: 'Malware / ransomware' },
  unauthorised_access: { ja: '不正アクセス', en: 'Unauthorised access' },
  vulnerability_exploited: { ja: '脆弱性の悪用', en: 'Exploited vulnerability' },
  dos: { ja: 'DoS攻撃', en: 'Denial of service' },
  information_leak: { ja: '情報漏えい', en: 'Information leak' },
  misdirected_mail: { ja: 'メール誤送信', en: 'Misdirected e-mail' },
  lost_device: { ja: '端末の紛失・盗難', en: 'Lost or stolen device' },
  web_defacement: { ja: 'Web改ざん', en: 'Web defacement' },
  other: { ja: 'その他', en: 'Other' },
};

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, { ja: string; en: string }> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '緊急', en: 'Critical' },
};

/** new → triage → handling → recovery → closed, one step at a time; a report found not to be an incident closes from triage. */
export const INCIDENT_STATES = ['new', 'triage', 'handling', 'recovery', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export const STATE_LABELS: Record<IncidentState, { ja: string; en: string }> = {
  new: { ja: '新規', en: 'New' },
  triage: { ja: 'トリアージ', en: 'Triage' },
  handling: { ja: '対応中', en: 'Handling' },
  recovery: { ja: '復旧', en: 'Recovery' },
  closed: { ja: '完了', en: 'Closed' },
};

export interface RuleViolation {
  kind: 'conflict' | 'validation';
  message: string;
  field?: string;
}

export interface TransitionFacts {
  isIncident: boolean | null;
  category: string | null;
  severity: string | null;
}

export function incidentTransition(from: IncidentState, to: IncidentState, f: TransitionFacts): RuleViolation | null {
  const i = INCIDENT_STATES.indexOf(from);
  const j = INCIDENT_STATES.indexOf(to);
  const name = (s: IncidentState) => `${STATE_LABELS[s].ja}（${s}）`;
  if (from === 'closed') return { kind: 'conflict', message: `完了したインシデントの状態は変えられません / A closed incident cannot change state` };
  if (from === 'triage' && to === 'closed') {
    return f.isIncident === false ? null : { kind: 'conflict', message: 'トリアージから完了にできるのは「インシデントではない」と判断したときだけです。先に対応・復旧を経てください / Only a report judged not to be an incident closes from triage' };
  }
  if (j !== i + 1) {
    return { kind: 'conflict', message: `${name(from)}から${name(to)}へは移せません。次の状態は${name(INCIDENT_STATES[i + 1]!)}です / Cannot move from ${from} to ${to}; the next state is ${INCIDENT_STATES[i + 1]}` };
  }
  if (to === 'handling') {
    if (f.isIncident !== true) return { kind: 'conflict', message: '対応に進む前に、トリアージでインシデントと判断してください / Decide in triage that this is an incident first' };
    if (!f.category || !f.severity) return { kind: 'conflict', message: '対応に進む前に、分類と深刻度を決めてください / Set the category and severity first' };
  }
  return null;
}

/** Triage fields can be changed until the incident is closed. */
export function editable(state: IncidentState): RuleViolation | null {
  return state === 'closed' ? { kind: 'conflict', message: '完了したインシデントは変更できません / A closed incident cannot be changed' } : null;
}

/** Kinds of personal data involved; the first two make a report to the PPC mandatory whatever the number of people. */
export const PERSONAL_DATA_KINDS = ['sensitive', 'financial', 'general', 'student_records', 'health', 'contact'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];
export const PERSONAL_DATA_KIND_LABELS: Record<PersonalDataKind, { ja: string; en: string }> = {
  sensitive: { ja: '要配慮個人情報', en: 'Special care-required personal information' },
  financial: { ja: '財産的被害のおそれがある情報（クレジットカード番号等）', en: 'Data whose misuse may cause financial damage (card numbers etc.)' },
  general: { ja: '氏名・所属等の一般的な個人情報', en: 'Ordinary personal data (names, affiliations)' },
  student_records: { ja: '成績・学籍情報', en: 'Grades and student records' },
  health: { ja: '健康診断・病歴', en: 'Health records' },
  contact: { ja: '住所・電話番号・メールアドレス', en: 'Addresses, phone numbers, e-mail addresses' },
};

export const TASK_PHASES = ['containment', 'eradication', 'recovery', 'other'] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];
export const TASK_STATES = ['open', 'done', 'cancelled'] as const;

export const TIMELINE_KINDS = ['note', 'action', 'decision', 'containment', 'eradication', 'recovery', 'communication'] as const;

export const LEARNING_KINDS = ['lesson', 'near_miss'] as const;

/** Public form: so many reports per address in a window, then 429 until the window has passed. */
export interface RateRule {
  max: number;
  windowMinutes: number;
}
export const PUBLIC_REPORT_RULE: RateRule = { max: 5, windowMinutes: 60 };

/** Whether one more report is allowed, given the times of earlier reports from the same address. */
export function publicReportAllowed(earlier: readonly Date[], now: Date, rule: RateRule = PUBLIC_REPORT_RULE): { ok: true } | { ok: false; retryAfterSeconds: number } {
  const from = now.getTime() - rule.windowMinutes * 60_000;
  const recent = earlier.map((d) => d.getTime()).filter((t) => t > from && t <= now.getTime()).sort((a, b) => a - b);
  if (recent.length < rule.max) return { ok: true };
  const oldest = recent[recent.length - rule.max]!;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + rule.windowMinutes * 60_000 - now.getTime()) / 1000)) };
}

/**
 * Receipt numbers: `R-2026-000123`, the JST calendar year and six random digits, unique per
 * institution. Random rather than sequential, so a receipt says nothing about how many reports
 * this or any other institution has received.
 */
export function receiptNumber(now: Date, random: () => number): string {
  const year = new Date(now.getTime() + 9 * 3600_000).getUTCFullYear();
  return `R-${year}-${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
}

/** Internal reference of an incident for its handlers: `INC-2026-0007`, by fiscal year, per institution. */
export function incidentRef(fiscalYear: number, seq: number): string {
  return `INC-${fiscalYear}-${String(seq).padStart(4, '0')}`;
}

export { median } from '../stats.ts';
