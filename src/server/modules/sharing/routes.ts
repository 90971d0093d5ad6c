import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import * as s from './schema.ts';
import * as changes from './changes.ts';
import * as service from './service.ts';

export function sharingRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sharing'];

  r.post('/shared-reports', { schema: { tags, summary: 'Prepare a shared report from an incident; returns redaction proposals', body: s.DraftBody } },
    async (req, reply) => reply.code(201).send(await service.prepareDraft(deps, actorOf(req), req.body)));
  r.get('/shared-reports/:id/draft', { schema: { tags, summary: "The originator's texts as written and the proposals", params: s.IdParam } },
    async (req) => service.getDraft(deps, actorOf(req), req.params.id));
  r.post('/shared-reports/:id/publish', { schema: { tags, summary: 'Decide every proposal, add spans, publish the redacted texts', params: s.IdParam, body: s.PublishBody } },
    async (req) => service.publish(deps, actorOf(req), req.params.id, req.body));
  r.get('/shared-reports', { schema: { tags, summary: 'Search the shared reports the reader may see (TLP)', querystring: s.SearchQuery } },
    async (req) => service.search(deps, actorOf(req), req.query));
  r.get('/shared-reports/statistics', { schema: { tags, summary: 'Counts per category, only with at least three contributing members' } },
    async (req) => service.statistics(deps, actorOf(req)));
  r.get('/shared-reports/indicator-offers', { schema: { tags, summary: 'Operator: indicators offered by shared reports' } },
    async (req) => service.indicatorOffers(deps, actorOf(req)));
  r.post('/shared-reports/:id/indicators/accept', { schema: { tags, summary: "Operator: take a report's indicators into an intelligence source", params: s.IdParam, body: s.AcceptBody } },
    async (req) => service.acceptIndicators(deps, actorOf(req), req.params.id, req.body.sourceId));
  r.get('/shared-reports/:id', { schema: { tags, params: s.IdParam } }, async (req) => service.getReport(deps, actorOf(req), req.params.id));
  r.post('/shared-reports/:id/comments/preview', { schema: { tags, summary: "Redaction proposals for a comment, from the writer's institution (nothing stored)", params: s.IdParam, body: s.CommentPreviewBody } },
    async (req) => service.previewComment(deps, actorOf(req), req.params.id, req.body.body));
  r.post('/shared-reports/:id/comments', { schema: { tags, summary: 'Post a comment redacted by the decisions on the proposals (all accepted when omitted)', params: s.IdParam, body: s.CommentBody } },
    async (req, reply) => reply.code(201).send(await service.addComment(deps, actorOf(req), req.params.id, req.body.body, req.body)));
  r.get('/shared-reports/:id/export/:format', { schema: { tags, summary: 'MISP event or STIX 2.1 bundle (CLEAR, GREEN, AMBER only)', params: s.ExportParam } },
    async (req) => service.exportReport(deps, actorOf(req), req.params.id, req.params.format));
  r.post('/shared-reports/:id/tlp', { schema: { tags, summary: 'Change the TLP label: tighten (originator or operator) or loosen (originator only); audited, kept in the history', params: s.IdParam, body: s.TlpBody } },
    async (req) => changes.changeTlp(deps, actorOf(req), req.params.id, req.body.tlp, req.body.reason));
  r.post('/shared-reports/:id/withdraw', { schema: { tags, summary: 'Originator: withdraw a published report (gone for everyone else)', params: s.IdParam, body: s.WithdrawBody } },
    async (req) => changes.withdraw(deps, actorOf(req), req.params.id, req.body.reason));
  r.post('/shared-reports/:id/addenda', { schema: { tags, summary: 'Originator: draft a dated addendum (追記); returns redaction proposals', params: s.IdParam, body: s.AddendumBody } },
    async (req, reply) => reply.code(201).send(await changes.draftAddendum(deps, actorOf(req), req.params.id, req.body.text)));
  r.post('/shared-reports/:id/addenda/:addendumId/publish', { schema: { tags, summary: 'Originator: decide the proposals and publish the addendum', params: s.AddendumParam, body: s.Decision } },
    async (req) => changes.publishAddendum(deps, actorOf(req), req.params.id, req.params.addendumId, req.body));
  r.post('/shared-reports/:id/reveal', { schema: { tags, summary: 'Operator: reveal the originator, with a reason (audited; the originator is told)', params: s.IdParam, body: s.RevealBody } },
    async (req) => service.revealOriginator(deps, actorOf(req), req.params.id, req.body.reason));
}
