import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import { comparisonCsv, comparisonWorkbook } from './export.ts';
import * as library from './library.ts';
import * as s from './schema.ts';
import * as service from './service.ts';

export function catalogRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalogs'];

  r.post('/catalogs/preview', {
    schema: {
      tags, summary: 'Parse an uploaded regulation (text, DOCX, PDF, CISO Assistant YAML) into a clause tree; nothing is saved', consumes: ['multipart/form-data'],
      querystring: z.object({ form: z.enum(['article', 'outline']).optional(), framework: z.coerce.number().int().min(0).max(100).optional() }),
    },
  }, async (req) => service.previewImport(deps, actorOf(req), await uploadedFile(req, deps), req.query));

  r.post('/catalogs/mappings/import', {
    schema: { tags, summary: 'Import CISO Assistant mapping sets as confirmed mappings; reports what was and was not taken', consumes: ['multipart/form-data'] },
  }, async (req) => {
    const file = await uploadedFile(req, deps);
    return library.importMappings(deps, actorOf(req), new TextDecoder('utf-8').decode(file.bytes));
  });

  r.get('/catalogs/:id/export.yaml', { schema: { tags, summary: 'The regulation as a CISO Assistant library', params: s.IdParam } }, async (req, reply) => {
    const out = await library.exportRegulation(deps, actorOf(req), req.params.id);
    return reply.header('content-type', 'application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${out.filename}"`).send(out.yaml);
  });

  r.post('/catalogs', { schema: { tags, summary: 'Save a previewed regulation (new document, or next version)', body: s.SaveBody } },
    async (req, reply) => reply.code(201).send(await service.saveImport(deps, actorOf(req), req.body)));

  r.get('/catalogs', { schema: { tags, summary: 'Regulations of my institution and those shared with the consortium', querystring: s.ListQuery } }, async (req) => {
    const { page, pageSize, ...filter } = req.query;
    return service.listRegulations(deps, actorOf(req), filter, page, pageSize);
  });

  r.get('/catalogs/search', { schema: { tags, summary: 'Search clause text of visible regulations (Japanese, no tokenising needed)', querystring: s.SearchQuery } },
    async (req) => ({ items: await service.searchClauses(deps, actorOf(req), req.query.q, req.query.limit) }));

  r.get('/catalogs/compare', { schema: { tags, summary: 'Proposed clause mappings and coverage of TARGET by SOURCE (json, xlsx or csv)', querystring: s.CompareQuery } }, async (req, reply) => {
    const result = await service.compare(deps, actorOf(req), req.query.source, req.query.target, req.query.top);
    const name = `renkei-coverage-${new Date().toISOString().slice(0, 10)}`;
    if (req.query.format === 'xlsx') {
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await comparisonWorkbook(result));
    }
    if (req.query.format === 'yaml') {
      const yaml = await library.exportMappings(deps, actorOf(req), req.query.source, req.query.target);
      return reply.header('content-type', 'application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${name}-mappings.yaml"`).send(yaml);
    }
    if (req.query.format === 'csv') {
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(comparisonCsv(result));
    }
    return result;
  });

  r.put('/catalogs/mappings', { schema: { tags, summary: 'Confirm, reject or clear a clause mapping', body: s.DecisionBody } }, async (req, reply) => {
    await service.decide(deps, actorOf(req), req.body);
    return reply.code(204).send();
  });

  r.get('/catalogs/:id', { schema: { tags, params: s.IdParam, querystring: s.VersionQuery } },
    async (req) => service.getRegulation(deps, actorOf(req), req.params.id, req.query.versionId));

  r.patch('/catalogs/:id', { schema: { tags, summary: 'Rename, share or unshare', params: s.IdParam, body: s.PatchBody } }, async (req, reply) => {
    await service.updateRegulation(deps, actorOf(req), req.params.id, req.body);
    return reply.code(204).send();
  });

  r.get('/catalogs/:id/diff', { schema: { tags, summary: 'Clause-level diff between two versions', params: s.IdParam, querystring: s.DiffQuery } },
    async (req) => service.diffVersions(deps, actorOf(req), req.params.id, req.query.from, req.query.to));

  r.post('/checklists', { schema: { tags, summary: 'Make a checklist template from a regulation or some of its clauses', body: s.ChecklistBody } },
    async (req, reply) => reply.code(201).send(await service.createChecklist(deps, actorOf(req), req.body)));

  r.get('/checklists', { schema: { tags } }, async (req) => ({ items: await service.listChecklists(deps, actorOf(req)) }));

  r.get('/checklists/:id', { schema: { tags, params: s.IdParam } }, async (req) => service.getChecklist(deps, actorOf(req), req.params.id));
}
