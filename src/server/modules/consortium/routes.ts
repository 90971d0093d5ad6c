import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import { liftLockout } from '../../platform/auth/service.ts';
import * as s from './schema.ts';
import * as service from './service.ts';

export function consortiumRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['consortium'];
  const noContent = { 204: z.null().describe('No content') };

  r.get('/institutions', { schema: { tags, summary: 'Institutions of the consortium', response: { 200: z.object({ items: z.array(s.Institution) }) } } },
    async (req) => ({ items: await service.listInstitutions(deps, actorOf(req)) }));

  r.post('/institutions', { schema: { tags, summary: 'Add an institution', body: s.InstitutionBody, response: { 201: s.Institution } } },
    async (req, reply) => reply.code(201).send(await service.createInstitution(deps, actorOf(req), req.body)));

  r.get('/institutions/:id', { schema: { tags, params: s.IdParam, response: { 200: s.Institution } } },
    async (req) => service.getInstitution(deps, actorOf(req), req.params.id));

  r.patch('/institutions/:id', { schema: { tags, summary: 'Change names, code or contact points', params: s.IdParam, body: s.InstitutionPatch, response: { 200: s.Institution } } },
    async (req) => service.updateInstitution(deps, actorOf(req), req.params.id, req.body));

  r.get('/institutions/:id/members', {
    schema: { tags, params: s.IdParam, querystring: s.MemberQuery, response: { 200: z.object({ items: z.array(s.Member), total: z.number(), page: z.number(), pageSize: z.number() }) } },
  }, async (req) => {
    const { page, pageSize, ...filter } = req.query;
    return service.listMembers(deps, actorOf(req), { institutionId: req.params.id, ...filter }, page, pageSize);
  });

  r.post('/institutions/:id/invitations', {
    schema: { tags, summary: 'Invite a member by e-mail link', params: s.IdParam, body: s.InviteBody, response: { 201: z.object({ invitation: s.Invitation, link: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await service.invite(deps, actorOf(req), req.params.id, req.body)));

  r.get('/institutions/:id/invitations', { schema: { tags, params: s.IdParam, response: { 200: z.object({ items: z.array(s.Invitation) }) } } },
    async (req) => ({ items: await service.listInvitations(deps, actorOf(req), req.params.id) }));

  r.delete('/invitations/:id', { schema: { tags, params: s.IdParam, response: noContent } }, async (req, reply) => {
    await service.revokeInvitation(deps, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  r.get('/invitations/by-token/:token', {
    config: { auth: 'public' },
    schema: { tags, summary: 'What an invitation link offers', params: s.TokenParam },
  }, async (req) => service.invitationDetails(deps, req.params.token));

  r.post('/invitations/by-token/:token/accept', {
    config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Accept an invitation: create the account', params: s.TokenParam, body: s.AcceptBody, response: { 201: z.object({ email: z.string() }) } },
  }, async (req, reply) => {
    const created = await service.acceptInvitation(deps, req.params.token, req.body, req.ip);
    return reply.code(201).send({ email: created.email });
  });

  r.put('/users/:id/roles', { schema: { tags, params: s.IdParam, body: s.RolesBody, response: noContent } }, async (req, reply) => {
    await service.setRoles(deps, actorOf(req), req.params.id, req.body.roles);
    return reply.code(204).send(null);
  });

  for (const [verb, active] of [['deactivate', false], ['reactivate', true]] as const) {
    r.post(`/users/:id/${verb}`, { schema: { tags, params: s.IdParam, response: noContent } }, async (req, reply) => {
      await service.setActive(deps, actorOf(req), req.params.id, active);
      return reply.code(204).send(null);
    });
  }

  r.post('/users/:id/unlock', { schema: { tags, summary: 'Lift a sign-in lockout', params: s.IdParam, response: noContent } }, async (req, reply) => {
    await liftLockout(deps, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  r.get('/account-review', {
    schema: {
      tags, summary: 'Accounts unused for N days (seed 002 art. 24)', querystring: s.ReviewQuery,
      response: { 200: z.object({ days: z.number(), items: z.array(s.Member.pick({ id: true, email: true, displayName: true, roles: true, lastLoginAt: true, createdAt: true }).extend({ institutionId: z.string() })) }) },
    },
  }, async (req) => service.accountReview(deps, actorOf(req), req.query.days, req.query.institutionId ?? null));

  r.get('/institutions/:id/webhooks', { schema: { tags, params: s.IdParam, response: { 200: z.object({ items: z.array(s.Webhook) }) } } },
    async (req) => ({ items: await service.listWebhooks(deps, actorOf(req), req.params.id) }));

  r.post('/institutions/:id/webhooks', {
    schema: { tags, summary: 'Add a signed webhook endpoint', params: s.IdParam, body: s.WebhookBody, response: { 201: z.object({ secret: z.string(), item: s.Webhook }) } },
  }, async (req, reply) => reply.code(201).send(await service.createWebhook(deps, actorOf(req), req.params.id, req.body)));

  r.delete('/webhooks/:id', { schema: { tags, params: s.IdParam, response: noContent } }, async (req, reply) => {
    await service.disableWebhook(deps, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
