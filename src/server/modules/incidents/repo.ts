import type { Db, Trx } from '../../db/index.ts';
import type {
  IncidentAssetsTable, IncidentEventsTable, IncidentEvidenceTable, IncidentLearningsTable, IncidentObligationsTable, IncidentReportsTable,
  IncidentTasksTable, IncidentsTable,
} from '../../db/schema.ts';

type Q = Db | Trx;
export type IncidentRow = IncidentsTable;
export type ReportRow = IncidentReportsTable;
export type AssetRow = IncidentAssetsTable;
export type EventRow = IncidentEventsTable;
export type TaskRow = IncidentTasksTable;
export type EvidenceRow = Omit<IncidentEvidenceTable, 'content'>;
export type ObligationRow = IncidentObligationsTable;
export type LearningRow = IncidentLearningsTable;

// Institutions and people (read-only)

export const institutionByCode = (db: Q, code: string) =>
  db.selectFrom('institutions').select(['id', 'code', 'kind', 'name_ja', 'name_en']).where('code', '=', code).executeTakeFirst();

export const memberInstitutions = (db: Q) =>
  db.selectFrom('institutions').select(['code', 'name_ja', 'name_en', 'external_report_email', 'external_report_url']).where('kind', '=', 'member').orderBy('code').execute();

export const findUser = (db: Q, id: string) => db.selectFrom('users').select(['id', 'display_name', 'email', 'status', 'institution_id']).where('id', '=', id).executeTakeFirst();

export const institutionUsers = (db: Q, institutionId: string) =>
  db.selectFrom('users').select(['id', 'display_name', 'status']).where('institution_id', '=', institutionId).execute();

// Reports

export const receiptTaken = async (db: Q, institutionId: string, receiptNo: string) =>
  !!(await db.selectFrom('incident_reports').select('id').where('institution_id', '=', institutionId).where('receipt_no', '=', receiptNo).executeTakeFirst());

export async function insertReport(db: Q, row: ReportRow): Promise<void> {
  await db.insertInto('incident_reports').values(row).execute();
}

/** When the public form was last used from this address (newest first, at most `limit`). */
export async function publicReportTimes(db: Q, ip: string, since: string, limit: number): Promise<Date[]> {
  const rows = await db.selectFrom('incident_reports').select('created_at').where('channel', '=', 'public').where('source_ip', '=', ip)
    .where('created_at', '>', since).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => new Date(r.created_at));
}

export const reportsOfReporter = (db: Q, userId: string) =>
  db.selectFrom('incident_reports').leftJoin('incidents', 'incidents.id', 'incident_reports.incident_id')
    .selectAll('incident_reports').select(['incidents.status as incident_status', 'incidents.closed_at as incident_closed_at'])
    .where('incident_reports.reporter_id', '=', userId).orderBy('incident_reports.created_at', 'desc').limit(500).execute();

/** Receipt numbers and channels of the reports behind each incident (for the queue). */
export const reportsOfIncidents = (db: Q, incidentIds: readonly string[]) =>
  incidentIds.length
    ? db.selectFrom('incident_reports').select(['incident_id', 'receipt_no', 'channel', 'created_at']).where('incident_id', 'in', [...incidentIds]).orderBy('created_at').execute()
    : Promise.resolve([]);

export const reportsOfIncident = (db: Q, incidentId: string) =>
  db.selectFrom('incident_reports').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').execute();

export async function moveReports(db: Q, fromIncidentId: string, toIncidentId: string): Promise<string[]> {
  const rows = await db.updateTable('incident_reports').set({ incident_id: toIncidentId }).where('incident_id', '=', fromIncidentId).returning('receipt_no').execute();
  return rows.map((r) => r.receipt_no).sort();
}

// Incidents

export async function nextSeq(db: Q, institutionId: string, fiscalYear: number): Promise<number> {
  const r = await db.selectFrom('incidents').select((eb) => eb.fn.max('seq').as('m')).where('institution_id', '=', institutionId).where('fiscal_year', '=', fiscalYear).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertIncident(db: Q, row: IncidentRow): Promise<void> {
  await db.insertInto('incidents').values(row).execute();
}

export const findIncident = (db: Q, id: string) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();

export async function updateIncident(db: Q, id: string, patch: Partial<IncidentRow>): Promise<void> {
  await db.updateTable('incidents').set(patch).where('id', '=', id).execute();
}

export async function deleteIncident(db: Q, id: string): Promise<void> {
  await db.deleteFrom('incidents').where('id', '=', id).execute();
}

/** Moves an incident only if it is still in the state checked (the update is the guard). */
export async function moveIncident(db: Q, id: string, from: string, patch: Partial<IncidentRow>): Promise<boolean> {
  const r = await db.updateTable('incidents').set(patch).where('id', '=', id).where('status', '=', from as IncidentRow['status']).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function incidentsOf(db: Q, institutionId: string, f: { status?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  let q = db.selectFrom('incidents').selectAll().where('institution_id', '=', institutionId);
  if (f.status) q = q.where('status', '=', f.status as IncidentRow['status']);
  if (f.from) q = q.where('aware_at', '>=', f.from);
  if (f.to) q = q.where('aware_at', '<', f.to);
  return q.orderBy('aware_at', 'desc').orderBy('id').limit(2000).execute();
}

// Assets, timeline, tasks, evidence

export const assetsOf = (db: Q, incidentId: string) => db.selectFrom('incident_assets').selectAll().where('incident_id', '=', incidentId).orderBy('ord').execute();
export async function replaceAssets(db: Q, incidentId: string, rows: AssetRow[]): Promise<void> {
  await db.deleteFrom('incident_assets').where('incident_id', '=', incidentId).execute();
  if (rows.length) await db.insertInto('incident_assets').values(rows).execute();
}

export const eventsOf = (db: Q, incidentId: string) => db.selectFrom('incident_events').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('created_at').execute();
export async function insertEvent(db: Q, row: EventRow): Promise<void> {
  await db.insertInto('incident_events').values(row).execute();
}

/** By due date (undated last), then as created. */
export async function tasksOf(db: Q, incidentId: string): Promise<TaskRow[]> {
  const rows = await db.selectFrom('incident_tasks').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').execute();
  return rows.sort((a, b) => (a.due_date ?? '9999-12-31').localeCompare(b.due_date ?? '9999-12-31'));
}
export const findTask = (db: Q, incidentId: string, id: string) => db.selectFrom('incident_tasks').selectAll().where('incident_id', '=', incidentId).where('id', '=', id).executeTakeFirst();
export async function insertTask(db: Q, row: TaskRow): Promise<void> {
  await db.insertInto('incident_tasks').values(row).execute();
}
export async function updateTask(db: Q, id: string, patch: Partial<TaskRow>): Promise<void> {
  await db.updateTable('incident_tasks').set(patch).where('id', '=', id).execute();
}

const EVIDENCE_COLUMNS = ['id', 'incident_id', 'filename', 'media_type', 'size_bytes', 'sha256', 'note', 'created_by', 'created_at'] as const;
export const evidenceOf = (db: Q, incidentId: string) => db.selectFrom('incident_evidence').select(EVIDENCE_COLUMNS).where('incident_id', '=', incidentId).orderBy('created_at').execute();
export const evidenceFile = (db: Q, incidentId: string, id: string) =>
  db.selectFrom('incident_evidence').selectAll().where('incident_id', '=', incidentId).where('id', '=', id).executeTakeFirst();
export async function insertEvidence(db: Q, row: IncidentEvidenceTable): Promise<void> {
  await db.insertInto('incident_evidence').values(row).execute();
}

// Mandatory reports

export const obligationsOf = (db: Q, incidentId: string) => db.selectFrom('incident_obligations').selectAll().where('incident_id', '=', incidentId).orderBy('due_at').execute();
export async function insertObligation(db: Q, row: ObligationRow): Promise<void> {
  await db.insertInto('incident_obligations').values(row).execute();
}
export async function updateObligation(db: Q, incidentId: string, kind: string, patch: Partial<ObligationRow>): Promise<void> {
  await db.updateTable('incident_obligations').set(patch).where('incident_id', '=', incidentId).where('kind', '=', kind as ObligationRow['kind']).execute();
}
export async function deleteObligation(db: Q, incidentId: string, kind: string): Promise<void> {
  await db.deleteFrom('incident_obligations').where('incident_id', '=', incidentId).where('kind', '=', kind as ObligationRow['kind']).execute();
}

/** Open obligations past their deadline that nobody has been told about yet. */
export const overdueUnnotified = (db: Q, now: string) =>
  db.selectFrom('incident_obligations').innerJoin('incidents', 'incidents.id', 'incident_obligations.incident_id')
    .select(['incident_obligations.incident_id', 'incident_obligations.kind', 'incident_obligations.due_at'])
    .where('incident_obligations.done_at', 'is', null).where('incident_obligations.overdue_notified_at', 'is', null)
    .where('incident_obligations.due_at', '<', now).orderBy('incident_obligations.due_at').execute();

/** Marks the notice as sent; false if another run did so first (only one run mails). */
export async function claimOverdueNotice(db: Q, incidentId: string, kind: string, now: string): Promise<boolean> {
  const r = await db.updateTable('incident_obligations').set({ overdue_notified_at: now }).where('incident_id', '=', incidentId).where('kind', '=', kind as ObligationRow['kind'])
    .where('overdue_notified_at', 'is', null).where('done_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Mandatory reports not yet made of these incidents (the queue marks those past their deadline). */
export const openObligationsOf = (db: Q, incidentIds: readonly string[]) =>
  incidentIds.length
    ? db.selectFrom('incident_obligations').select(['incident_id', 'kind', 'due_at']).where('incident_id', 'in', [...incidentIds]).where('done_at', 'is', null).execute()
    : Promise.resolve([]);

export const obligationsOfInstitution = (db: Q, institutionId: string, from: string, to: string) =>
  db.selectFrom('incident_obligations').innerJoin('incidents', 'incidents.id', 'incident_obligations.incident_id').selectAll('incident_obligations')
    .where('incidents.institution_id', '=', institutionId).where('incidents.aware_at', '>=', from).where('incidents.aware_at', '<', to).execute();

export const openTasksOfInstitution = (db: Q, institutionId: string, from: string, to: string) =>
  db.selectFrom('incident_tasks').innerJoin('incidents', 'incidents.id', 'incident_tasks.incident_id').selectAll('incident_tasks')
    .where('incidents.institution_id', '=', institutionId).where('incidents.aware_at', '>=', from).where('incidents.aware_at', '<', to)
    .where('incident_tasks.status', '=', 'open').execute();

// Lessons learned and near misses

export async function insertLearning(db: Q, row: LearningRow): Promise<void> {
  await db.insertInto('incident_learnings').values(row).execute();
}
export function learningsOf(db: Q, institutionId: string, f: { kind?: string | undefined; fiscalYear?: number | undefined; incidentId?: string | undefined }) {
  let q = db.selectFrom('incident_learnings').selectAll().where('institution_id', '=', institutionId);
  if (f.kind) q = q.where('kind', '=', f.kind as LearningRow['kind']);
  if (f.fiscalYear !== undefined) q = q.where('fiscal_year', '=', f.fiscalYear);
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  return q.orderBy('occurred_on', 'desc').orderBy('created_at', 'desc').limit(1000).execute();
}
