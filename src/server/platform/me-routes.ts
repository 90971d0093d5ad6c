import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateToken, NotificationPrefs, PasswordChange, PatchMe, SessionInfo, TokenView } from '../../common/api/platform.ts';
import { changePassword, updateProfile } from './auth/account.ts';
import { createToken, listTokens, revokeToken } from './auth/api-tokens.ts';
import { sessionInfo } from './auth/routes.ts';
import { SESSION_COOKIE, resolveSession } from './auth/service.ts';
import type { Deps } from './deps.ts';
import { actorOf, sessionOf } from './http.ts';
import { myPreferences, setMyPreferences } from './outbox/service.ts';

/** The signed-in user's own account: profile, password, notification settings and API tokens. */
export function meRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['me'];

  r.get('/me', { config: { tokens: false }, schema: { tags, response: { 200: SessionInfo } } }, async (req) => sessionInfo(sessionOf(req)));

  r.patch('/me', { config: { tokens: false }, schema: { tags, body: PatchMe, response: { 200: SessionInfo } } }, async (req) => {
    await updateProfile(deps, sessionOf(req), req.body);
    const fresh = await resolveSession(deps, req.cookies[SESSION_COOKIE] ?? '', req.ip);
    return sessionInfo(fresh ?? sessionOf(req));
  });

  r.post('/me/password', { config: { tokens: false, rateLimit: { max: 10, timeWindow: '1 minute' } }, schema: { tags, body: PasswordChange } }, async (req, reply) => {
    await changePassword(deps, sessionOf(req), req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send();
  });

  r.get('/me/notifications', {
    schema: { tags, response: { 200: z.object({ items: z.array(z.object({ eventType: z.string(), label: z.string(), labelEn: z.string(), mandatory: z.boolean(), email: z.boolean() })) }) } },
  }, async (req) => ({ items: await myPreferences(deps, actorOf(req)) }));

  r.put('/me/notifications', { schema: { tags, body: NotificationPrefs } }, async (req, reply) => {
    await setMyPreferences(deps, actorOf(req), req.body.items);
    return reply.code(204).send();
  });

  r.get('/me/tokens', { config: { tokens: false }, schema: { tags, response: { 200: z.object({ items: z.array(TokenView) }) } } },
    async (req) => ({ items: await listTokens(deps, actorOf(req)) }));

  r.post('/me/tokens', { config: { tokens: false }, schema: { tags, summary: 'Issue an API token (shown once)', body: CreateToken, response: { 201: z.object({ token: z.string(), item: TokenView }) } } },
    async (req, reply) => reply.code(201).send(await createToken(deps, actorOf(req), req.body)));

  r.delete('/me/tokens/:id', { config: { tokens: false }, schema: { tags, params: z.object({ id: z.string().max(100) }) } }, async (req, reply) => {
    await revokeToken(deps, actorOf(req), req.params.id);
    return reply.code(204).send();
  });
}
