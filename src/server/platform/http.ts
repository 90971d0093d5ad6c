import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Actor } from '../../core/access.ts';
import { type TokenScope, resolveToken } from './auth/api-tokens.ts';
import { SESSION_COOKIE, type SessionContext, resolveSession } from './auth/service.ts';
import type { Deps } from './deps.ts';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from './errors.ts';
import { safeEqual } from './secrets.ts';

/**
 * Who may call a route. Deny by default: a route without `auth` needs a fully signed-in user.
 * - public: anyone (sign-in, invitation links, health)
 * - partial: any session, including one that still owes an MFA code or MFA enrolment
 * - user: a full session, or an API token with the right scope (unless `tokens: false`)
 */
export type RouteAuth = 'public' | 'partial' | 'user';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** false: API tokens may not call this route (e.g. managing tokens themselves). */
    tokens?: boolean;
  }
  interface FastifyRequest {
    session: SessionContext | null;
    actor: Actor | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function problem(reply: FastifyReply, code: ErrorCode, detail: string, errors: FieldError[] = []) {
  const status = ERROR_STATUS[code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `urn:renkei:problem:${code}`, title: code.replace(/_/g, ' '), status, code, detail, ...(errors.length ? { errors } : {}) });
}

export function installAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req, reply) => {
    // Only the API is guarded here; the SPA's files and the OpenAPI page are public reading.
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    const level = req.routeOptions.config?.auth ?? 'user';
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      if (level === 'public') return;
      const resolved = await resolveToken(deps, bearer, req.ip);
      if (!resolved) return problem(reply, 'unauthenticated', 'APIトークンが無効です');
      if (level === 'partial' || req.routeOptions.config?.tokens === false) {
        return problem(reply, 'forbidden', 'この操作はAPIトークンでは行えません');
      }
      const needed: TokenScope = UNSAFE.has(req.method) ? 'write' : 'read';
      if (!resolved.scopes.includes(needed) && !(needed === 'read' && resolved.scopes.includes('write'))) {
        return problem(reply, 'forbidden', `このAPIトークンには ${needed} 権限がありません`);
      }
      req.actor = resolved.actor;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    const ctx = token ? await resolveSession(deps, token, req.ip) : null;
    if (ctx && UNSAFE.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, ctx.session.csrf_token)) {
        return problem(reply, 'csrf', 'CSRFトークンがありません、または正しくありません');
      }
    }
    req.session = ctx;
    if (ctx?.session.stage === 'full') req.actor = ctx.actor;
    if (level === 'public') return;
    if (!ctx) return problem(reply, 'unauthenticated', 'サインインしてください');
    if (level === 'user' && ctx.session.stage !== 'full') {
      return problem(reply, 'mfa_required', ctx.session.stage === 'mfa' ? '確認コードを入力してください' : '多要素認証を設定してください');
    }
  });
}

/** The signed-in actor of a route with auth 'user' (guaranteed by the hook). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'サインインしてください');
  return req.actor;
}

export function sessionOf(req: FastifyRequest): SessionContext {
  if (!req.session) throw new AppError('unauthenticated', 'サインインしてください');
  return req.session;
}

/** Maps every error to problem+json. Unknown errors are logged and answered without internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return problem(reply, err.code, err.message, err.fields);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return problem(reply, 'validation', '入力内容に誤りがあります', fields);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return problem(reply, 'unavailable', '応答を作成できませんでした');
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return problem(reply, 'payload_too_large', 'リクエストが大きすぎます');
    if (status === 415) return problem(reply, 'unsupported_media_type', 'この形式のリクエストは受け付けられません');
    if (status === 429) return problem(reply, 'too_many_requests', 'リクエストが多すぎます。しばらく待ってから再度お試しください');
    if (status >= 400 && status < 500) return problem(reply, 'bad_request', err.message || 'リクエストが正しくありません');
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).type('application/problem+json').send({
      type: 'urn:renkei:problem:internal',
      title: 'internal error',
      status: 500,
      code: 'internal',
      detail: '内部エラーが発生しました。管理者に連絡してください',
    });
  });
}
