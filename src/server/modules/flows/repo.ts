import type { Db, Trx } from '../../db/index.ts';
import type { FlowAlertEventsTable, FlowAlertStatus, FlowAlertsTable } from '../../db/schema.ts';

type Q = Db | Trx;
export type AlertRow = FlowAlertsTable;
export type EventRow = FlowAlertEventsTable;

/**
 * Alerts that new sightings may still extend: in review, dismissed (a false positive stays
 * quiet for its window, unless new traffic would raise its urgency: the service then opens a
 * new alert) or still being handled by the institution. Not merged or closed ones,
 * and not those the institution reported mitigated or not affected: contact after that is a new
 * alert, so the institution hears that its measure did not hold.
 */
export function openAlertsFor(db: Q, keys: { institutionId: string; internalHost: string; indicatorId: string }[]) {
  if (!keys.length) return Promise.resolve([] as AlertRow[]);
  const institutions = [...new Set(keys.map((k) => k.institutionId))];
  const hosts = [...new Set(keys.map((k) => k.internalHost))];
  const indicators = [...new Set(keys.map((k) => k.indicatorId))];
  return db
    .selectFrom('flow_alerts')
    .selectAll()
    .where('institution_id', 'in', institutions)
    .where('internal_host', 'in', hosts)
    .where('indicator_id', 'in', indicators)
    .where('status', 'in', ['review', 'dismissed', 'received', 'acknowledged', 'investigating'])
    .execute();
}

export async function insertAlert(db: Q, row: AlertRow): Promise<void> {
  await db.insertInto('flow_alerts').values(row).execute();
}

export async function updateAlert(db: Q, id: string, patch: Partial<AlertRow>): Promise<void> {
  await db.updateTable('flow_alerts').set(patch).where('id', '=', id).execute();
}

/**
 * Changes an alert only if it is still in status `from` (the update is the guard: two requests
 * racing on PostgreSQL cannot both move it on). False when another request got there first.
 */
export async function transition(db: Q, id: string, from: FlowAlertStatus, patch: Partial<AlertRow>): Promise<boolean> {
  const r = await db.updateTable('flow_alerts').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const findAlert = (db: Q, id: string) => db.selectFrom('flow_alerts').selectAll().where('id', '=', id).executeTakeFirst();

export interface AlertFilter {
  institutionId?: string | undefined;
  status?: FlowAlertStatus[] | undefined;
  urgency?: string | undefined;
  category?: string | undefined;
  host?: string | undefined;
}

function filtered(db: Q, f: AlertFilter) {
  let q = db.selectFrom('flow_alerts');
  if (f.institutionId) q = q.where('institution_id', '=', f.institutionId);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.urgency) q = q.where('urgency', '=', f.urgency as AlertRow['urgency']);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.host) q = q.where('internal_host', '=', f.host);
  return q;
}

export async function listAlerts(db: Q, f: AlertFilter, offset: number, limit: number) {
  const [rows, total] = await Promise.all([
    filtered(db, f).selectAll().orderBy('score', 'desc').orderBy('last_seen', 'desc').orderBy('id').offset(offset).limit(limit).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function insertEvent(db: Q, row: EventRow): Promise<void> {
  await db.insertInto('flow_alert_events').values(row).execute();
}

export const eventsOf = (db: Q, alertId: string) => db.selectFrom('flow_alert_events').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute();

/** Indicators by id, with their source's state (read-only: what an alert needs to describe its indicator). */
export const indicatorsByIds = (db: Q, ids: string[]) =>
  ids.length
    ? db.selectFrom('indicators').innerJoin('indicator_sources', 'indicator_sources.id', 'indicators.source_id')
      .select(['indicators.id', 'indicators.type', 'indicators.value', 'indicators.category', 'indicators.confidence', 'indicators.valid_until', 'indicator_sources.disabled_at'])
      .where('indicators.id', 'in', ids).execute()
    : Promise.resolve([]);


/** Sent alerts whose acknowledgement deadline passed without acknowledgement or escalation. */
export const overdueAlerts = (db: Q, now: string) =>
  db.selectFrom('flow_alerts').selectAll().where('status', '=', 'received').where('acknowledged_at', 'is', null).where('escalated_at', 'is', null).where('ack_deadline', '<', now).execute();

/** Marks an alert escalated unless someone else already did (the update is the guard). */
export async function markEscalated(db: Q, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('flow_alerts').set({ escalated_at: now, updated_at: now }).where('id', '=', id).where('escalated_at', 'is', null).where('acknowledged_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const sentAlerts = (db: Q) =>
  db.selectFrom('flow_alerts').select(['institution_id', 'created_at', 'first_seen', 'sent_at', 'acknowledged_at', 'closed_at']).where('sent_at', 'is not', null).execute();

/** Ids of member institutions (the operator organisation has no hosts to alert about). */
export const memberInstitutionIds = async (db: Q) =>
  (await db.selectFrom('institutions').select('id').where('kind', '=', 'member').execute()).map((r) => r.id);

/**
 * What the research statistics need of sent alerts first seen in [start, end): the institution id
 * only to count institutions (never returned by the export), no host, indicator or name.
 */
export const researchAlerts = (db: Q, start: string, end: string, statuses: FlowAlertStatus[]) =>
  db.selectFrom('flow_alerts').select(['institution_id', 'category', 'ports', 'urgency', 'first_seen', 'sightings'])
    .where('status', 'in', statuses).where('first_seen', '>=', start).where('first_seen', '<', end).execute();

export const institutionNames = (db: Q) => db.selectFrom('institutions').select(['id', 'code', 'name_ja', 'name_en']).execute();
export const institutionName = (db: Q, id: string) => db.selectFrom('institutions').select(['id', 'code', 'name_ja', 'name_en']).where('id', '=', id).executeTakeFirst();
