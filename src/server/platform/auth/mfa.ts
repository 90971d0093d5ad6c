import { randomBytes } from 'node:crypto';
import { type Role, requiresMfa } from '../../../common/roles.ts';
import { recordAudit } from '../audit/service.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { hashSecret, newId } from '../secrets.ts';
import * as repo from './repo.ts';
import { type SessionContext, checkTotpOrRecovery } from './service.ts';
import { acceptedStep, enrolment, newTotpSecret } from './totp.ts';

const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let code = '';
  for (const b of bytes) code += ALPHABET[b % ALPHABET.length];
  return code;
}

const wrongCode = () => new AppError('validation', '確認コードが正しくありません', [{ path: 'code', message: '確認コードが正しくありません' }]);

async function issueRecoveryCodes(trx: Parameters<typeof repo.replaceRecoveryCodes>[0], userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await repo.replaceRecoveryCodes(trx, userId, codes.map((c) => ({ id: newId(), code_hash: hashSecret(c) })));
  // Shown grouped for reading aloud; accepted with or without the dash.
  return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
}

/** Starts (or restarts) enrolment: a new secret, not active until a code from it is confirmed. */
export async function beginEnrolment(deps: Deps, ctx: SessionContext) {
  if (ctx.principal.mfa_enabled_at) throw new AppError('conflict', '多要素認証はすでに有効です');
  const secret = newTotpSecret();
  await repo.updateUser(deps.db, ctx.principal.id, { mfa_secret: deps.box.seal(secret), updated_at: deps.now().toISOString() });
  return enrolment(secret, ctx.principal.email);
}

/** Confirms enrolment with a first code; the session becomes full and recovery codes are shown once. */
export async function confirmEnrolment(deps: Deps, ctx: SessionContext, code: string): Promise<string[]> {
  const user = await repo.findUserById(deps.db, ctx.principal.id);
  if (!user?.mfa_secret || user.mfa_enabled_at) throw new AppError('conflict', '先に多要素認証の設定を開始してください');
  const step = acceptedStep(deps.box.open(user.mfa_secret), code.replace(/\s/g, ''), deps.now());
  if (step === null) throw wrongCode();
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { mfa_enabled_at: now, mfa_last_step: step, updated_at: now });
    if (ctx.session.stage === 'mfa_setup') {
      await repo.updateSession(trx, ctx.session.id, { stage: 'full' });
      await repo.updateUser(trx, user.id, { last_login_at: now });
    }
    await recordAudit(trx, ctx.actor, { action: 'user.mfa_enabled', objectType: 'user', objectId: user.id });
    return issueRecoveryCodes(trx, user.id);
  });
}

export async function regenerateRecoveryCodes(deps: Deps, ctx: SessionContext, code: string): Promise<string[]> {
  if (!(await checkTotpOrRecovery(deps, ctx.principal.id, code))) throw wrongCode();
  return deps.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.actor, { action: 'user.recovery_codes_regenerated', objectType: 'user', objectId: ctx.principal.id });
    return issueRecoveryCodes(trx, ctx.principal.id);
  });
}

/** Turning MFA off is refused for the roles that must have it. */
export async function disable(deps: Deps, ctx: SessionContext, code: string): Promise<void> {
  if (requiresMfa(ctx.principal.roles as Role[])) throw new AppError('forbidden', 'この役割では多要素認証を無効にできません');
  if (!(await checkTotpOrRecovery(deps, ctx.principal.id, code))) throw wrongCode();
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, ctx.principal.id, { mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, updated_at: now });
    await repo.replaceRecoveryCodes(trx, ctx.principal.id, []);
    await recordAudit(trx, ctx.actor, { action: 'user.mfa_disabled', objectType: 'user', objectId: ctx.principal.id });
  });
}

export function remainingRecoveryCodes(deps: Deps, userId: string) {
  return repo.countUnusedRecoveryCodes(deps.db, userId);
}
