import type { Db, Trx } from '../../db/index.ts';
import type {
  AssessmentAnswersTable, AssessmentAssignmentsTable, AssessmentItemsTable, AssessmentsTable, EvidenceLinksTable, EvidenceTable,
  EvidenceVersionsTable, ImprovementItemsTable,
} from '../../db/schema.ts';

type Q = Db | Trx;
export type AssessmentRow = AssessmentsTable;
export type ItemRow = AssessmentItemsTable;
export type AssignmentRow = AssessmentAssignmentsTable;
export type AnswerRow = AssessmentAnswersTable;
export type EvidenceRow = EvidenceTable;
export type VersionRow = EvidenceVersionsTable;
export type LinkRow = EvidenceLinksTable;
export type ImprovementRow = ImprovementItemsTable;

const BATCH = 200; // keeps each statement under SQLite's variable limit

async function insertBatched<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

// Campaigns and their scope

export async function insertAssessment(db: Q, row: AssessmentRow, items: ItemRow[]): Promise<void> {
  await db.insertInto('assessments').values(row).execute();
  await insertBatched(items, (chunk) => db.insertInto('assessment_items').values(chunk).execute());
}

export async function updateAssessment(db: Q, id: string, patch: Partial<AssessmentRow>): Promise<void> {
  await db.updateTable('assessments').set(patch).where('id', '=', id).execute();
}

/** Moves a campaign from one state to the next; false when someone else moved it first (the update is the guard). */
export async function moveAssessment(db: Q, id: string, from: string, patch: Partial<AssessmentRow>): Promise<boolean> {
  const r = await db.updateTable('assessments').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const findAssessment = (db: Q, id: string) => db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();

export const assessmentsOf = (db: Q, institutionId: string, kind: string, fiscalYear?: number) => {
  let q = db.selectFrom('assessments').selectAll().where('institution_id', '=', institutionId).where('kind', '=', kind);
  if (fiscalYear !== undefined) q = q.where('fiscal_year', '=', fiscalYear);
  return q.orderBy('fiscal_year', 'desc').orderBy('created_at', 'desc').execute();
};

/** Campaigns where the user is the responsible person, or has an assignment by name or by one of the roles. */
export async function assessmentIdsFor(db: Q, institutionId: string, userId: string, roles: readonly string[]): Promise<Set<string>> {
  const owned = await db.selectFrom('assessments').select('id').where('institution_id', '=', institutionId).where('owner_id', '=', userId).execute();
  const assigned = await db
    .selectFrom('assessment_assignments')
    .innerJoin('assessments', 'assessments.id', 'assessment_assignments.assessment_id')
    .select('assessments.id')
    .distinct()
    .where('assessments.institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('assessment_assignments.user_id', '=', userId), ...(roles.length ? [eb('assessment_assignments.role', 'in', [...roles])] : [])]))
    .execute();
  return new Set([...owned, ...assigned].map((r) => r.id));
}

/** The previous campaign of the same kind, institution and template, one fiscal year earlier; the latest if there are several. */
export const findPrevious = (db: Q, a: AssessmentRow) =>
  a.template_id
    ? db.selectFrom('assessments').selectAll()
      .where('institution_id', '=', a.institution_id).where('kind', '=', a.kind).where('template_id', '=', a.template_id)
      .where('fiscal_year', '=', a.fiscal_year - 1).where('status', '!=', 'draft')
      .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
    : Promise.resolve(undefined);

export const itemsOf = (db: Q, assessmentId: string) => db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).orderBy('ord').execute();
export const findItem = (db: Q, assessmentId: string, itemId: string) =>
  db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).where('id', '=', itemId).executeTakeFirst();

// Assignments

export async function insertAssignments(db: Q, rows: AssignmentRow[]): Promise<void> {
  await insertBatched(rows, (chunk) => db.insertInto('assessment_assignments').values(chunk).execute());
}
export const assignmentsOf = (db: Q, assessmentId: string) =>
  db.selectFrom('assessment_assignments').selectAll().where('assessment_id', '=', assessmentId).orderBy('created_at').orderBy('id').execute();
export const assignmentsOfItem = (db: Q, itemId: string) => db.selectFrom('assessment_assignments').selectAll().where('item_id', '=', itemId).execute();
export const findAssignment = (db: Q, id: string) => db.selectFrom('assessment_assignments').selectAll().where('id', '=', id).executeTakeFirst();
export async function deleteAssignments(db: Q, ids: string[]): Promise<void> {
  if (ids.length) await db.deleteFrom('assessment_assignments').where('id', 'in', ids).execute();
}

// People (read-only: who holds which role, for role assignments, and names for views)

export const institutionUsers = (db: Q, institutionId: string) =>
  db.selectFrom('users').select(['id', 'display_name', 'email', 'status', 'institution_id']).where('institution_id', '=', institutionId).execute();

export const findUser = (db: Q, id: string) => db.selectFrom('users').select(['id', 'display_name', 'email', 'status', 'institution_id']).where('id', '=', id).executeTakeFirst();

/** Active users of an institution with each of the given roles. */
export async function roleHolders(db: Q, institutionId: string, roles: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!roles.length) return out;
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id', 'user_roles.role'])
    .where('users.institution_id', '=', institutionId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', 'in', [...roles])
    .orderBy('users.id')
    .execute();
  for (const r of rows) out.set(r.role, [...(out.get(r.role) ?? []), r.id]);
  return out;
}

// Answers

export const answersOf = (db: Q, assessmentId: string) => db.selectFrom('assessment_answers').selectAll().where('assessment_id', '=', assessmentId).execute();
export const findAnswer = (db: Q, id: string) => db.selectFrom('assessment_answers').selectAll().where('id', '=', id).executeTakeFirst();
export const findAnswerFor = (db: Q, itemId: string, respondentId: string) =>
  db.selectFrom('assessment_answers').selectAll().where('item_id', '=', itemId).where('respondent_id', '=', respondentId).executeTakeFirst();

export async function insertAnswer(db: Q, row: AnswerRow): Promise<void> {
  await db.insertInto('assessment_answers').values(row).execute();
}

/** Updates an answer only if it is still in the state the rules were checked against. */
export async function updateAnswer(db: Q, id: string, expectedStatus: AnswerRow['status'], patch: Partial<AnswerRow>): Promise<boolean> {
  const r = await db.updateTable('assessment_answers').set(patch).where('id', '=', id).where('status', '=', expectedStatus).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Evidence

export async function insertEvidence(db: Q, row: EvidenceRow, version: VersionRow): Promise<void> {
  await db.insertInto('evidence').values(row).execute();
  await db.insertInto('evidence_versions').values(version).execute();
}

export async function insertVersion(db: Q, version: VersionRow, now: string): Promise<void> {
  await db.insertInto('evidence_versions').values(version).execute();
  await db.updateTable('evidence').set({ current_version: version.version_no, updated_at: now }).where('id', '=', version.evidence_id).execute();
}

/** Stores file content once per SHA-256; the same file uploaded again (or by another record) shares it. */
export async function putBlob(db: Q, sha256: string, content: Uint8Array, now: string): Promise<void> {
  await db.insertInto('evidence_blobs').values({ sha256, content, size_bytes: content.length, created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

export const blob = (db: Q, sha256: string) => db.selectFrom('evidence_blobs').select(['content', 'size_bytes']).where('sha256', '=', sha256).executeTakeFirst();

export const findEvidence = (db: Q, id: string) => db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
export const evidenceByIds = (db: Q, ids: string[]) => (ids.length ? db.selectFrom('evidence').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]));

export function evidenceOf(db: Q, institutionId: string, createdBy?: string) {
  let q = db
    .selectFrom('evidence')
    .innerJoin('evidence_versions', (j) => j.onRef('evidence_versions.evidence_id', '=', 'evidence.id').onRef('evidence_versions.version_no', '=', 'evidence.current_version'))
    .selectAll('evidence')
    .select(['evidence_versions.url', 'evidence_versions.filename', 'evidence_versions.media_type', 'evidence_versions.size_bytes', 'evidence_versions.sha256', 'evidence_versions.effective_from', 'evidence_versions.expires_on'])
    .where('evidence.institution_id', '=', institutionId);
  if (createdBy) q = q.where('evidence.created_by', '=', createdBy);
  return q.orderBy('evidence.updated_at', 'desc').orderBy('evidence.id').limit(500).execute();
}

export const versionsOf = (db: Q, evidenceId: string) =>
  db.selectFrom('evidence_versions').selectAll().where('evidence_id', '=', evidenceId).orderBy('version_no', 'desc').execute();
export const currentVersions = (db: Q, evidenceIds: string[]) =>
  evidenceIds.length
    ? db.selectFrom('evidence_versions').innerJoin('evidence', 'evidence.id', 'evidence_versions.evidence_id').selectAll('evidence_versions')
      .select(['evidence.title', 'evidence.kind']).whereRef('evidence_versions.version_no', '=', 'evidence.current_version').where('evidence.id', 'in', evidenceIds).execute()
    : Promise.resolve([]);
export const findVersion = (db: Q, evidenceId: string, versionNo: number) =>
  db.selectFrom('evidence_versions').selectAll().where('evidence_id', '=', evidenceId).where('version_no', '=', versionNo).executeTakeFirst();

/** Where a piece of evidence serves: campaign, item and answer. */
export const linksOfEvidence = (db: Q, evidenceId: string) =>
  db.selectFrom('evidence_links')
    .innerJoin('assessments', 'assessments.id', 'evidence_links.assessment_id')
    .innerJoin('assessment_items', 'assessment_items.id', 'evidence_links.item_id')
    .leftJoin('assessment_answers', 'assessment_answers.id', 'evidence_links.answer_id')
    .select(['evidence_links.id', 'evidence_links.assessment_id', 'evidence_links.item_id', 'evidence_links.answer_id', 'evidence_links.version_no', 'evidence_links.linked_at',
      'assessments.title as assessment_title', 'assessments.owner_id', 'assessments.fiscal_year', 'assessment_items.citation', 'assessment_answers.respondent_id'])
    .where('evidence_links.evidence_id', '=', evidenceId)
    .orderBy('evidence_links.linked_at')
    .execute();

export const linksOfAnswers = (db: Q, answerIds: string[]) =>
  answerIds.length ? db.selectFrom('evidence_links').selectAll().where('answer_id', 'in', answerIds).orderBy('linked_at').execute() : Promise.resolve([]);

export async function replaceAnswerLinks(db: Q, answerId: string, rows: LinkRow[]): Promise<void> {
  await db.deleteFrom('evidence_links').where('answer_id', '=', answerId).execute();
  if (rows.length) await db.insertInto('evidence_links').values(rows).execute();
}

// Improvement items

export async function insertImprovement(db: Q, row: ImprovementRow): Promise<void> {
  await db.insertInto('improvement_items').values(row).execute();
}
export async function updateImprovement(db: Q, id: string, patch: Partial<ImprovementRow>): Promise<void> {
  await db.updateTable('improvement_items').set(patch).where('id', '=', id).execute();
}
export const findImprovement = (db: Q, id: string) => db.selectFrom('improvement_items').selectAll().where('id', '=', id).executeTakeFirst();

export interface ImprovementFilter {
  institutionId: string;
  assessmentId?: string | undefined;
  status?: string | undefined;
  /** Only those owned by this user or belonging to campaigns this user is responsible for. */
  visibleTo?: { userId: string; assessmentIds: string[] } | undefined;
}

export function improvements(db: Q, f: ImprovementFilter) {
  let q = db
    .selectFrom('improvement_items')
    .innerJoin('assessment_items', 'assessment_items.id', 'improvement_items.item_id')
    .innerJoin('assessments', 'assessments.id', 'improvement_items.assessment_id')
    .selectAll('improvement_items')
    .select(['assessment_items.citation', 'assessment_items.heading', 'assessments.title as assessment_title', 'assessments.fiscal_year'])
    .where('improvement_items.institution_id', '=', f.institutionId);
  if (f.assessmentId) q = q.where('improvement_items.assessment_id', '=', f.assessmentId);
  if (f.status) q = q.where('improvement_items.status', '=', f.status as ImprovementRow['status']);
  if (f.visibleTo) {
    const v = f.visibleTo;
    q = q.where((eb) => eb.or([eb('improvement_items.owner_id', '=', v.userId), ...(v.assessmentIds.length ? [eb('improvement_items.assessment_id', 'in', v.assessmentIds)] : [])]));
  }
  return q.orderBy('improvement_items.due_date').orderBy('improvement_items.id').limit(1000).execute();
}

// Reminders

export const openAssessments = (db: Q, kind: string) => db.selectFrom('assessments').selectAll().where('kind', '=', kind).where('status', '=', 'open').orderBy('deadline').execute();

export async function remindedUsers(db: Q, assessmentId: string, stage: string): Promise<Set<string>> {
  const rows = await db.selectFrom('assessment_reminders').select('user_id').where('assessment_id', '=', assessmentId).where('stage', '=', stage).execute();
  return new Set(rows.map((r) => r.user_id));
}

/**
 * Records reminders and returns the users newly recorded: a pair already recorded (by an earlier
 * run, or a concurrent one that committed first) is left out, so only one run e-mails each person.
 */
export async function recordReminders(db: Q, assessmentId: string, stage: string, userIds: string[], now: string): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db.insertInto('assessment_reminders').values(userIds.map((user_id) => ({ assessment_id: assessmentId, user_id, stage, sent_at: now })))
    .onConflict((oc) => oc.columns(['assessment_id', 'user_id', 'stage']).doNothing()).returning('user_id').execute();
  return rows.map((r) => r.user_id).sort();
}
