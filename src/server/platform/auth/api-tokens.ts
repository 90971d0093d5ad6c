import type { Actor } from '../../../core/access.ts';
import { recordAudit } from '../audit/service.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { hashSecret, newId, newSecret } from '../secrets.ts';
import * as repo from './repo.ts';
import { actorFor } from './service.ts';

/** Machine clients use scoped, revocable bearer tokens; only their hash is stored. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
const TOKEN_PREFIX = 'rk_';

export function toTokenView(row: repo.ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as TokenScope[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export async function createToken(deps: Deps, actor: Actor, input: { name: string; scopes: TokenScope[]; expiresInDays?: number | undefined }) {
  if (!actor.userId || !actor.sessionId) throw new AppError('forbidden', 'APIトークンはサインインした画面からのみ発行できます');
  const now = deps.now();
  const token = newSecret(TOKEN_PREFIX);
  const row: repo.ApiTokenRow = {
    id: newId(),
    user_id: actor.userId,
    name: input.name,
    token_hash: hashSecret(token),
    scopes: JSON.stringify([...new Set(input.scopes)].sort()),
    created_at: now.toISOString(),
    last_used_at: null,
    expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
    revoked_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertApiToken(trx, row);
    await recordAudit(trx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: row.id, changes: { name: row.name, scopes: input.scopes, expiresAt: row.expires_at } });
  });
  return { token, item: toTokenView(row) };
}

export async function listTokens(deps: Deps, actor: Actor) {
  if (!actor.userId) return [];
  return (await repo.listApiTokens(deps.db, actor.userId)).map(toTokenView);
}

export async function revokeToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  const tokens = actor.userId ? await repo.listApiTokens(deps.db, actor.userId) : [];
  const token = tokens.find((t) => t.id === id);
  if (!token) throw notFound('API token');
  if (token.revoked_at) return;
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateApiToken(trx, id, { revoked_at: deps.now().toISOString() });
    await recordAudit(trx, actor, { action: 'api_token.revoke', objectType: 'api_token', objectId: id });
  });
}

/** Resolves a bearer token to an actor with its scopes, or null when unknown, revoked, expired or the user left. */
export async function resolveToken(deps: Deps, token: string, ip: string | null): Promise<{ actor: Actor; scopes: TokenScope[] } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await repo.findApiTokenByHash(deps.db, hashSecret(token));
  const now = deps.now();
  if (!row || row.revoked_at || (row.expires_at && new Date(row.expires_at) <= now)) return null;
  const principal = await repo.loadPrincipal(deps.db, row.user_id);
  if (!principal || principal.status !== 'active') return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await repo.updateApiToken(deps.db, row.id, { last_used_at: now.toISOString() });
  }
  return { actor: actorFor(principal, ip), scopes: JSON.parse(row.scopes) as TokenScope[] };
}
