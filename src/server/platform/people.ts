import type { Db, Trx } from '../db/index.ts';

/** Active users of an institution holding any of the roles (ids, sorted): who gets a module's mail. */
export async function activeRoleHolders(db: Db | Trx, institutionId: string, roles: readonly string[]): Promise<string[]> {
  if (!roles.length) return [];
  const rows = await db.selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select('users.id').distinct()
    .where('users.institution_id', '=', institutionId).where('users.status', '=', 'active').where('user_roles.role', 'in', [...roles]).orderBy('users.id').execute();
  return rows.map((r) => r.id);
}
