import { PASSWORD_PROBLEM_TEXT, checkPassword } from '../../../core/password-policy.ts';
import { recordAudit } from '../audit/service.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import * as repo from './repo.ts';
import type { SessionContext } from './service.ts';

/** A user's own account settings. */
export async function updateProfile(deps: Deps, ctx: SessionContext, input: { displayName?: string | undefined; locale?: 'ja' | 'en' | undefined }) {
  const patch = {
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, ctx.principal.id, { ...patch, updated_at: deps.now().toISOString() });
    await recordAudit(trx, ctx.actor, { action: 'user.profile', objectType: 'user', objectId: ctx.principal.id, changes: input });
  });
}

export function passwordProblems(password: string, email: string) {
  return checkPassword(password, email).map((p) => ({ path: 'body.newPassword', message: PASSWORD_PROBLEM_TEXT[p] }));
}

/** Changing the password ends every other session: whoever knew the old one is out. */
export async function changePassword(deps: Deps, ctx: SessionContext, currentPassword: string, newPassword: string): Promise<void> {
  const user = await repo.findUserById(deps.db, ctx.principal.id);
  if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
    throw new AppError('validation', '現在のパスワードが正しくありません', [{ path: 'body.currentPassword', message: '現在のパスワードが正しくありません' }]);
  }
  const problems = passwordProblems(newPassword, user.email);
  if (problems.length) throw new AppError('validation', 'パスワードが要件を満たしていません', problems);
  const hash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.now().toISOString();
    await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: now });
    await repo.revokeUserSessions(trx, user.id, now, ctx.session.id);
    await recordAudit(trx, ctx.actor, { action: 'user.password_changed', objectType: 'user', objectId: user.id });
  });
}
