import type { Db, Trx } from '../../db/index.ts';
import type { ApiTokensTable, LoginThrottleTable, SessionsTable, UsersTable } from '../../db/schema.ts';

type Q = Db | Trx;

export type UserRow = UsersTable;
export type SessionRow = SessionsTable;

export function findUserByEmail(db: Q, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Q, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user with what an Actor needs: institution and roles. */
export async function loadPrincipal(db: Q, userId: string) {
  const user = await db
    .selectFrom('users')
    .innerJoin('institutions', 'institutions.id', 'users.institution_id')
    .select([
      'users.id', 'users.email', 'users.display_name', 'users.locale', 'users.status', 'users.mfa_enabled_at',
      'users.institution_id', 'institutions.kind as institution_kind', 'institutions.code as institution_code',
      'institutions.name_ja as institution_name_ja', 'institutions.name_en as institution_name_en',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return { ...user, roles: roles.map((r) => r.role) };
}

export async function updateUser(db: Q, id: string, patch: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function insertSession(db: Q, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findSessionByTokenHash(db: Q, tokenHash: string) {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function updateSession(db: Q, id: string, patch: Partial<SessionRow>): Promise<void> {
  await db.updateTable('sessions').set(patch).where('id', '=', id).execute();
}

/** Ends every live session of a user (but `keep`, when given); returns how many. */
export async function revokeUserSessions(db: Q, userId: string, now: string, keep?: string): Promise<number> {
  let q = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep) q = q.where('id', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', now), eb('revoked_at', 'is not', null)])).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function replaceRecoveryCodes(db: Q, userId: string, rows: { id: string; code_hash: string }[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length) await db.insertInto('recovery_codes').values(rows.map((r) => ({ ...r, user_id: userId, used_at: null }))).execute();
}

/** Marks a recovery code used; true only if it existed and was unused (so a code works once). */
export async function consumeRecoveryCode(db: Q, userId: string, codeHash: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Q, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function getThrottle(db: Q, key: string) {
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function putThrottle(db: Q, row: LoginThrottleTable): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, window_started_at: row.window_started_at, locked_until: row.locked_until }))
    .execute();
}

export async function clearThrottle(db: Q, key: string): Promise<number> {
  const r = await db.deleteFrom('login_throttle').where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function lockedKeys(db: Q, keys: string[], now: string): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db.selectFrom('login_throttle').select('key').where('key', 'in', keys).where('locked_until', '>', now).execute();
  return new Set(rows.map((r) => r.key));
}

export type ApiTokenRow = ApiTokensTable;

export async function insertApiToken(db: Q, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export function findApiTokenByHash(db: Q, tokenHash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function listApiTokens(db: Q, userId: string) {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function updateApiToken(db: Q, id: string, patch: Partial<ApiTokenRow>): Promise<void> {
  await db.updateTable('api_tokens').set(patch).where('id', '=', id).execute();
}
