/**
 * Rules of audits (mutual, internal, follow-up) on the assessments engine: states and their
 * order, who sees what when (access windows), ratings, findings and their progress, the
 * consortium-wide anonymous aggregates, and the yearly rotation of mutual audit pairs.
 * Pure: no I/O.
 */
import { compareChapters } from './rules.ts';

export const AUDIT_KINDS = ['mutual', 'internal', 'follow_up'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_STATES = ['planned', 'fieldwork', 'reporting', 'response', 'closed'] as const;
export type AuditState = (typeof AUDIT_STATES)[number];

/** 適合 / 軽微な不適合 / 重大な不適合 / 観察事項 / 良好事例 */
export const AUDIT_RATINGS = ['conforming', 'minor_nc', 'major_nc', 'observation', 'good_practice'] as const;
export type AuditRating = (typeof AUDIT_RATINGS)[number];

/** Findings are raised for what needs an answer from the auditee. */
export const FINDING_CATEGORIES = ['minor_nc', 'major_nc', 'observation'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

/** open → in_progress → done (the auditee), then closed when auditors verify it (in a follow-up). */
export const FINDING_STATES = ['open', 'in_progress', 'done', 'closed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

export const AUDIT_KIND_LABELS: Record<AuditKind, { ja: string; en: string }> = {
  mutual: { ja: '相互監査', en: 'mutual audit' },
  internal: { ja: '内部監査', en: 'internal audit' },
  follow_up: { ja: 'フォローアップ監査', en: 'follow-up audit' },
};

export const AUDIT_STATE_LABELS: Record<AuditState, { ja: string; en: string }> = {
  planned: { ja: '計画', en: 'planned' },
  fieldwork: { ja: '実査', en: 'fieldwork' },
  reporting: { ja: '報告書作成', en: 'reporting' },
  response: { ja: '被監査側の回答', en: 'response' },
  closed: { ja: '完了', en: 'closed' },
};

export const RATING_LABELS: Record<AuditRating, { ja: string; en: string }> = {
  conforming: { ja: '適合', en: 'Conforming' },
  minor_nc: { ja: '軽微な不適合', en: 'Minor nonconformity' },
  major_nc: { ja: '重大な不適合', en: 'Major nonconformity' },
  observation: { ja: '観察事項', en: 'Observation' },
  good_practice: { ja: '良好事例', en: 'Good practice' },
};

export const FINDING_STATE_LABELS: Record<FindingState, { ja: string; en: string }> = {
  open: { ja: '未対応', en: 'open' },
  in_progress: { ja: '是正中', en: 'in progress' },
  done: { ja: '是正完了（確認待ち）', en: 'done (awaiting verification)' },
  closed: { ja: '確認済み', en: 'closed' },
};

export interface AuditViolation {
  kind: 'conflict' | 'validation' | 'forbidden';
  message: string;
  field?: string;
}

const v = (kind: AuditViolation['kind'], ja: string, en: string, field?: string): AuditViolation => ({ kind, message: `${ja} / ${en}`, ...(field ? { field } : {}) });

/** Strictly in order: planned → fieldwork → reporting → response → closed. */
export function auditTransition(from: AuditState, to: AuditState): AuditViolation | null {
  const i = AUDIT_STATES.indexOf(from);
  if (AUDIT_STATES[i + 1] === to) return null;
  return v(
    'conflict',
    `監査を「${AUDIT_STATE_LABELS[from].ja}」から「${AUDIT_STATE_LABELS[to].ja}」にはできません（計画 → 実査 → 報告書作成 → 被監査側の回答 → 完了の順です）`,
    `An audit cannot go from ${from} to ${to} (planned → fieldwork → reporting → response → closed)`,
  );
}

/** What starting the fieldwork needs: a scope, and for audits between institutions the scope agreed by both sides. */
export function canStartFieldwork(a: { items: number; external: boolean; auditorAccepted: boolean; auditeeAccepted: boolean }): AuditViolation | null {
  if (a.items === 0) return v('conflict', '監査範囲に項目がないため実査を開始できません', 'The scope has no items');
  if (a.external && !(a.auditorAccepted && a.auditeeAccepted)) {
    return v('conflict', '監査範囲が双方（監査する機関と監査を受ける機関）で合意されていないため実査を開始できません', 'Both institutions must accept the scope before the fieldwork starts');
  }
  return null;
}

/** Closing needs an answer and a corrective action plan for every nonconformity. */
export function canClose(findings: readonly { category: FindingCategory; response: string | null; actionWhat: string | null; actionDue: string | null }[]): AuditViolation | null {
  const missing = findings.filter((f) => f.category !== 'observation' && (!f.response?.trim() || !f.actionWhat?.trim() || !f.actionDue)).length;
  if (!missing) return null;
  return v('conflict', `不適合の指摘 ${missing} 件に被監査側の回答と是正計画（内容・担当・期限）がないため完了できません`, `${missing} nonconformities have no response and corrective action plan yet`);
}

/** Who someone is to an audit; computed by the service from the team, the roles and the institutions. */
export interface AuditRoleFacts {
  state: AuditState;
  /** On the audit team (lead or member). */
  team: boolean;
  lead: boolean;
  /** Administrator, CISO or coordinator of the audited institution. */
  auditeeManager: boolean;
  /** Administrator, CISO or coordinator of the auditing institution (for internal audits the same people as above). */
  auditingManager: boolean;
}

export interface AuditAccess {
  /** The audit exists for this person (otherwise 404). */
  see: boolean;
  /** The auditee's material: evidence provided, requests, notes, ratings, findings. */
  material: boolean;
  /**
   * The team's working papers (ratings and review/hearing notes): the team in its window; the
   * auditee only once the report is issued, so it never reads draft ratings that may still change.
   */
  workingPapers: boolean;
  /** Write notes, ratings, requests and findings (the team during fieldwork and reporting). */
  audit: boolean;
  /** Answer requests and findings (the auditee). */
  respond: boolean;
}

/**
 * Access windows. The auditee keeps its own audit record for good. The audit team sees the plan
 * while it is being prepared, the auditee's material only from the start of the fieldwork until
 * the auditee's response, and nothing once the audit is closed. The auditing institution's
 * managers see the plan and scope (to agree it) until the audit closes, never the material.
 */
export function auditAccess(f: AuditRoleFacts): AuditAccess {
  const open = f.state !== 'closed';
  const window = f.state === 'fieldwork' || f.state === 'reporting' || f.state === 'response';
  const teamSees = f.team && open;
  const see = f.auditeeManager || teamSees || (f.auditingManager && open);
  return {
    see,
    material: f.auditeeManager || (f.team && window),
    workingPapers: (f.team && window) || (f.auditeeManager && (f.state === 'response' || f.state === 'closed')),
    audit: f.team && (f.state === 'fieldwork' || f.state === 'reporting'),
    respond: f.auditeeManager && open,
  };
}

/** The auditee provides evidence while the auditors are at work. */
export function canProvideEvidence(state: AuditState): AuditViolation | null {
  if (state === 'fieldwork' || state === 'reporting') return null;
  return v('conflict', `「${AUDIT_STATE_LABELS[state].ja}」の監査には証跡を提出できません（実査中と報告書作成中のみ）`, `Evidence is provided during fieldwork and reporting (the audit is ${state})`);
}

/** Ratings and notes during fieldwork; findings also while the report is written. */
export function canRate(state: AuditState): AuditViolation | null {
  if (state === 'fieldwork' || state === 'reporting') return null;
  return v('conflict', `「${AUDIT_STATE_LABELS[state].ja}」の監査では評価・記録を変更できません（実査中と報告書作成中のみ）`, `Ratings and notes change only during fieldwork and reporting (the audit is ${state})`);
}

/** The auditee answers findings with a response and a corrective action plan once the report is issued. */
export function canRespond(state: AuditState): AuditViolation | null {
  if (state === 'response') return null;
  return v('conflict', `「${AUDIT_STATE_LABELS[state].ja}」の監査の指摘には回答できません（報告書の発行後、被監査側の回答期間のみ）`, `Findings are answered after the report is issued (the audit is ${state})`);
}

/**
 * Progress of a finding. The auditee moves it open → in_progress → done (and back while working);
 * only auditors close it (verification), or send a done finding back to in_progress.
 */
export function findingTransition(from: FindingState, to: FindingState, by: 'auditee' | 'auditor'): AuditViolation | null {
  if (from === to) return null;
  const allowed: Record<'auditee' | 'auditor', Record<FindingState, FindingState[]>> = {
    auditee: { open: ['in_progress', 'done'], in_progress: ['open', 'done'], done: ['in_progress'], closed: [] },
    auditor: { open: [], in_progress: [], done: ['closed', 'in_progress'], closed: [] },
  };
  if (allowed[by][from].includes(to)) return null;
  if (to === 'closed' && by === 'auditee') return v('forbidden', '指摘の完了確認は監査員が行います', 'Only auditors close a finding, after verifying the correction');
  return v('conflict', `指摘を「${FINDING_STATE_LABELS[from].ja}」から「${FINDING_STATE_LABELS[to].ja}」にはできません`, `A finding cannot go from ${from} to ${to}`);
}

/** At least this many institutions must contribute before any consortium-wide figure is shown. */
export const MIN_CONTRIBUTORS = 3;

export interface RatedItem {
  institutionId: string;
  chapter: string;
  rating: AuditRating;
}

export interface ChapterAggregate {
  chapter: string;
  contributors: number;
  rated: number;
  /** Share of rated items found 適合 (conforming; 良好事例 counts as conforming too). */
  conformingShare: number;
  shares: Record<AuditRating, number>;
}

/**
 * Anonymous consortium aggregates per chapter. Nothing is returned unless MIN_CONTRIBUTORS
 * institutions contribute overall, and a chapter is left out unless as many contribute to it,
 * so that no single member's result can be read off or subtracted.
 */
export function consortiumAggregates(rated: readonly RatedItem[], min = MIN_CONTRIBUTORS): { contributors: number; available: boolean; chapters: ChapterAggregate[] } {
  const all = new Set(rated.map((r) => r.institutionId));
  if (all.size < min) return { contributors: all.size, available: false, chapters: [] };
  const byChapter = new Map<string, RatedItem[]>();
  for (const r of rated) byChapter.set(r.chapter, [...(byChapter.get(r.chapter) ?? []), r]);
  const chapters: ChapterAggregate[] = [];
  for (const [chapter, rows] of byChapter) {
    const contributors = new Set(rows.map((r) => r.institutionId)).size;
    if (contributors < min) continue;
    const shares = Object.fromEntries(AUDIT_RATINGS.map((k) => [k, round(rows.filter((r) => r.rating === k).length / rows.length)])) as Record<AuditRating, number>;
    const conforming = rows.filter((r) => r.rating === 'conforming' || r.rating === 'good_practice').length;
    chapters.push({ chapter, contributors, rated: rows.length, conformingShare: round(conforming / rows.length), shares });
  }
  chapters.sort((a, b) => compareChapters(a.chapter, b.chapter));
  return { contributors: all.size, available: true, chapters };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export interface Pair {
  auditor: string;
  auditee: string;
}

/** Pairs of a year plan: nobody audits themselves, each pair once. */
export function checkPairs(pairs: readonly Pair[], members: ReadonlySet<string>): AuditViolation | null {
  const seen = new Set<string>();
  for (const [i, p] of pairs.entries()) {
    if (!members.has(p.auditor) || !members.has(p.auditee)) return v('validation', '相互監査の組み合わせには加盟機関を指定してください', 'Pairs are made of member institutions', `body.pairs.${i}`);
    if (p.auditor === p.auditee) return v('conflict', '自機関を監査する組み合わせは作れません', 'An institution cannot audit itself', `body.pairs.${i}`);
    const key = `${p.auditor}>${p.auditee}`;
    if (seen.has(key)) return v('validation', '同じ組み合わせが重複しています', 'The same pair is listed twice', `body.pairs.${i}`);
    seen.add(key);
  }
  return null;
}

/**
 * Next year's pairs from last year's: every member audits one other and is audited by one, nobody
 * audits the same auditee as last year when that can be avoided, and two members auditing each
 * other in the same year is avoided when possible. Members are ordered (e.g. by code) so the
 * proposal is stable; rotations of that order are tried first, then a bounded search.
 */
export function proposeRotation(members: readonly string[], lastYear: readonly Pair[]): Pair[] {
  const n = members.length;
  if (n < 2) return [];
  const last = new Set(lastYear.map((p) => `${p.auditor}>${p.auditee}`));
  const cost = (pairs: Pair[]) => {
    const keys = new Set(pairs.map((p) => `${p.auditor}>${p.auditee}`));
    const repeats = pairs.filter((p) => last.has(`${p.auditor}>${p.auditee}`)).length;
    const mutual = pairs.filter((p) => keys.has(`${p.auditee}>${p.auditor}`)).length;
    return repeats * 1000 + (n > 2 ? mutual : 0);
  };
  let best: Pair[] = [];
  let bestCost = Number.POSITIVE_INFINITY;
  for (let k = 1; k < n; k++) {
    const pairs = members.map((m, i) => ({ auditor: m, auditee: members[(i + k) % n]! }));
    const c = cost(pairs);
    if (c < bestCost) [best, bestCost] = [pairs, c];
  }
  if (bestCost === 0) return best;
  // A bounded search over assignments for one without repeats (and, if possible, without mutual pairs).
  let nodes = 0;
  const auditeeOf = new Map<string, string>();
  const taken = new Set<string>();
  const search = (i: number): void => {
    if (bestCost === 0 || ++nodes > 200_000) return;
    if (i === n) {
      const pairs = members.map((m) => ({ auditor: m, auditee: auditeeOf.get(m)! }));
      const c = cost(pairs);
      if (c < bestCost) [best, bestCost] = [pairs, c];
      return;
    }
    const auditor = members[i]!;
    for (const auditee of members) {
      if (auditee === auditor || taken.has(auditee) || last.has(`${auditor}>${auditee}`)) continue;
      taken.add(auditee);
      auditeeOf.set(auditor, auditee);
      search(i + 1);
      taken.delete(auditee);
      auditeeOf.delete(auditor);
    }
  };
  search(0);
  return best;
}
