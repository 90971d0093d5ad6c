import type { Db, Trx } from '../../db/index.ts';
import type { InstitutionsTable, InvitationsTable, UsersTable, WebhooksTable } from '../../db/schema.ts';

type Q = Db | Trx;
export type InstitutionRow = InstitutionsTable;
export type InvitationRow = InvitationsTable;

export const listInstitutions = (db: Q) => db.selectFrom('institutions').selectAll().orderBy('kind', 'desc').orderBy('code').execute();
export const findInstitution = (db: Q, id: string) => db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
export const findInstitutionByCode = (db: Q, code: string) => db.selectFrom('institutions').selectAll().where('code', '=', code).executeTakeFirst();

export async function insertInstitution(db: Q, row: InstitutionRow): Promise<void> {
  await db.insertInto('institutions').values(row).execute();
}

export async function updateInstitution(db: Q, id: string, patch: Partial<InstitutionRow>): Promise<void> {
  await db.updateTable('institutions').set(patch).where('id', '=', id).execute();
}

export interface MemberFilter {
  institutionId: string;
  q?: string | undefined;
  role?: string | undefined;
  status?: 'active' | 'deactivated' | undefined;
}

function members(db: Q, f: MemberFilter) {
  let q = db.selectFrom('users').where('users.institution_id', '=', f.institutionId);
  if (f.status) q = q.where('users.status', '=', f.status);
  if (f.role) q = q.where('users.id', 'in', db.selectFrom('user_roles').select('user_id').where('role', '=', f.role));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['users.display_name']), 'like', like), eb('users.email', 'like', like)]));
  }
  return q;
}

export async function listMembers(db: Q, f: MemberFilter, offset: number, limit: number) {
  const [rows, total] = await Promise.all([
    members(db, f)
      .select(['id', 'email', 'display_name', 'status', 'mfa_enabled_at', 'last_login_at', 'created_at', 'deactivated_at'])
      .orderBy('status')
      .orderBy('display_name')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute(),
    members(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function rolesOf(db: Q, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).orderBy('role').execute();
  for (const r of rows) out.get(r.user_id)?.push(r.role);
  return out;
}

export const findUser = (db: Q, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
export const findUserByEmail = (db: Q, email: string) => db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export async function insertUser(db: Q, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Q, id: string, patch: Partial<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function replaceRoles(db: Q, userId: string, institutionId: string, roles: string[], now: string): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (!roles.length) return;
  await db
    .insertInto('user_roles')
    .values(roles.map((role) => ({ user_id: userId, role, coordinator_of: role === 'coordinator' ? institutionId : null, granted_at: now })))
    .execute();
}

export const coordinatorOf = (db: Q, institutionId: string) =>
  db.selectFrom('user_roles').select('user_id').where('coordinator_of', '=', institutionId).executeTakeFirst();

export async function insertInvitation(db: Q, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

export const findInvitationByTokenHash = (db: Q, tokenHash: string) =>
  db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
export const findInvitation = (db: Q, id: string) => db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();

export const openInvitations = (db: Q, institutionId: string, now: string) =>
  db
    .selectFrom('invitations')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();

export async function updateInvitation(db: Q, id: string, patch: Partial<InvitationRow>): Promise<void> {
  await db.updateTable('invitations').set(patch).where('id', '=', id).execute();
}

/** Active accounts not used since `before` (never-used accounts count from their creation). */
export async function unusedAccounts(db: Q, before: string, institutionId: string | null) {
  let q = db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'institution_id', 'last_login_at', 'created_at'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('last_login_at', '<', before), eb.and([eb('last_login_at', 'is', null), eb('created_at', '<', before)])]));
  if (institutionId) q = q.where('institution_id', '=', institutionId);
  return q.orderBy('last_login_at').orderBy('email').limit(1000).execute();
}

export const webhooksOf = (db: Q, institutionId: string) =>
  db.selectFrom('webhooks').selectAll().where('institution_id', '=', institutionId).orderBy('created_at').execute();

export async function insertWebhook(db: Q, row: WebhooksTable): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function updateWebhook(db: Q, id: string, patch: Partial<WebhooksTable>): Promise<void> {
  await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

export const findWebhook = (db: Q, id: string) => db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
