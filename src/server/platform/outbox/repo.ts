import type { Db, Trx } from '../../db/index.ts';
import type { OutboxTable } from '../../db/schema.ts';

type Q = Db | Trx;
export type OutboxRow = OutboxTable;

export async function insertMessages(db: Q, rows: OutboxRow[]): Promise<void> {
  if (rows.length) await db.insertInto('outbox').values(rows).execute();
}

export function dueMessages(db: Q, now: string, channels: OutboxRow['channel'][], limit: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where('channel', 'in', channels)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

/**
 * Claims a message for one worker: the update only matches while nobody else holds a lease,
 * so two workers (or a restarted one) never send the same message at the same time.
 * `attempts` is the count the worker read: if another worker has tried (and failed) the message
 * since, the row no longer matches, so a stale batch neither resends it before its retry time
 * nor writes back an attempt count that went backwards.
 */
export async function claim(db: Q, id: string, attempts: number, now: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempts)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markSent(db: Q, id: string, now: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sent_at: now, lease_until: null, last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(db: Q, id: string, patch: Pick<OutboxRow, 'attempts' | 'next_attempt_at' | 'last_error' | 'status'>): Promise<void> {
  await db.updateTable('outbox').set({ ...patch, lease_until: null }).where('id', '=', id).execute();
}

export function countByStatus(db: Q) {
  return db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
}

export function emailPrefs(db: Q, userIds: string[], eventType: string) {
  return db.selectFrom('notification_prefs').select(['user_id', 'email']).where('user_id', 'in', userIds).where('event_type', '=', eventType).execute();
}

export function recipients(db: Q, userIds: string[]) {
  return db.selectFrom('users').select(['id', 'email', 'locale']).where('id', 'in', userIds).where('status', '=', 'active').execute();
}

export function prefsOf(db: Q, userId: string) {
  return db.selectFrom('notification_prefs').select(['event_type', 'email']).where('user_id', '=', userId).execute();
}

export async function putPref(db: Q, userId: string, eventType: string, email: boolean, now: string): Promise<void> {
  await db
    .insertInto('notification_prefs')
    .values({ user_id: userId, event_type: eventType, email: email ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'event_type']).doUpdateSet({ email: email ? 1 : 0, updated_at: now }))
    .execute();
}

export function activeWebhooks(db: Q, institutionId: string) {
  return db.selectFrom('webhooks').selectAll().where('institution_id', '=', institutionId).where('disabled_at', 'is', null).execute();
}

export function webhookById(db: Q, id: string) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}
