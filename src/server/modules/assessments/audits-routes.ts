import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import * as fieldwork from './audits-fieldwork.ts';
import { auditReportData, auditReportFilename, auditReportPdf, auditReportWorkbook } from './audits-report.ts';
import * as s from './audits-schema.ts';
import * as audits from './audits.ts';

export function assessmentAuditRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audits'];
  const base = '/assessments/audits';

  // The consortium's yearly mutual audit plan
  r.get('/assessments/audit-plans', { schema: { tags, summary: 'Mutual audit plans (planners see every pair, members their own)', querystring: s.OptionalYearQuery } },
    async (req) => ({ items: await audits.listPlans(deps, actorOf(req), req.query.fiscalYear) }));
  r.get('/assessments/audit-plans/proposal', { schema: { tags, summary: "Next year's pairs rotated from the previous year's plan", querystring: s.YearQuery } },
    async (req) => audits.proposePlan(deps, actorOf(req), req.query.fiscalYear));
  r.post('/assessments/audit-plans', { schema: { tags, summary: "Plan a fiscal year's mutual audit pairs (consortium administrators and coordinators)", body: s.PlanBody } },
    async (req, reply) => reply.code(201).send(await audits.createPlan(deps, actorOf(req), req.body)));

  // Audits
  r.get(base, { schema: { tags, summary: 'Audits of my institution, run by it, or with me on the team (within the access windows)' } },
    async (req) => ({ items: await audits.listAudits(deps, actorOf(req)) }));
  r.get(`${base}/followable`, { schema: { tags, summary: "Audits my institution ran whose report was issued and that have no follow-up under way (the institution's audit managers)" } },
    async (req) => ({ items: await audits.followableAudits(deps, actorOf(req)) }));
  r.post(base, { schema: { tags, summary: 'Set up a mutual (for a plan pair), internal (for a department) or follow-up audit; independence is enforced', body: s.AuditBody } },
    async (req, reply) => reply.code(201).send(await audits.createAudit(deps, actorOf(req), req.body)));
  r.get(`${base}/:id`, { schema: { tags, params: s.IdParam } }, async (req) => audits.getAudit(deps, actorOf(req), req.params.id));
  r.patch(`${base}/:id`, { schema: { tags, summary: 'Change the plan or narrow the scope (planned only)', params: s.IdParam, body: s.AuditPatch } },
    async (req) => audits.updateAuditPlan(deps, actorOf(req), req.params.id, req.body));
  r.post(`${base}/:id/scope/accept`, { schema: { tags, summary: "Accept the scope for my institution's side", params: s.IdParam } },
    async (req) => audits.acceptScope(deps, actorOf(req), req.params.id));
  r.post(`${base}/:id/fieldwork`, { schema: { tags, summary: 'planned → fieldwork (scope agreed by both sides)', params: s.IdParam } },
    async (req) => audits.moveAudit(deps, actorOf(req), req.params.id, 'fieldwork'));
  r.post(`${base}/:id/reporting`, { schema: { tags, summary: 'fieldwork → reporting', params: s.IdParam } },
    async (req) => audits.moveAudit(deps, actorOf(req), req.params.id, 'reporting'));
  r.post(`${base}/:id/issue-report`, { schema: { tags, summary: "reporting → response: the report goes to the auditee's CISO", params: s.IdParam, body: s.ReportBody } },
    async (req) => audits.moveAudit(deps, actorOf(req), req.params.id, 'response', req.body.summary));
  r.post(`${base}/:id/close`, { schema: { tags, summary: 'response → closed (every nonconformity answered with a corrective action plan)', params: s.IdParam } },
    async (req) => audits.moveAudit(deps, actorOf(req), req.params.id, 'closed'));

  // Fieldwork
  r.get(`${base}/:id/items`, { schema: { tags, summary: 'The scope, with ratings and notes for those who see the material', params: s.IdParam } },
    async (req) => ({ items: await fieldwork.listAuditItems(deps, actorOf(req), req.params.id) }));
  r.get(`${base}/:id/self-inspection`, { schema: { tags, summary: "The auditee's self-inspection answers of the year for the items in scope (no respondent names)", params: s.IdParam } },
    async (req) => ({ items: await fieldwork.selfInspectionMaterial(deps, actorOf(req), req.params.id) }));
  r.put(`${base}/:id/items/:itemId/rating`, { schema: { tags, summary: '適合 / 軽微な不適合 / 重大な不適合 / 観察事項 / 良好事例 (not by a respondent of the item)', params: s.ItemParam, body: s.RatingBody } },
    async (req) => fieldwork.rateItem(deps, actorOf(req), req.params.id, req.params.itemId, req.body));
  r.post(`${base}/:id/items/:itemId/notes`, { schema: { tags, summary: 'A document review or hearing note', params: s.ItemParam, body: s.NoteBody } },
    async (req, reply) => reply.code(201).send(await fieldwork.addNote(deps, actorOf(req), req.params.id, req.params.itemId, req.body)));
  r.get(`${base}/:id/requests`, { schema: { tags, params: s.IdParam } }, async (req) => ({ items: await fieldwork.listRequests(deps, actorOf(req), req.params.id) }));
  r.post(`${base}/:id/requests`, { schema: { tags, summary: 'Request evidence from the auditee by a due date', params: s.IdParam, body: s.RequestBody } },
    async (req, reply) => reply.code(201).send(await fieldwork.addRequest(deps, actorOf(req), req.params.id, req.body)));
  r.post('/assessments/audit-requests/:id/evidence', { schema: { tags, summary: 'The auditee provides evidence records for a request', params: s.IdParam, body: s.ProvideBody } },
    async (req) => fieldwork.provideEvidence(deps, actorOf(req), req.params.id, req.body.evidenceIds));
  r.get(`${base}/:id/evidence/:evidenceId/versions/:versionNo/file`, { schema: { tags, summary: 'A file provided for this audit', params: s.FileParam } }, async (req, reply) => {
    const f = await fieldwork.auditEvidenceFile(deps, actorOf(req), req.params.id, req.params.evidenceId, req.params.versionNo);
    const ascii = f.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', f.mediaType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-sha256', f.sha256)
      .send(f.bytes);
  });

  // Findings
  r.get(`${base}/:id/findings`, { schema: { tags, params: s.IdParam } }, async (req) => ({ items: await fieldwork.listFindings(deps, actorOf(req), req.params.id) }));
  r.post(`${base}/:id/findings`, { schema: { tags, summary: 'Raise a finding (clause, description, evidence)', params: s.IdParam, body: s.FindingBody } },
    async (req, reply) => reply.code(201).send(await fieldwork.addFinding(deps, actorOf(req), req.params.id, req.body)));
  r.get('/assessments/audit-findings/:id', { schema: { tags, params: s.IdParam } }, async (req) => fieldwork.getFinding(deps, actorOf(req), req.params.id));
  r.patch('/assessments/audit-findings/:id', { schema: { tags, summary: 'Correct a finding (the team, during fieldwork and reporting)', params: s.IdParam, body: s.FindingPatch } },
    async (req) => fieldwork.updateFinding(deps, actorOf(req), req.params.id, req.body));
  r.put('/assessments/audit-findings/:id/response', { schema: { tags, summary: "The auditee's response and corrective action plan (what, who, when)", params: s.IdParam, body: s.ResponseBody } },
    async (req) => fieldwork.respondToFinding(deps, actorOf(req), req.params.id, req.body));
  r.post('/assessments/audit-findings/:id/progress', { schema: { tags, summary: 'Progress of the correction; auditors of a follow-up verify (closed)', params: s.IdParam, body: s.ProgressBody } },
    async (req) => fieldwork.progressFinding(deps, actorOf(req), req.params.id, req.body));

  // The report (PDF and Excel): for whoever sees the audit's material; a draft until it is issued
  const disposition = (filename: string) => `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  r.get(`${base}/:id/report.pdf`, { schema: { tags, summary: 'The audit report as PDF (Japanese)', params: s.IdParam } }, async (req, reply) => {
    const d = await auditReportData(deps, actorOf(req), req.params.id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', disposition(auditReportFilename(d, 'pdf'))).send(await auditReportPdf(d));
  });
  r.get(`${base}/:id/report.xlsx`, { schema: { tags, summary: 'The audit report as an Excel workbook', params: s.IdParam } }, async (req, reply) => {
    const d = await auditReportData(deps, actorOf(req), req.params.id);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', disposition(auditReportFilename(d, 'xlsx')))
      .send(await auditReportWorkbook(d));
  });

  // Consortium-wide anonymous view
  r.get('/assessments/audit-aggregates', { schema: { tags, summary: `Share of items rated 適合 per chapter, only when at least three institutions contribute`, querystring: s.YearQuery } },
    async (req) => fieldwork.consortiumView(deps, actorOf(req), req.query.fiscalYear));
}
