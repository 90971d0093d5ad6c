import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import * as answers from './answers.ts';
import * as evidence from './evidence.ts';
import * as improvements from './improvements.ts';
import { contentDisposition, reportData, reportFilename } from './report.ts';
import { reportPdf } from './report-pdf.ts';
import { reportWorkbook } from './report-xlsx.ts';
import * as s from './schema.ts';
import * as service from './service.ts';

export function assessmentRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];
  const base = '/assessments/campaigns';

  // Campaigns
  r.get(base, { schema: { tags, summary: 'Self-inspection campaigns I manage, review or answer', querystring: s.CampaignListQuery } },
    async (req) => ({ items: await service.listCampaigns(deps, actorOf(req), req.query.fiscalYear) }));
  r.post(base, { schema: { tags, summary: 'Create a self-inspection campaign for a fiscal year from a checklist template (administrators and CISO)', body: s.CampaignBody } },
    async (req, reply) => reply.code(201).send(await service.createCampaign(deps, actorOf(req), req.body)));
  r.get(`${base}/:id`, { schema: { tags, params: s.IdParam } }, async (req) => service.getCampaign(deps, actorOf(req), req.params.id));
  r.patch(`${base}/:id`, { schema: { tags, summary: 'Change title, deadline, responsible person or reminder days (until closed)', params: s.IdParam, body: s.CampaignPatch } },
    async (req) => service.updateCampaign(deps, actorOf(req), req.params.id, req.body));
  r.post(`${base}/:id/open`, { schema: { tags, summary: 'draft → open: respondents are told by e-mail', params: s.IdParam } },
    async (req) => service.moveCampaign(deps, actorOf(req), req.params.id, 'open'));
  r.post(`${base}/:id/close`, { schema: { tags, summary: 'open → closed: no more answers', params: s.IdParam } },
    async (req) => service.moveCampaign(deps, actorOf(req), req.params.id, 'closed'));

  r.get(`${base}/:id/items`, { schema: { tags, summary: 'The items: all of them for the reviewer, the assigned ones for a respondent', params: s.IdParam } },
    async (req) => ({ items: await service.listItems(deps, actorOf(req), req.params.id) }));
  r.get(`${base}/:id/assignments`, { schema: { tags, params: s.IdParam } }, async (req) => ({ items: await service.listAssignments(deps, actorOf(req), req.params.id) }));
  r.post(`${base}/:id/assignments`, { schema: { tags, summary: 'Assign items (by id, citation prefix or all) to a person or to every holder of a role', params: s.IdParam, body: s.AssignmentBody } },
    async (req, reply) => reply.code(201).send(await service.addAssignments(deps, actorOf(req), req.params.id, req.body)));
  r.delete(`${base}/:id/assignments/:assignmentId`, { schema: { tags, params: s.AssignmentParam } }, async (req, reply) => {
    await service.removeAssignment(deps, actorOf(req), req.params.id, req.params.assignmentId);
    return reply.code(204).send();
  });

  // Answers
  r.get(`${base}/:id/my-items`, { schema: { tags, summary: 'My assigned items with my answers', params: s.IdParam } },
    async (req) => ({ items: await answers.myItems(deps, actorOf(req), req.params.id) }));
  r.put(`${base}/:id/items/:itemId/answer`, { schema: { tags, summary: 'Save my answer to an item as a draft', params: s.ItemParam, body: s.AnswerBody } },
    async (req) => answers.saveAnswer(deps, actorOf(req), req.params.id, req.params.itemId, req.body));
  r.post(`${base}/:id/items/:itemId/answer/submit`, { schema: { tags, summary: 'Submit my answer (saving the given fields first)', params: s.ItemParam, body: s.AnswerBody } },
    async (req) => answers.saveAnswer(deps, actorOf(req), req.params.id, req.params.itemId, req.body, true));
  r.get(`${base}/:id/answers`, { schema: { tags, summary: 'All answers, for the reviewer', params: s.IdParam, querystring: s.AnswerListQuery } },
    async (req) => ({ items: await answers.listAnswers(deps, actorOf(req), req.params.id, req.query.status) }));
  r.get('/assessments/answers/:id', { schema: { tags, params: s.IdParam } }, async (req) => answers.getAnswer(deps, actorOf(req), req.params.id));
  r.post('/assessments/answers/:id/accept', { schema: { tags, params: s.IdParam, body: s.ReviewBody } },
    async (req) => answers.reviewAnswer(deps, actorOf(req), req.params.id, 'accept', req.body.comment));
  r.post('/assessments/answers/:id/send-back', { schema: { tags, summary: 'Send a submitted answer back to its respondent with a comment', params: s.IdParam, body: s.SendBackBody } },
    async (req) => answers.reviewAnswer(deps, actorOf(req), req.params.id, 'send_back', req.body.comment));

  // Progress and results
  r.get(`${base}/:id/progress`, { schema: { tags, summary: 'Assigned / draft / submitted / accepted per item, respondent and department', params: s.IdParam } },
    async (req) => service.campaignProgress(deps, actorOf(req), req.params.id));
  r.get(`${base}/:id/results`, { schema: { tags, summary: 'Results per chapter, department and item (submitted and accepted answers)', params: s.IdParam } },
    async (req) => service.campaignResults(deps, actorOf(req), req.params.id));
  r.get(`${base}/:id/comparison`, { schema: { tags, summary: "Comparison with the previous fiscal year's campaign of the same template", params: s.IdParam } },
    async (req) => service.campaignComparison(deps, actorOf(req), req.params.id));

  // The report for the CISO (same permission as the results)
  r.get(`${base}/:id/report.pdf`, { schema: { tags, summary: 'The campaign report (自己点検結果報告書) as PDF', params: s.IdParam } }, async (req, reply) => {
    const data = await reportData(deps, actorOf(req), req.params.id);
    const pdf = await reportPdf(data);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(reportFilename(data, 'pdf'))).send(pdf);
  });
  r.get(`${base}/:id/report.xlsx`, { schema: { tags, summary: 'The campaign report as an Excel workbook (summary, chapters, departments, comparison, improvement items)', params: s.IdParam } }, async (req, reply) => {
    const data = await reportData(deps, actorOf(req), req.params.id);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition(reportFilename(data, 'xlsx')))
      .send(await reportWorkbook(data));
  });

  // Improvement items
  r.post('/assessments/answers/:id/improvements', { schema: { tags, summary: 'Raise an improvement item from a 一部実施 / 実施していない answer', params: s.IdParam, body: s.ImprovementBody } },
    async (req, reply) => reply.code(201).send(await improvements.raiseImprovement(deps, actorOf(req), req.params.id, req.body)));
  r.get('/assessments/improvements', { schema: { tags, querystring: s.ImprovementQuery } },
    async (req) => ({ items: await improvements.listImprovements(deps, actorOf(req), req.query) }));
  r.patch('/assessments/improvements/:id', { schema: { tags, params: s.IdParam, body: s.ImprovementPatch } },
    async (req) => improvements.updateImprovement(deps, actorOf(req), req.params.id, req.body));

  // Evidence
  r.get('/assessments/evidence', { schema: { tags, querystring: s.EvidenceListQuery } }, async (req) => ({ items: await evidence.listEvidence(deps, actorOf(req), req.query.mine) }));
  r.post('/assessments/evidence', { schema: { tags, summary: 'Register a link as evidence', body: s.EvidenceLinkBody } },
    async (req, reply) => reply.code(201).send(await evidence.createLinkEvidence(deps, actorOf(req), req.body)));
  r.post('/assessments/evidence/upload', { schema: { tags, summary: 'Register a file as evidence (PDF, Office, images, text; size limit of uploads)', querystring: s.EvidenceUploadQuery, consumes: ['multipart/form-data'] } },
    async (req, reply) => reply.code(201).send(await evidence.createFileEvidence(deps, actorOf(req), await uploadedFile(req, deps), req.query)));
  r.get('/assessments/evidence/:id', { schema: { tags, params: s.IdParam } }, async (req) => evidence.getEvidence(deps, actorOf(req), req.params.id));
  r.post('/assessments/evidence/:id/versions', { schema: { tags, summary: 'A new version of a link', params: s.IdParam, body: s.EvidenceVersionBody } },
    async (req, reply) => {
      const { url, ...meta } = req.body;
      return reply.code(201).send(await evidence.addEvidenceVersion(deps, actorOf(req), req.params.id, { url }, meta));
    });
  r.post('/assessments/evidence/:id/versions/upload', { schema: { tags, summary: 'A new version of a file', params: s.IdParam, querystring: s.EvidenceUploadQuery, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const { title: _title, ...meta } = req.query;
      return reply.code(201).send(await evidence.addEvidenceVersion(deps, actorOf(req), req.params.id, { file: await uploadedFile(req, deps) }, meta));
    });
  r.get('/assessments/evidence/:id/versions/:versionNo/file', { schema: { tags, params: s.VersionParam } }, async (req, reply) => {
    const f = await evidence.evidenceFile(deps, actorOf(req), req.params.id, req.params.versionNo);
    const ascii = f.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', f.mediaType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-sha256', f.sha256)
      .send(f.bytes);
  });
}
