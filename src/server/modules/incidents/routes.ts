import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import * as intake from './intake.ts';
import * as s from './schema.ts';
import * as service from './service.ts';
import * as summary from './summary-report.ts';

export function incidentRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];

  // Reports
  r.post('/public/incident-reports', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Report an incident to a member institution from outside (no account; rate-limited per address); answers a receipt number', body: s.PublicReportBody, security: [] },
  }, async (req, reply) => {
    try {
      return reply.code(201).send(await intake.submitPublicReport(deps, req.body, req.ip));
    } catch (err) {
      if (err instanceof intake.ReportRateLimited) reply.header('retry-after', String(err.retryAfterSeconds));
      throw err;
    }
  });
  r.get('/public/incident-reports/institutions', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Member institutions that take reports through the public form, with their contact points for outsiders', security: [] },
  }, async () => ({ items: await intake.publicInstitutions(deps) }));
  r.post('/incidents/reports', { schema: { tags, summary: 'Report an incident or a suspicion to my institution\'s CSIRT', body: s.MemberReportBody } },
    async (req, reply) => reply.code(201).send(await intake.submitMemberReport(deps, actorOf(req), req.body)));
  r.get('/incidents/reports/mine', { schema: { tags, summary: 'My reports and the state of what they raised' } },
    async (req) => ({ items: await intake.myReports(deps, actorOf(req)) }));

  // Summary, lessons learned and near misses (static paths before /incidents/:id)
  r.get('/incidents/summary', { schema: { tags, summary: "The CISO's yearly summary for a fiscal year (JSON)", querystring: s.SummaryQuery } },
    async (req) => service.yearlySummary(deps, actorOf(req), req.query.fiscalYear));
  for (const format of ['pdf', 'xlsx'] as const) {
    r.get(`/incidents/summary/report.${format}`, {
      schema: { tags, summary: `The yearly summary for the CISO and the security committee as ${format === 'pdf' ? 'an A4 PDF' : 'an Excel workbook'} (audit-logged)`, querystring: s.SummaryQuery },
    }, async (req, reply) => {
      const f = await summary.exportSummary(deps, actorOf(req), req.query.fiscalYear, format);
      const ascii = f.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply.header('content-type', f.mediaType).header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.bytes);
    });
  }
  r.get('/incidents/learnings', { schema: { tags, summary: 'Lessons learned and near misses (ヒヤリハット)', querystring: s.LearningQuery } },
    async (req) => ({ items: await service.listLearnings(deps, actorOf(req), req.query) }));
  r.post('/incidents/learnings', { schema: { tags, summary: 'Record a lesson learned (of an incident) or a near miss', body: s.LearningBody } },
    async (req, reply) => reply.code(201).send(await service.createLearning(deps, actorOf(req), req.body)));

  // Incidents (CSIRT, CISO, administrators of the institution)
  r.get('/incidents', { schema: { tags, summary: "The institution's incidents (the CSIRT queue: status=new)", querystring: s.IncidentListQuery } },
    async (req) => ({ items: await service.listIncidents(deps, actorOf(req), req.query) }));
  r.get('/incidents/:id', { schema: { tags, params: s.IdParam } }, async (req) => service.getIncident(deps, actorOf(req), req.params.id));
  r.patch('/incidents/:id', { schema: { tags, summary: 'Triage and corrections: incident or not, category, severity, affected systems and information, personal data', params: s.IdParam, body: s.IncidentPatch } },
    async (req) => service.updateIncident(deps, actorOf(req), req.params.id, req.body));
  r.post('/incidents/:id/status', { schema: { tags, summary: 'One step along new → triage → handling → recovery → closed', params: s.IdParam, body: s.StatusBody } },
    async (req) => service.moveIncident(deps, actorOf(req), req.params.id, req.body.to, req.body.note));
  r.post('/incidents/:id/merge', { schema: { tags, summary: 'Merge a duplicate (new or triage, no tasks or evidence) into another incident: its reports move over', params: s.IdParam, body: s.MergeBody } },
    async (req) => service.mergeIncident(deps, actorOf(req), req.params.id, req.body.into));
  r.post('/incidents/:id/timeline', { schema: { tags, summary: 'Record an action, decision or step on the timeline', params: s.IdParam, body: s.EventBody } },
    async (req, reply) => reply.code(201).send(await service.addEvent(deps, actorOf(req), req.params.id, req.body)));
  r.post('/incidents/:id/tasks', { schema: { tags, params: s.IdParam, body: s.TaskBody } },
    async (req, reply) => reply.code(201).send(await service.addTask(deps, actorOf(req), req.params.id, req.body)));
  r.patch('/incidents/:id/tasks/:taskId', { schema: { tags, params: s.TaskParam, body: s.TaskPatch } },
    async (req) => service.updateTask(deps, actorOf(req), req.params.id, req.params.taskId, req.body));
  r.post('/incidents/:id/evidence', { schema: { tags, summary: 'Attach an evidence file (PDF, Office, images, text and logs; upload size limit)', params: s.IdParam, querystring: s.EvidenceQuery, consumes: ['multipart/form-data'] } },
    async (req, reply) => reply.code(201).send(await service.addEvidence(deps, actorOf(req), req.params.id, await uploadedFile(req, deps), req.query.note)));
  r.get('/incidents/:id/evidence/:evidenceId/file', { schema: { tags, params: s.EvidenceParam } }, async (req, reply) => {
    const f = await service.evidenceFile(deps, actorOf(req), req.params.id, req.params.evidenceId);
    const ascii = f.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', f.mediaType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-sha256', f.sha256)
      .send(f.bytes);
  });
  r.post('/incidents/:id/obligations/:kind', { schema: { tags, summary: 'Record that a mandatory report (PPC preliminary/final, MEXT, CISO) was made, or clear it with doneAt: null', params: s.ObligationParam, body: s.ObligationDoneBody } },
    async (req) => service.markObligation(deps, actorOf(req), req.params.id, req.params.kind, req.body));
}
