import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, isConsortiumAdmin } from '../../../core/access.ts';
import { type Role, requiresMfa } from '../../../common/roles.ts';
import { CodeBody, LoginBody, MfaEnrolment, RecoveryCodes, SessionReply } from '../../../common/api/platform.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { sessionOf } from '../http.ts';
import * as mfa from './mfa.ts';
import { SESSION_COOKIE, type SessionContext, resolveSession, signInWithPassword, signOut, signOutEverywhere, verifyMfa } from './service.ts';

export function sessionInfo(ctx: SessionContext) {
  const p = ctx.principal;
  const roles = p.roles as Role[];
  return {
    user: {
      id: p.id,
      email: p.email,
      displayName: p.display_name,
      locale: p.locale,
      mfaEnabled: !!p.mfa_enabled_at,
      mfaRequired: requiresMfa(roles),
    },
    institution: { id: p.institution_id, code: p.institution_code, kind: p.institution_kind, nameJa: p.institution_name_ja, nameEn: p.institution_name_en },
    roles,
    permissions: {
      manageInstitutions: can.manageInstitutions(ctx.actor),
      manageMembers: can.manageMembers(ctx.actor, p.institution_id),
      readAudit: can.readAudit(ctx.actor, p.institution_id),
      readAuditAll: isConsortiumAdmin(ctx.actor),
      manageRegulations: can.manageRegulations(ctx.actor, p.institution_id),
    },
  };
}

export function authRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      maxAge: deps.config.session.maxHours * 3600,
    });
  const tags = ['auth'];

  r.post('/auth/login', {
    config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Sign in with e-mail and password', body: LoginBody, response: { 200: SessionReply } },
  }, async (req, reply) => {
    const started = await signInWithPassword(deps, req.body.email, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    cookie(reply, started.token);
    const ctx = started.stage === 'full' ? await resolveSession(deps, started.token, req.ip) : null;
    return { stage: started.stage, csrfToken: started.csrfToken, session: ctx ? sessionInfo(ctx) : null };
  });

  r.get('/auth/session', {
    config: { auth: 'partial' },
    schema: { tags, summary: 'The current session', response: { 200: SessionReply } },
  }, async (req) => {
    const ctx = sessionOf(req);
    return { stage: ctx.session.stage, csrfToken: ctx.session.csrf_token, session: ctx.session.stage === 'full' ? sessionInfo(ctx) : null };
  });

  r.post('/auth/mfa/verify', {
    config: { auth: 'partial', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Second sign-in step: TOTP or recovery code', body: CodeBody, response: { 200: SessionReply } },
  }, async (req) => {
    const ctx = sessionOf(req);
    const stage = await verifyMfa(deps, ctx, req.body.code);
    return { stage, csrfToken: ctx.session.csrf_token, session: sessionInfo(ctx) };
  });

  r.post('/auth/logout', { config: { auth: 'partial' }, schema: { tags, summary: 'Sign out' } }, async (req, reply) => {
    await signOut(deps, sessionOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  r.post('/auth/logout-all', {
    config: { auth: 'partial' },
    schema: { tags, summary: 'Sign out of every session of this account', response: { 200: z.object({ ended: z.number() }) } },
  }, async (req, reply) => {
    const ended = await signOutEverywhere(deps, sessionOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ended };
  });

  // Enrolment is reachable from a session that must still set up MFA, but not from one that owes a code.
  const enrolling = (ctx: SessionContext) => {
    if (ctx.session.stage === 'mfa') throw new AppError('mfa_required', '確認コードを入力してください');
    return ctx;
  };

  r.post('/auth/mfa/setup', {
    config: { auth: 'partial' },
    schema: { tags, summary: 'Begin TOTP enrolment', response: { 200: MfaEnrolment } },
  }, async (req) => mfa.beginEnrolment(deps, enrolling(sessionOf(req))));

  r.post('/auth/mfa/enable', {
    config: { auth: 'partial' },
    schema: { tags, summary: 'Confirm TOTP enrolment with a first code', body: CodeBody, response: { 200: RecoveryCodes } },
  }, async (req) => ({ recoveryCodes: await mfa.confirmEnrolment(deps, enrolling(sessionOf(req)), req.body.code) }));

  r.post('/auth/mfa/recovery-codes', {
    config: { tokens: false },
    schema: { tags, summary: 'Replace the recovery codes', body: CodeBody, response: { 200: RecoveryCodes } },
  }, async (req) => ({ recoveryCodes: await mfa.regenerateRecoveryCodes(deps, sessionOf(req), req.body.code) }));

  r.post('/auth/mfa/disable', {
    config: { tokens: false },
    schema: { tags, summary: 'Turn MFA off (not for roles that require it)', body: CodeBody },
  }, async (req, reply) => {
    await mfa.disable(deps, sessionOf(req), req.body.code);
    return reply.code(204).send();
  });
}
