import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import { pipelineStatus } from '../../flows/pipeline.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import * as imports from './imports.ts';
import { researchStatsCsv } from '../../../core/alerts/research.ts';
import * as s from './schema.ts';
import * as metrics from './metrics.ts';
import * as service from './service.ts';

export function flowRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['flows'];

  // A full batch of 10 000 sightings is about 3.5 MB of JSON: above the app's 1 MB default.
  r.post('/flows/sightings', { bodyLimit: s.SIGHTINGS_BODY_LIMIT, schema: { tags, summary: 'Ingest sightings (operator / collector): grouped into alerts; urgent ones are sent at once', body: s.SightingsBody } },
    async (req) => service.ingestSightings(deps, req.body.sightings, actorOf(req)));

  r.get('/flows/review', { schema: { tags, summary: "The operator's review queue", querystring: s.AlertQuery } }, async (req) => {
    const { page, pageSize, ...filter } = req.query;
    return service.listReviewQueue(deps, actorOf(req), filter, page, pageSize);
  });

  r.get('/flows/alerts', { schema: { tags, summary: 'Alerts: all for the operator, its own sent alerts for a member', querystring: s.AlertQuery } }, async (req) => {
    const { page, pageSize, ...filter } = req.query;
    return service.listAlerts(deps, actorOf(req), filter, page, pageSize);
  });

  r.get('/flows/alerts/:id', { schema: { tags, summary: 'One alert with its timeline', params: s.IdParam } }, async (req) => service.getAlert(deps, actorOf(req), req.params.id));

  r.post('/flows/alerts/:id/confirm', { schema: { tags, summary: 'Operator: confirm an alert in review and send it', params: s.IdParam, body: s.ConfirmBody } },
    async (req) => service.confirmAlert(deps, actorOf(req), req.params.id, req.body?.note));

  r.post('/flows/alerts/:id/dismiss', { schema: { tags, summary: 'Operator: dismiss an alert in review, with a reason', params: s.IdParam, body: s.DismissBody } },
    async (req) => service.dismissAlert(deps, actorOf(req), req.params.id, req.body.reason));

  r.post('/flows/alerts/:id/merge', { schema: { tags, summary: 'Operator: merge an alert in review into another of the same institution', params: s.IdParam, body: s.MergeBody } },
    async (req) => service.mergeAlert(deps, actorOf(req), req.params.id, req.body.into, req.body.note));

  r.post('/flows/alerts/:id/status', { schema: { tags, summary: 'Institution: received → acknowledged → investigating → mitigated | not_affected → closed', params: s.IdParam, body: s.StatusBody } },
    async (req) => service.changeStatus(deps, actorOf(req), req.params.id, req.body.status, req.body.note));

  r.post('/flows/escalations/run', { schema: { tags, summary: 'Operator: escalate alerts not acknowledged by their deadline (idempotent)' } },
    async (req) => service.escalateOverdue(deps, actorOf(req)));

  r.get('/flows/metrics', { schema: { tags, summary: 'Time to notify, acknowledge and close (medians, minutes)' } }, async (req) => metrics.metrics(deps, actorOf(req)));

  r.post('/flows/imports', {
    schema: {
      tags, consumes: ['multipart/form-data'], querystring: s.ImportQuery,
      summary: "Operator / a member's CSIRT: match an archived DNS log (Zeek dns.log, CSV, JSON lines) or flow file against the current indicators; sightings become alerts as live ones do",
    },
  }, async (req) => {
    const file = await uploadedFile(req, deps);
    return imports.importLogs(deps, actorOf(req), file, req.query.kind, req.query.format);
  });

  r.get('/flows/pipeline', { schema: { tags, summary: 'Operator: the live pipeline (collector → matcher → alerts): counts, errors, last matcher rebuild, collector statistics' } },
    async (req) => pipelineStatus(deps, actorOf(req)));

  r.get('/flows/research-stats', {
    schema: { tags, summary: 'Operator / consortium admin: anonymised statistics per category, port, day and urgency (rows under 3 institutions folded); JSON or CSV', querystring: s.ResearchQuery },
  }, async (req, reply) => {
    const { from, to, format } = req.query;
    const stats = await metrics.researchStats(deps, actorOf(req), { from, to }, format);
    if (format === 'json') return stats;
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="renkei-flow-research-${from}-${to}.csv"`).send(researchStatsCsv(stats));
  });
}
