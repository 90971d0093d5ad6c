import { type Actor, can } from '../../../core/access.ts';
import { ACCOUNT_RULE, ADDRESS_RULE, type ThrottleRule, afterFailure, isLocked } from '../../../core/throttle.ts';
import { type Role, requiresMfa } from '../../../common/roles.ts';
import { recordAudit } from '../audit/service.ts';
import type { Deps } from '../deps.ts';
import { AppError, forbidden } from '../errors.ts';
import { hashSecret, newId, newSecret } from '../secrets.ts';
import { verifyPassword } from './passwords.ts';
import * as repo from './repo.ts';
import { acceptedStep } from './totp.ts';

export const SESSION_COOKIE = 'renkei_session';
export type SessionStage = repo.SessionRow['stage'];

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export const normaliseEmail = (email: string) => email.trim().normalize('NFKC').toLowerCase();
const accountKey = (email: string) => `acct:${normaliseEmail(email)}`;
const addressKey = (ip: string | null) => `ip:${ip ?? 'unknown'}`;

/** The one answer to a failed sign-in, whether or not the account exists. */
const invalidCredentials = () => new AppError('unauthenticated', 'メールアドレスまたはパスワードが正しくありません');
const throttled = () => new AppError('too_many_requests', '試行回数が上限を超えました。しばらく待ってから再度お試しください');

export function actorFor(principal: NonNullable<Awaited<ReturnType<typeof repo.loadPrincipal>>>, ip: string | null, sessionId?: string): Actor {
  return {
    kind: 'user',
    userId: principal.id,
    institutionId: principal.institution_id,
    institutionKind: principal.institution_kind,
    roles: principal.roles as Role[],
    label: principal.email,
    ip,
    ...(sessionId ? { sessionId } : {}),
  };
}

async function throttleState(deps: Deps, key: string) {
  const row = await repo.getThrottle(deps.db, key);
  return row && {
    failures: row.failures,
    windowStartedAt: new Date(row.window_started_at),
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
  };
}

async function recordFailure(deps: Deps, keys: [string, ThrottleRule][]): Promise<void> {
  const now = deps.now();
  for (const [key, rule] of keys) {
    const next = afterFailure(await throttleState(deps, key), rule, now);
    await repo.putThrottle(deps.db, {
      key,
      failures: next.failures,
      window_started_at: next.windowStartedAt.toISOString(),
      locked_until: next.lockedUntil?.toISOString() ?? null,
    });
  }
}

async function assertNotThrottled(deps: Deps, keys: string[]): Promise<void> {
  const now = deps.now();
  for (const key of keys) if (isLocked(await throttleState(deps, key), now)) throw throttled();
}

export interface SessionStart {
  token: string;
  stage: SessionStage;
  csrfToken: string;
  sessionId: string;
}

/**
 * Opens a session for a user who has proved who they are, by whatever method. Password sign-in
 * uses it now; SAML (GakuNin) and OIDC providers will call it with their own `method`.
 */
export async function startSession(deps: Deps, userId: string, method: string, client: ClientInfo): Promise<SessionStart> {
  const principal = await repo.loadPrincipal(deps.db, userId);
  if (!principal || principal.status !== 'active') throw invalidCredentials();
  const stage: SessionStage = principal.mfa_enabled_at ? 'mfa' : requiresMfa(principal.roles as Role[]) ? 'mfa_setup' : 'full';
  const now = deps.now();
  const token = newSecret();
  const session: repo.SessionRow = {
    id: newId(),
    token_hash: hashSecret(token),
    user_id: userId,
    auth_method: method,
    stage,
    csrf_token: newSecret(),
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + deps.config.session.maxHours * 3_600_000).toISOString(),
    revoked_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, session);
    if (stage !== 'mfa') await repo.updateUser(trx, userId, { last_login_at: now.toISOString() });
    await recordAudit(trx, actorFor(principal, client.ip, session.id), {
      action: 'auth.sign_in',
      objectType: 'session',
      objectId: session.id,
      changes: { method, stage },
    }, now);
  });
  return { token, stage, csrfToken: session.csrf_token, sessionId: session.id };
}

export async function signInWithPassword(deps: Deps, email: string, password: string, client: ClientInfo): Promise<SessionStart> {
  const keys = [accountKey(email), addressKey(client.ip)];
  await assertNotThrottled(deps, keys);
  const user = await repo.findUserByEmail(deps.db, normaliseEmail(email));
  const ok = await verifyPassword(user?.status === 'active' ? user.password_hash : null, password);
  if (!ok || !user) {
    await recordFailure(deps, [[keys[0]!, ACCOUNT_RULE], [keys[1]!, ADDRESS_RULE]]);
    throw invalidCredentials();
  }
  await repo.clearThrottle(deps.db, keys[0]!);
  return startSession(deps, user.id, 'password', client);
}

export interface SessionContext {
  session: repo.SessionRow;
  principal: NonNullable<Awaited<ReturnType<typeof repo.loadPrincipal>>>;
  actor: Actor;
}

/** Resolves a session cookie to its user, or null when the session is unknown, ended or idle too long. */
export async function resolveSession(deps: Deps, token: string, ip: string | null): Promise<SessionContext | null> {
  const session = await repo.findSessionByTokenHash(deps.db, hashSecret(token));
  if (!session || session.revoked_at) return null;
  const now = deps.now();
  const idleLimit = new Date(session.last_seen_at).getTime() + deps.config.session.idleMinutes * 60_000;
  if (new Date(session.expires_at).getTime() <= now.getTime() || idleLimit <= now.getTime()) return null;
  const principal = await repo.loadPrincipal(deps.db, session.user_id);
  if (!principal || principal.status !== 'active') return null;
  // Touch at most once a minute: a read-heavy page should not write on every request.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    await repo.updateSession(deps.db, session.id, { last_seen_at: now.toISOString() });
  }
  return { session, principal, actor: actorFor(principal, ip, session.id) };
}

async function checkTotpOrRecovery(deps: Deps, userId: string, code: string): Promise<'totp' | 'recovery' | null> {
  const user = await repo.findUserById(deps.db, userId);
  if (!user?.mfa_secret || !user.mfa_enabled_at) return null;
  const now = deps.now();
  const cleaned = code.replace(/[\s-]/g, '');
  const step = acceptedStep(deps.box.open(user.mfa_secret), cleaned, now);
  if (step !== null) {
    if (user.mfa_last_step !== null && step <= user.mfa_last_step) return null;
    await repo.updateUser(deps.db, userId, { mfa_last_step: step });
    return 'totp';
  }
  if (/^[a-z0-9]{10}$/i.test(cleaned)) {
    if (await repo.consumeRecoveryCode(deps.db, userId, hashSecret(cleaned.toLowerCase()), now.toISOString())) return 'recovery';
  }
  return null;
}

/** Second step of sign-in. Wrong codes count against the same account throttle as passwords. */
export async function verifyMfa(deps: Deps, ctx: SessionContext, code: string): Promise<SessionStage> {
  if (ctx.session.stage !== 'mfa') throw new AppError('conflict', 'この手続きは不要です');
  const key = accountKey(ctx.principal.email);
  await assertNotThrottled(deps, [key]);
  const used = await checkTotpOrRecovery(deps, ctx.principal.id, code);
  if (!used) {
    await recordFailure(deps, [[key, ACCOUNT_RULE]]);
    throw new AppError('validation', '確認コードが正しくありません', [{ path: 'code', message: '確認コードが正しくありません' }]);
  }
  await repo.clearThrottle(deps.db, key);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateSession(trx, ctx.session.id, { stage: 'full', last_seen_at: now });
    await repo.updateUser(trx, ctx.principal.id, { last_login_at: now });
    await recordAudit(trx, ctx.actor, { action: 'auth.mfa_verified', objectType: 'session', objectId: ctx.session.id, changes: { method: used } });
  });
  return 'full';
}

export { checkTotpOrRecovery };

export async function signOut(deps: Deps, ctx: SessionContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateSession(trx, ctx.session.id, { revoked_at: deps.now().toISOString() });
    await recordAudit(trx, ctx.actor, { action: 'auth.sign_out', objectType: 'session', objectId: ctx.session.id });
  });
}

export async function signOutEverywhere(deps: Deps, ctx: SessionContext): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const n = await repo.revokeUserSessions(trx, ctx.principal.id, deps.now().toISOString());
    await recordAudit(trx, ctx.actor, { action: 'auth.sign_out_everywhere', objectType: 'user', objectId: ctx.principal.id, changes: { sessions: n } });
    return n;
  });
}

/** An administrator lifts a sign-in lockout of an account in their institution. */
export async function liftLockout(deps: Deps, actor: Actor, userId: string): Promise<void> {
  const user = await repo.findUserById(deps.db, userId);
  if (!user || !can.liftLockout(actor, user.institution_id)) throw forbidden();
  await deps.db.transaction().execute(async (trx) => {
    const cleared = await repo.clearThrottle(trx, accountKey(user.email));
    await recordAudit(trx, actor, { action: 'user.unlock', objectType: 'user', objectId: userId, institutionId: user.institution_id, changes: { cleared } });
  });
}

export async function lockedUserEmails(deps: Deps, emails: string[]): Promise<Set<string>> {
  const locked = await repo.lockedKeys(deps.db, emails.map(accountKey), deps.now().toISOString());
  return new Set(emails.filter((e) => locked.has(accountKey(e))));
}
