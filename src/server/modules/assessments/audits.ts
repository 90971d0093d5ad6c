/**
 * Audits (監査: mutual, internal, follow-up) on the assessments engine: the consortium's yearly
 * mutual audit plan (pairs, rotation), setting an audit up (auditee, team, scope copied from a
 * checklist template, plan), the scope agreed by both institutions, and the states
 * planned → fieldwork → reporting → response → closed. Fieldwork, findings and the consortium
 * view are in audits-fieldwork.ts. Who sees what, and when, is decided by auditAccess (core).
 */
import {
  type AuditKind, type AuditState, type AuditViolation, AUDIT_KIND_LABELS, AUDIT_STATE_LABELS, auditAccess, auditTransition, canClose, canStartFieldwork, checkPairs,
  proposeRotation,
} from '../../../core/assessments/audits.ts';
import { type IndependenceViolation, type TeamMemberFacts, checkTeam, citationKey } from '../../../core/assessments/independence.ts';
import { chapterOf, deadlineInstant, isCalendarDate } from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import type { Db, Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyUsers, registerEventTypes } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import { getChecklist } from '../catalogs/service.ts';
import { denied } from './context.ts';
import * as arepo from './audits-repo.ts';
import * as repo from './repo.ts';

registerEventTypes(
  { type: 'audits.report', labelJa: '監査報告書の発行（自機関が監査を受けたとき）', labelEn: 'Audit reports issued to your institution' },
);

type Q = Db | Trx;

export const auditNotFound = () => new AppError('not_found', '監査が見つかりません / Audit not found');

export function failAudit(v: AuditViolation | IndependenceViolation | null): void {
  if (v) throw new AppError(v.kind, v.message, v.field ? [{ path: v.field, message: v.message }] : []);
}

const json = <T>(s: string) => JSON.parse(s) as T;

export interface Hearing {
  at: string;
  topic: string;
  attendees?: string | undefined;
}

export interface AuditContext {
  row: repo.AssessmentRow;
  audit: arepo.AuditRow;
  team: arepo.TeamRow[];
  state: AuditState;
  kind: AuditKind;
  /** Done by another institution (mutual audits and their follow-ups). */
  external: boolean;
  isTeam: boolean;
  isLead: boolean;
  auditeeManager: boolean;
  auditingManager: boolean;
  access: ReturnType<typeof auditAccess>;
}

/** Loads an audit for an actor; outside the access window (or outside the audit altogether) it does not exist. */
export async function auditFor(q: Q, actor: Actor, id: string): Promise<AuditContext> {
  const row = await repo.findAssessment(q, id);
  if (!row || !arepo.AUDIT_KIND_VALUES.includes(row.kind) || !actor.userId) throw auditNotFound();
  const audit = await arepo.findAudit(q, id);
  if (!audit) throw auditNotFound();
  const team = await arepo.teamOf(q, id);
  const me = team.find((t) => t.user_id === actor.userId);
  const state = row.status as AuditState;
  const facts = {
    state, team: !!me, lead: me?.role === 'lead',
    auditeeManager: can.runAudits(actor, row.institution_id),
    auditingManager: can.runAudits(actor, audit.auditing_institution_id),
  };
  const access = auditAccess(facts);
  if (!access.see) throw auditNotFound();
  return {
    row, audit, team, state, kind: row.kind as AuditKind, external: audit.auditing_institution_id !== row.institution_id,
    isTeam: facts.team, isLead: facts.lead, auditeeManager: facts.auditeeManager, auditingManager: facts.auditingManager, access,
  };
}

/** The lead auditor, or a manager of the auditing institution, runs the audit. */
const runsAudit = (c: AuditContext) => c.isLead || c.auditingManager;

function checkDate(value: string, field: string) {
  if (!isCalendarDate(value)) throw new AppError('validation', `日付「${value}」が正しくありません / Not a valid date`, [{ path: field, message: 'not a calendar date' }]);
}

function checkPlanDates(start: string, end: string) {
  checkDate(start, 'body.startDate');
  checkDate(end, 'body.endDate');
  if (end < start) throw new AppError('validation', '実査の終了日は開始日以降にしてください / The end date must not be before the start date', [{ path: 'body.endDate', message: 'before startDate' }]);
}

function checkHearings(hearings: readonly Hearing[]) {
  const bad = hearings.findIndex((h) => Number.isNaN(new Date(h.at).getTime()));
  if (bad >= 0) throw new AppError('validation', 'ヒアリングの日時が正しくありません / Not a valid hearing time', [{ path: `body.hearings.${bad}.at`, message: 'not a date-time' }]);
}

// Year plans of mutual audits

async function namesOfInstitutions(q: Q) {
  return new Map((await arepo.memberInstitutions(q)).map((i) => [i.id, i]));
}

function pairView(p: arepo.PairRow, inst: Map<string, { code: string; name_ja: string; name_en: string }>) {
  const named = (id: string) => ({ id, code: inst.get(id)?.code ?? null, nameJa: inst.get(id)?.name_ja ?? null, nameEn: inst.get(id)?.name_en ?? null });
  return { id: p.id, auditor: named(p.auditor_institution_id), auditee: named(p.auditee_institution_id), auditId: p.audit_id };
}

/** Next year's pairs proposed from the previous fiscal year's plan: nobody audits the same auditee twice in a row when avoidable. */
export async function proposePlan(deps: Deps, actor: Actor, fiscalYear: number) {
  if (!can.planMutualAudits(actor)) throw denied();
  const inst = await namesOfInstitutions(deps.db);
  const previous = await arepo.findPlanOfYear(deps.db, fiscalYear - 1);
  const last = previous ? await arepo.pairsOf(deps.db, [previous.id]) : [];
  const pairs = proposeRotation([...inst.keys()], last.map((p) => ({ auditor: p.auditor_institution_id, auditee: p.auditee_institution_id })));
  return {
    fiscalYear, previousPlanId: previous?.id ?? null,
    previous: last.map((p) => pairView(p, inst)),
    pairs: pairs.map((p) => pairView({ id: '', plan_id: '', auditor_institution_id: p.auditor, auditee_institution_id: p.auditee, audit_id: null }, inst)).map(({ id: _id, auditId: _a, ...rest }) => rest),
  };
}

export async function createPlan(deps: Deps, actor: Actor, input: { fiscalYear: number; note?: string | undefined; pairs: { auditorInstitutionId: string; auditeeInstitutionId: string }[] }) {
  if (!can.planMutualAudits(actor) || !actor.userId) throw denied();
  const now = deps.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const inst = await namesOfInstitutions(trx);
    failAudit(checkPairs(input.pairs.map((p) => ({ auditor: p.auditorInstitutionId, auditee: p.auditeeInstitutionId })), new Set(inst.keys())));
    const pairs = input.pairs.map((p) => ({ id: newId(), plan_id: id, auditor_institution_id: p.auditorInstitutionId, auditee_institution_id: p.auditeeInstitutionId, audit_id: null }));
    if (!(await arepo.insertPlan(trx, { id, fiscal_year: input.fiscalYear, note: input.note ?? null, created_by: actor.userId!, created_at: now }, pairs))) {
      throw new AppError('conflict', `${input.fiscalYear}年度の相互監査計画はすでにあります / The plan for FY${input.fiscalYear} exists already`);
    }
    await recordAudit(trx, actor, {
      action: 'audit_plan.create', objectType: 'audit_plan', objectId: id, institutionId: null,
      changes: { fiscalYear: input.fiscalYear, pairs: pairs.map((p) => ({ auditor: inst.get(p.auditor_institution_id)?.code, auditee: inst.get(p.auditee_institution_id)?.code })) },
    }, deps.now());
  });
  return (await listPlans(deps, actor, input.fiscalYear))[0]!;
}

/** Planners see every pair; members' managers the pairs their institution is part of. */
export async function listPlans(deps: Deps, actor: Actor, fiscalYear?: number) {
  const planner = can.planMutualAudits(actor);
  const member = actor.institutionId && can.runAudits(actor, actor.institutionId) ? actor.institutionId : null;
  if (!planner && !member) throw denied();
  const rows = await arepo.plans(deps.db, fiscalYear);
  const pairs = await arepo.pairsOf(deps.db, rows.map((r) => r.id));
  const inst = await namesOfInstitutions(deps.db);
  return rows.map((r) => ({
    id: r.id, fiscalYear: r.fiscal_year, note: r.note, createdAt: r.created_at,
    pairs: pairs.filter((p) => p.plan_id === r.id && (planner || p.auditor_institution_id === member || p.auditee_institution_id === member)).map((p) => pairView(p, inst)),
  }));
}

// Setting up an audit

export interface TeamInput {
  userId: string;
  role: 'lead' | 'member';
  /** The member's own areas of responsibility (departments). */
  departments?: string[] | undefined;
}

export interface CreateAuditInput {
  kind: AuditKind;
  title: string;
  fiscalYear?: number | undefined;
  templateId?: string | undefined;
  pairId?: string | undefined;
  auditeeDepartment?: string | undefined;
  previousAuditId?: string | undefined;
  team: TeamInput[];
  startDate: string;
  endDate: string;
  documents?: string[] | undefined;
  hearings?: Hearing[] | undefined;
}

/** Each team member with their institution and areas of responsibility (declared, and from the auditee's self-inspection of the year). */
async function teamFacts(q: Q, team: readonly TeamInput[], auditeeInstitutionId: string, fiscalYear: number): Promise<TeamMemberFacts[]> {
  const facts = await arepo.selfInspectionFacts(q, auditeeInstitutionId, fiscalYear);
  const out: TeamMemberFacts[] = [];
  for (const [i, t] of team.entries()) {
    const u = await repo.findUser(q, t.userId);
    if (!u || u.status !== 'active') throw new AppError('validation', '監査員に指定された人は有効な利用者ではありません / A team member is not an active user', [{ path: `body.team.${i}.userId`, message: 'not an active user' }]);
    const roles = new Set(facts.roles.filter((r) => r.id === u.id).map((r) => r.role));
    const derived = [
      ...facts.answers.filter((a) => a.respondent_id === u.id).map((a) => a.department),
      ...facts.assignments.filter((a) => a.user_id === u.id || (a.role !== null && roles.has(a.role))).map((a) => a.department),
    ].filter((d): d is string => !!d);
    out.push({ userId: u.id, name: u.display_name, institutionId: u.institution_id, departments: [...new Set([...(t.departments ?? []), ...derived])] });
  }
  return out;
}

function checkTeamShape(team: readonly TeamInput[]) {
  if (team.filter((t) => t.role === 'lead').length !== 1) {
    throw new AppError('validation', '監査チームには主任監査員を1人だけ指定してください / Name exactly one lead auditor', [{ path: 'body.team', message: 'exactly one lead' }]);
  }
  if (new Set(team.map((t) => t.userId)).size !== team.length) throw new AppError('validation', '監査チームに同じ人が重複しています / A person is listed twice', [{ path: 'body.team', message: 'duplicate member' }]);
}

async function templateItems(deps: Deps, actor: Actor, templateId: string | undefined, auditId: string): Promise<{ templateId: string; items: repo.ItemRow[] }> {
  if (!templateId) throw new AppError('validation', '監査範囲にするチェックリストの雛形を指定してください / Give the checklist template for the scope', [{ path: 'body.templateId', message: 'required' }]);
  try {
    const t = await getChecklist(deps, actor, templateId);
    return { templateId: t.id, items: t.items.map((i, ord) => ({ id: newId(), assessment_id: auditId, ord, citation: i.citation, chapter: chapterOf(i.citation), heading: i.heading, text: i.text })) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('validation', 'チェックリストの雛形が見つかりません / Checklist template not found', [{ path: 'body.templateId', message: 'not found' }]);
    throw err;
  }
}

/**
 * Sets an audit up in the planned state. Mutual: by the auditing institution's managers for a pair
 * of the year's plan. Internal: by the institution's managers for one of its departments.
 * Follow-up: by the managers who ran the previous audit, starting with its open findings.
 */
export async function createAudit(deps: Deps, actor: Actor, input: CreateAuditInput) {
  const institutionId = actor.institutionId;
  if (!institutionId || !actor.userId || !can.runAudits(actor, institutionId)) throw denied();
  checkTeamShape(input.team);
  checkPlanDates(input.startDate, input.endDate);
  checkHearings(input.hearings ?? []);
  const id = newId();
  const now = deps.now().toISOString();
  // The template is read before the transaction (the catalog service reads through deps.db).
  const scope = input.kind === 'follow_up' ? null : await templateItems(deps, actor, input.templateId, id);

  await deps.db.transaction().execute(async (trx) => {
    let auditee: string;
    let fiscalYear: number;
    let department: string | null = null;
    let pairId: string | null = null;
    let previous: { row: repo.AssessmentRow; audit: arepo.AuditRow } | null = null;
    if (input.kind === 'mutual') {
      if (!input.pairId) throw new AppError('validation', '相互監査は年度計画の組み合わせ（pairId）から作成します / A mutual audit is made for a pair of the year plan', [{ path: 'body.pairId', message: 'required' }]);
      const pair = await arepo.findPair(trx, input.pairId);
      const plan = pair ? await arepo.findPlan(trx, pair.plan_id) : undefined;
      if (!pair || !plan || pair.auditor_institution_id !== institutionId) {
        throw new AppError('validation', 'この組み合わせは自機関が監査する組み合わせではありません / This pair is not one your institution audits', [{ path: 'body.pairId', message: 'not a pair audited by your institution' }]);
      }
      if (pair.audit_id) throw new AppError('conflict', 'この組み合わせの監査はすでに作成されています / This pair has its audit already');
      auditee = pair.auditee_institution_id;
      fiscalYear = plan.fiscal_year;
      pairId = pair.id;
    } else if (input.kind === 'internal') {
      if (!input.fiscalYear) throw new AppError('validation', '年度を指定してください / Give the fiscal year', [{ path: 'body.fiscalYear', message: 'required' }]);
      auditee = institutionId;
      fiscalYear = input.fiscalYear;
      department = input.auditeeDepartment?.trim() || null;
    } else {
      if (!input.previousAuditId) throw new AppError('validation', 'フォローアップする監査（previousAuditId）を指定してください / Give the audit to follow up', [{ path: 'body.previousAuditId', message: 'required' }]);
      const prow = await repo.findAssessment(trx, input.previousAuditId);
      const paudit = prow && arepo.AUDIT_KIND_VALUES.includes(prow.kind) ? await arepo.findAudit(trx, prow.id) : undefined;
      if (!prow || !paudit || paudit.auditing_institution_id !== institutionId) {
        throw new AppError('validation', 'フォローアップする監査が見つかりません（自機関が行った監査を指定してください） / Audit to follow up not found', [{ path: 'body.previousAuditId', message: 'not found' }]);
      }
      if (prow.status !== 'response' && prow.status !== 'closed') {
        throw new AppError('conflict', 'フォローアップできるのは報告書を発行した監査です / Only an audit whose report was issued can be followed up');
      }
      if ((await arepo.openFollowUps(trx, prow.id)).length) {
        throw new AppError('conflict', 'この監査のフォローアップ監査はすでに進行中です / A follow-up of this audit is under way already');
      }
      previous = { row: prow, audit: paudit };
      auditee = prow.institution_id;
      fiscalYear = input.fiscalYear ?? prow.fiscal_year;
      department = paudit.auditee_department;
    }
    const team = await teamFacts(trx, input.team, auditee, fiscalYear);
    failAudit(checkTeam({ kind: input.kind, auditeeInstitutionId: auditee, auditingInstitutionId: institutionId, auditeeDepartment: department }, team));

    let items: repo.ItemRow[];
    let findings: arepo.FindingRow[] = [];
    if (previous) {
      const open = (await arepo.findingsOf(trx, previous.row.id)).filter((f) => f.status !== 'closed' && f.category !== 'observation');
      if (!open.length) throw new AppError('conflict', '前回の監査に未完了の指摘がないため、フォローアップ監査は不要です / The previous audit has no open findings');
      const prevItems = new Map((await repo.itemsOf(trx, previous.row.id)).map((i) => [i.id, i]));
      const itemFor = new Map<string, repo.ItemRow>();
      items = [];
      for (const f of open) {
        const src = f.item_id ? prevItems.get(f.item_id) : undefined;
        const key = citationKey(src?.citation ?? f.clause);
        if (!itemFor.has(key)) {
          const it = { id: newId(), assessment_id: id, ord: items.length, citation: src?.citation ?? f.clause, chapter: src?.chapter ?? chapterOf(f.clause), heading: src?.heading ?? null, text: src?.text ?? f.description };
          itemFor.set(key, it);
          items.push(it);
        }
      }
      findings = open.map((f) => ({
        ...f, id: newId(), assessment_id: id, item_id: itemFor.get(citationKey(prevItems.get(f.item_id ?? '')?.citation ?? f.clause))!.id,
        origin_finding_id: f.id, created_by: actor.userId!, created_at: now, updated_at: now, closed_at: null,
      }));
    } else {
      items = scope!.items;
    }
    const lead = input.team.find((t) => t.role === 'lead')!;
    const deadline = deadlineInstant(input.endDate)!.toISOString();
    const row: repo.AssessmentRow = {
      id, institution_id: auditee, kind: input.kind, title: input.title, fiscal_year: fiscalYear, template_id: scope?.templateId ?? previous?.row.template_id ?? null,
      owner_id: lead.userId, deadline, status: 'planned', remind_before_days: '[]', remind_after_days: '[]', created_by: actor.userId!, created_at: now, updated_at: now, opened_at: null, closed_at: null,
    };
    await repo.insertAssessment(trx, row, items);
    await arepo.insertAudit(trx, {
      assessment_id: id, auditing_institution_id: institutionId, auditee_department: department, pair_id: pairId, previous_audit_id: previous?.row.id ?? null,
      start_date: input.startDate, end_date: input.endDate, documents: JSON.stringify(input.documents ?? []), hearings: JSON.stringify(input.hearings ?? []), summary: null,
      auditor_accepted_by: null, auditor_accepted_at: null, auditee_accepted_by: null, auditee_accepted_at: null,
    }, input.team.map((t, i) => ({ assessment_id: id, user_id: t.userId, role: t.role, departments: JSON.stringify(team[i]!.departments) })));
    await arepo.insertFindings(trx, findings);
    if (pairId && !(await arepo.claimPair(trx, pairId, id))) throw new AppError('conflict', 'この組み合わせの監査はすでに作成されています / This pair has its audit already');
    await recordAudit(trx, actor, {
      action: 'audit.create', objectType: 'audit', objectId: id, institutionId: auditee,
      changes: { kind: input.kind, title: input.title, fiscalYear, auditingInstitutionId: institutionId, department, pairId, previousAuditId: previous?.row.id ?? null, items: items.length, team: input.team, carriedFindings: findings.length },
    }, deps.now());
    if (institutionId !== auditee) {
      await recordAudit(trx, actor, { action: 'audit.create', objectType: 'audit', objectId: id, institutionId, changes: { kind: input.kind, auditee, title: input.title } }, deps.now());
    }
  });
  return getAudit(deps, actor, id);
}

async function auditView(q: Q, c: AuditContext) {
  const [items, users, institutions] = await Promise.all([
    repo.itemsOf(q, c.row.id),
    Promise.all(c.team.map((t) => repo.findUser(q, t.user_id))),
    q.selectFrom('institutions').select(['id', 'name_ja', 'name_en']).where('id', 'in', [c.row.institution_id, c.audit.auditing_institution_id]).execute(),
  ]);
  const inst = new Map(institutions.map((i) => [i.id, { id: i.id, nameJa: i.name_ja, nameEn: i.name_en }]));
  const r = c.row;
  const a = c.audit;
  return {
    id: r.id, kind: c.kind, kindLabel: AUDIT_KIND_LABELS[c.kind].ja, title: r.title, fiscalYear: r.fiscal_year, templateId: r.template_id,
    status: c.state, statusLabel: AUDIT_STATE_LABELS[c.state].ja,
    auditee: { ...inst.get(r.institution_id)!, department: a.auditee_department }, auditing: inst.get(a.auditing_institution_id)!,
    team: c.team.map((t, i) => ({ userId: t.user_id, name: users[i]?.display_name ?? null, role: t.role, departments: json<string[]>(t.departments) })),
    plan: { startDate: a.start_date, endDate: a.end_date, documents: json<string[]>(a.documents), hearings: json<Hearing[]>(a.hearings) },
    scope: {
      items: items.length,
      agreed: !c.external || (!!a.auditor_accepted_at && !!a.auditee_accepted_at),
      auditorAcceptedAt: a.auditor_accepted_at, auditeeAcceptedAt: a.auditee_accepted_at,
    },
    summary: a.summary, pairId: a.pair_id, previousAuditId: a.previous_audit_id,
    createdAt: r.created_at, updatedAt: r.updated_at, fieldworkStartedAt: r.opened_at, closedAt: r.closed_at,
    permissions: { material: c.access.material, audit: c.access.audit, respond: c.access.respond, run: runsAudit(c), lead: c.isLead },
  };
}

export async function getAudit(deps: Deps, actor: Actor, id: string) {
  return auditView(deps.db, await auditFor(deps.db, actor, id));
}

/** Audits of the actor's institution (as auditee), run by it, or on whose team the actor is, as far as the access windows allow. */
export async function listAudits(deps: Deps, actor: Actor) {
  if (!actor.institutionId || !actor.userId) throw denied();
  const ids = await arepo.auditIdsFor(deps.db, actor.institutionId, actor.userId);
  const out = [];
  for (const id of ids) {
    try {
      const c = await auditFor(deps.db, actor, id);
      out.push({ id, kind: c.kind, title: c.row.title, fiscalYear: c.row.fiscal_year, status: c.state, auditeeInstitutionId: c.row.institution_id, auditingInstitutionId: c.audit.auditing_institution_id, department: c.audit.auditee_department, startDate: c.audit.start_date, endDate: c.audit.end_date });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err;
    }
  }
  return out.sort((a, b) => b.fiscalYear - a.fiscalYear || a.startDate.localeCompare(b.startDate));
}

/**
 * What the auditing institution's managers need to start a follow-up: its audits whose report was
 * issued, with the auditee and how many findings are still open. Nothing of the auditee's material
 * (a closed audit is otherwise out of their sight).
 */
export async function followableAudits(deps: Deps, actor: Actor) {
  if (!actor.institutionId || !can.runAudits(actor, actor.institutionId)) throw denied();
  const rows = await arepo.reportedAuditsRunBy(deps.db, actor.institutionId);
  const out = [];
  for (const r of rows) {
    if (r.kind === 'follow_up' || (await arepo.openFollowUps(deps.db, r.id)).length) continue;
    out.push({
      id: r.id, title: r.title, fiscalYear: r.fiscal_year, status: r.status as AuditState,
      auditee: { nameJa: r.auditee_name_ja, nameEn: r.auditee_name_en, department: r.auditee_department }, openFindings: Number(r.open_findings ?? 0),
    });
  }
  return out;
}

/** The plan and scope change while the audit is planned; changing the scope asks both sides to agree again. */
export async function updateAuditPlan(deps: Deps, actor: Actor, id: string, input: {
  title?: string | undefined; startDate?: string | undefined; endDate?: string | undefined; documents?: string[] | undefined; hearings?: Hearing[] | undefined; scopeItemIds?: string[] | undefined;
}) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await auditFor(trx, actor, id);
    if (!runsAudit(c)) throw denied();
    if (c.state !== 'planned') failAudit({ kind: 'conflict', message: '監査計画と範囲を変更できるのは計画段階だけです / The plan and scope change only while the audit is planned' });
    const start = input.startDate ?? c.audit.start_date;
    const end = input.endDate ?? c.audit.end_date;
    checkPlanDates(start, end);
    if (input.hearings) checkHearings(input.hearings);
    const patch: Partial<arepo.AuditRow> = { start_date: start, end_date: end };
    if (input.documents) patch.documents = JSON.stringify(input.documents);
    if (input.hearings) patch.hearings = JSON.stringify(input.hearings);
    let removed = 0;
    if (input.scopeItemIds) {
      const items = await repo.itemsOf(trx, id);
      const keep = new Set(input.scopeItemIds);
      const unknown = input.scopeItemIds.filter((x) => !items.some((i) => i.id === x));
      if (unknown.length) throw new AppError('validation', `この監査にない項目があります（${unknown.length} 件） / Some items are not in this audit`, [{ path: 'body.scopeItemIds', message: 'unknown item' }]);
      if (!keep.size) throw new AppError('validation', '監査範囲には1つ以上の項目を残してください / Keep at least one item in scope', [{ path: 'body.scopeItemIds', message: 'empty' }]);
      const drop = items.filter((i) => !keep.has(i.id)).map((i) => i.id);
      if (drop.length) {
        await trx.deleteFrom('assessment_items').where('id', 'in', drop).execute();
        Object.assign(patch, { auditor_accepted_by: null, auditor_accepted_at: null, auditee_accepted_by: null, auditee_accepted_at: null });
      }
      removed = drop.length;
    }
    await arepo.updateAudit(trx, id, patch);
    await repo.updateAssessment(trx, id, { ...(input.title ? { title: input.title } : {}), deadline: deadlineInstant(end)!.toISOString(), updated_at: deps.now().toISOString() });
    await recordAudit(trx, actor, { action: 'audit.plan', objectType: 'audit', objectId: id, institutionId: c.row.institution_id, changes: { ...input, removedItems: removed } }, deps.now());
  });
  return getAudit(deps, actor, id);
}

/** Each institution's administrator, CISO or coordinator accepts the scope for its side. */
export async function acceptScope(deps: Deps, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await auditFor(trx, actor, id);
    if (!c.auditeeManager && !c.auditingManager) throw denied();
    if (c.state !== 'planned') failAudit({ kind: 'conflict', message: '監査範囲の合意は計画段階で行います / The scope is agreed while the audit is planned' });
    const now = deps.now().toISOString();
    const patch: Partial<arepo.AuditRow> = {};
    if (c.auditingManager) Object.assign(patch, { auditor_accepted_by: actor.userId, auditor_accepted_at: now });
    if (c.auditeeManager) Object.assign(patch, { auditee_accepted_by: actor.userId, auditee_accepted_at: now });
    await arepo.updateAudit(trx, id, patch);
    await recordAudit(trx, actor, { action: 'audit.scope_accept', objectType: 'audit', objectId: id, institutionId: c.row.institution_id, changes: { side: c.auditeeManager ? (c.auditingManager ? 'both' : 'auditee') : 'auditor' } }, deps.now());
  });
  return getAudit(deps, actor, id);
}

/** The states in order; issuing the report (reporting → response) tells the auditee's CISO. */
export async function moveAudit(deps: Deps, actor: Actor, id: string, to: AuditState, summary?: string | undefined) {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const c = await auditFor(trx, actor, id);
    if (!runsAudit(c)) throw denied();
    failAudit(auditTransition(c.state, to));
    if (to === 'fieldwork') {
      const items = await repo.itemsOf(trx, id);
      failAudit(canStartFieldwork({ items: items.length, external: c.external, auditorAccepted: !!c.audit.auditor_accepted_at, auditeeAccepted: !!c.audit.auditee_accepted_at }));
    }
    if (to === 'closed') {
      const findings = await arepo.findingsOf(trx, id);
      failAudit(canClose(findings.map((f) => ({ category: f.category, response: f.response, actionWhat: f.action_what, actionDue: f.action_due }))));
    }
    let notified = 0;
    if (to === 'response') {
      if (summary !== undefined) await arepo.updateAudit(trx, id, { summary });
      const cisos = await repo.roleHolders(trx, c.row.institution_id, ['ciso']);
      const url = `${deps.config.baseUrl.replace(/\/$/, '')}/assessments/audits/${id}`;
      notified = await notifyUsers(trx, 'audits.report', cisos.get('ciso') ?? [], (locale) => locale === 'ja'
        ? { subject: `[Renkei] 監査報告書が発行されました: ${c.row.title}`, text: `「${c.row.title}」（${c.row.fiscal_year}年度 ${AUDIT_KIND_LABELS[c.kind].ja}）の報告書が発行されました。指摘事項への回答と是正計画を登録してください。\n\n${url}\n` }
        : { subject: `[Renkei] Audit report issued: ${c.row.title}`, text: `The report of "${c.row.title}" (FY${c.row.fiscal_year}, ${AUDIT_KIND_LABELS[c.kind].en}) was issued. Please answer the findings with corrective action plans.\n\n${url}\n` }, now);
    }
    const stamp = to === 'fieldwork' ? { opened_at: now.toISOString() } : to === 'closed' ? { closed_at: now.toISOString() } : {};
    const moved = await repo.moveAssessment(trx, id, c.state, { status: to, updated_at: now.toISOString(), ...stamp });
    if (!moved) failAudit({ kind: 'conflict', message: '監査の状態が他の操作で変わりました。画面を更新してください / The audit was changed meanwhile; reload and try again' });
    await recordAudit(trx, actor, { action: `audit.${to}`, objectType: 'audit', objectId: id, institutionId: c.row.institution_id, changes: { from: c.state, to, notified } }, now);
  });
  // A closed audit stays with the auditee only: the auditors learn the outcome, not the record.
  if (to === 'closed') {
    try {
      return await getAudit(deps, actor, id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return { id, status: 'closed' as const };
      throw err;
    }
  }
  return getAudit(deps, actor, id);
}
