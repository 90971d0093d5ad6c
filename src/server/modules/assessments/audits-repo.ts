/** SQL of audits: plans and pairs, the audit record, team, requests, notes, ratings, findings. */
import type { Db, Trx } from '../../db/index.ts';
import type {
  AuditFindingsTable, AuditNotesTable, AuditPairsTable, AuditPlansTable, AuditRatingsTable, AuditRequestEvidenceTable, AuditRequestsTable, AuditsTable, AuditTeamTable,
} from '../../db/schema.ts';

type Q = Db | Trx;
export type PlanRow = AuditPlansTable;
export type PairRow = AuditPairsTable;
export type AuditRow = AuditsTable;
export type TeamRow = AuditTeamTable;
export type RequestRow = AuditRequestsTable;
export type RequestEvidenceRow = AuditRequestEvidenceTable;
export type NoteRow = AuditNotesTable;
export type RatingRow = AuditRatingsTable;
export type FindingRow = AuditFindingsTable;

export const AUDIT_KIND_VALUES = ['mutual', 'internal', 'follow_up'];

// Plans

export const findPlanOfYear = (db: Q, fiscalYear: number) => db.selectFrom('audit_plans').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst();
export const plans = (db: Q, fiscalYear?: number) => {
  let q = db.selectFrom('audit_plans').selectAll();
  if (fiscalYear !== undefined) q = q.where('fiscal_year', '=', fiscalYear);
  return q.orderBy('fiscal_year', 'desc').execute();
};
export const pairsOf = (db: Q, planIds: string[]) =>
  planIds.length ? db.selectFrom('audit_pairs').selectAll().where('plan_id', 'in', planIds).orderBy('id').execute() : Promise.resolve([] as PairRow[]);
export const findPair = (db: Q, id: string) => db.selectFrom('audit_pairs').selectAll().where('id', '=', id).executeTakeFirst();

export const findPlan = (db: Q, id: string) => db.selectFrom('audit_plans').selectAll().where('id', '=', id).executeTakeFirst();

/** One plan per fiscal year: false (and nothing written) when the year has one already, also when a concurrent request made it first. */
export async function insertPlan(db: Q, plan: PlanRow, pairs: PairRow[]): Promise<boolean> {
  const made = await db.insertInto('audit_plans').values(plan).onConflict((oc) => oc.column('fiscal_year').doNothing()).returning('id').execute();
  if (!made.length) return false;
  if (pairs.length) await db.insertInto('audit_pairs').values(pairs).execute();
  return true;
}

/** Ties a pair to its audit; false when another audit took the pair first. */
export async function claimPair(db: Q, pairId: string, auditId: string): Promise<boolean> {
  const r = await db.updateTable('audit_pairs').set({ audit_id: auditId }).where('id', '=', pairId).where('audit_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const memberInstitutions = (db: Q) =>
  db.selectFrom('institutions').select(['id', 'code', 'name_ja', 'name_en']).where('kind', '=', 'member').orderBy('code').execute();

// Audits

export const findAudit = (db: Q, assessmentId: string) => db.selectFrom('audits').selectAll().where('assessment_id', '=', assessmentId).executeTakeFirst();
export async function insertAudit(db: Q, row: AuditRow, team: TeamRow[]): Promise<void> {
  await db.insertInto('audits').values(row).execute();
  await db.insertInto('audit_team').values(team).execute();
}
export async function updateAudit(db: Q, id: string, patch: Partial<AuditRow>): Promise<void> {
  await db.updateTable('audits').set(patch).where('assessment_id', '=', id).execute();
}
export const teamOf = (db: Q, id: string) => db.selectFrom('audit_team').selectAll().where('assessment_id', '=', id).orderBy('role').orderBy('user_id').execute();

/** Audits that concern an institution or a person: as auditee, as auditing institution, or on the team. */
export async function auditIdsFor(db: Q, institutionId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audits')
    .innerJoin('assessments', 'assessments.id', 'audits.assessment_id')
    .select('audits.assessment_id')
    .where((eb) => eb.or([
      eb('assessments.institution_id', '=', institutionId),
      eb('audits.auditing_institution_id', '=', institutionId),
      eb('audits.assessment_id', 'in', eb.selectFrom('audit_team').select('assessment_id').where('user_id', '=', userId)),
    ]))
    .execute();
  return rows.map((r) => r.assessment_id);
}

/** The self-inspection respondents of an institution's campaigns of a fiscal year: answers, named assignments and role assignments. */
export async function selfInspectionFacts(db: Q, institutionId: string, fiscalYear: number) {
  const campaigns = db.selectFrom('assessments').select('id').where('institution_id', '=', institutionId).where('fiscal_year', '=', fiscalYear).where('kind', '=', 'self_inspection');
  const [answers, assignments, roles] = await Promise.all([
    db.selectFrom('assessment_answers').innerJoin('assessment_items', 'assessment_items.id', 'assessment_answers.item_id')
      .select(['assessment_answers.respondent_id', 'assessment_answers.department', 'assessment_items.citation'])
      .where('assessment_answers.assessment_id', 'in', campaigns).execute(),
    db.selectFrom('assessment_assignments').innerJoin('assessment_items', 'assessment_items.id', 'assessment_assignments.item_id')
      .select(['assessment_assignments.user_id', 'assessment_assignments.role', 'assessment_assignments.department', 'assessment_items.citation'])
      .where('assessment_assignments.assessment_id', 'in', campaigns).execute(),
    db.selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select(['users.id', 'user_roles.role'])
      .where('users.institution_id', '=', institutionId).where('users.status', '=', 'active').execute(),
  ]);
  return { answers, assignments, roles };
}

// Requests and evidence

export const requestsOf = (db: Q, id: string) => db.selectFrom('audit_requests').selectAll().where('assessment_id', '=', id).orderBy('due_date').orderBy('created_at').execute();
export const findRequest = (db: Q, id: string) => db.selectFrom('audit_requests').selectAll().where('id', '=', id).executeTakeFirst();
export async function insertRequest(db: Q, row: RequestRow): Promise<void> {
  await db.insertInto('audit_requests').values(row).execute();
}
/** Open evidence requests (or the one given) of audits in which the auditee can still provide evidence (fieldwork, reporting). */
export const openRequestsToRemind = (db: Q, requestId?: string) =>
  db.selectFrom('audit_requests').innerJoin('assessments', 'assessments.id', 'audit_requests.assessment_id')
    .select(['audit_requests.id', 'audit_requests.assessment_id', 'audit_requests.title', 'audit_requests.due_date', 'assessments.title as audit_title', 'assessments.institution_id'])
    .where('audit_requests.status', '=', 'open').where('assessments.status', 'in', ['fieldwork', 'reporting'])
    .$if(requestId !== undefined, (q) => q.where('audit_requests.id', '=', requestId!))
    .orderBy('audit_requests.due_date').orderBy('audit_requests.id').execute();

export async function markProvided(db: Q, id: string, userId: string, now: string): Promise<void> {
  await db.updateTable('audit_requests').set({ status: 'provided', provided_by: userId, provided_at: now }).where('id', '=', id).execute();
}
export async function insertRequestEvidence(db: Q, rows: RequestEvidenceRow[]): Promise<void> {
  if (rows.length) await db.insertInto('audit_request_evidence').values(rows).onConflict((oc) => oc.columns(['request_id', 'evidence_id']).doNothing()).execute();
}
/** Evidence provided for the requests of an audit, with the version provided and the record's title. */
export const providedEvidence = (db: Q, id: string) =>
  db.selectFrom('audit_request_evidence')
    .innerJoin('audit_requests', 'audit_requests.id', 'audit_request_evidence.request_id')
    .innerJoin('evidence', 'evidence.id', 'audit_request_evidence.evidence_id')
    .innerJoin('evidence_versions', (j) => j.onRef('evidence_versions.evidence_id', '=', 'audit_request_evidence.evidence_id').onRef('evidence_versions.version_no', '=', 'audit_request_evidence.version_no'))
    .select(['audit_request_evidence.request_id', 'audit_request_evidence.evidence_id', 'audit_request_evidence.version_no', 'audit_request_evidence.linked_at',
      'evidence.title', 'evidence.kind', 'evidence.current_version', 'evidence_versions.url', 'evidence_versions.filename', 'evidence_versions.media_type', 'evidence_versions.size_bytes',
      'evidence_versions.sha256', 'evidence_versions.effective_from', 'evidence_versions.expires_on'])
    .where('audit_requests.assessment_id', '=', id)
    .orderBy('audit_request_evidence.linked_at')
    .execute();

// Notes and ratings

export const notesOf = (db: Q, id: string) => db.selectFrom('audit_notes').selectAll().where('assessment_id', '=', id).orderBy('created_at').orderBy('id').execute();
export async function insertNote(db: Q, row: NoteRow): Promise<void> {
  await db.insertInto('audit_notes').values(row).execute();
}
export const ratingsOf = (db: Q, id: string) => db.selectFrom('audit_ratings').selectAll().where('assessment_id', '=', id).execute();
export const findRating = (db: Q, itemId: string) => db.selectFrom('audit_ratings').selectAll().where('item_id', '=', itemId).executeTakeFirst();
export async function putRating(db: Q, row: RatingRow): Promise<void> {
  await db.insertInto('audit_ratings').values(row)
    .onConflict((oc) => oc.column('item_id').doUpdateSet({ rating: row.rating, comment: row.comment, rated_by: row.rated_by, rated_at: row.rated_at })).execute();
}

// Findings

export const findingsOf = (db: Q, id: string) => db.selectFrom('audit_findings').selectAll().where('assessment_id', '=', id).orderBy('created_at').orderBy('id').execute();
export const findFinding = (db: Q, id: string) => db.selectFrom('audit_findings').selectAll().where('id', '=', id).executeTakeFirst();
export async function insertFindings(db: Q, rows: FindingRow[]): Promise<void> {
  if (rows.length) await db.insertInto('audit_findings').values(rows).execute();
}
/** Updates a finding only if it is still in the state the rules were checked against. */
export async function updateFinding(db: Q, id: string, expected: FindingRow['status'], patch: Partial<FindingRow>): Promise<boolean> {
  const r = await db.updateTable('audit_findings').set(patch).where('id', '=', id).where('status', '=', expected).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Consortium aggregates

/** Ratings of the mutual audits of a fiscal year whose report was issued (response or closed). */
export const issuedMutualRatings = (db: Q, fiscalYear: number) =>
  db.selectFrom('audit_ratings')
    .innerJoin('assessments', 'assessments.id', 'audit_ratings.assessment_id')
    .innerJoin('assessment_items', 'assessment_items.id', 'audit_ratings.item_id')
    .select(['assessments.institution_id', 'assessment_items.chapter', 'audit_ratings.rating'])
    .where('assessments.kind', '=', 'mutual')
    .where('assessments.fiscal_year', '=', fiscalYear)
    .where('assessments.status', 'in', ['response', 'closed'])
    .execute();

/** The auditee's submitted and accepted self-inspection answers of a fiscal year, with their citations. */
export const selfInspectionAnswers = (db: Q, institutionId: string, fiscalYear: number) =>
  db.selectFrom('assessment_answers')
    .innerJoin('assessment_items', 'assessment_items.id', 'assessment_answers.item_id')
    .innerJoin('assessments', 'assessments.id', 'assessment_answers.assessment_id')
    .select(['assessment_answers.id', 'assessment_answers.result', 'assessment_answers.comment', 'assessment_answers.department', 'assessment_answers.status', 'assessment_answers.submitted_at',
      'assessment_items.citation', 'assessments.title as campaign_title'])
    .where('assessments.institution_id', '=', institutionId)
    .where('assessments.kind', '=', 'self_inspection')
    .where('assessments.fiscal_year', '=', fiscalYear)
    .where('assessment_answers.status', 'in', ['submitted', 'accepted'])
    .orderBy('assessment_answers.submitted_at')
    .execute();

/** Follow-up audits of an audit that are not closed yet. */
/** Audits run by an institution whose report was issued (response, closed), with their auditee and counts of findings still to follow up. */
export const reportedAuditsRunBy = (db: Q, institutionId: string) =>
  db.selectFrom('audits').innerJoin('assessments', 'assessments.id', 'audits.assessment_id').innerJoin('institutions', 'institutions.id', 'assessments.institution_id')
    .select((eb) => [
      'assessments.id', 'assessments.title', 'assessments.fiscal_year', 'assessments.status', 'assessments.kind', 'audits.auditee_department',
      'institutions.name_ja as auditee_name_ja', 'institutions.name_en as auditee_name_en',
      eb.selectFrom('audit_findings').select((f) => f.fn.countAll<number>().as('n')).whereRef('audit_findings.assessment_id', '=', 'assessments.id')
        .where('audit_findings.status', '!=', 'closed').where('audit_findings.category', '!=', 'observation').as('open_findings'),
    ])
    .where('audits.auditing_institution_id', '=', institutionId).where('assessments.status', 'in', ['response', 'closed'])
    .orderBy('assessments.fiscal_year', 'desc').orderBy('assessments.title').execute();

export const openFollowUps = (db: Q, previousAuditId: string) =>
  db.selectFrom('audits').innerJoin('assessments', 'assessments.id', 'audits.assessment_id').select('assessments.id')
    .where('audits.previous_audit_id', '=', previousAuditId).where('assessments.status', '!=', 'closed').execute();
