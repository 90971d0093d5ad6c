import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http.ts';
import { uploadedFile } from '../../platform/uploads.ts';
import * as s from './schema.ts';
import * as service from './service.ts';

export function intelRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['intel'];

  r.get('/intel/sources', { schema: { tags, summary: 'Threat intelligence sources (operators)' } }, async (req) => ({ items: await service.listSources(deps, actorOf(req)) }));

  r.post('/intel/sources', { schema: { tags, body: s.SourceBody } }, async (req, reply) => reply.code(201).send(await service.createSource(deps, actorOf(req), req.body)));

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    r.post(`/intel/sources/:id/${verb}`, { schema: { tags, params: s.IdParam } }, async (req, reply) => {
      await service.setSourceEnabled(deps, actorOf(req), req.params.id, enabled);
      return reply.code(204).send();
    });
  }

  r.post('/intel/sources/:id/import', {
    schema: { tags, summary: 'Import a feed file (STIX 2.1, MISP event, blocklist, Feodo CSV/JSON, Zeek intel); reports what was and was not taken', params: s.IdParam, querystring: s.ImportQuery, consumes: ['multipart/form-data'] },
  }, async (req) => {
    const file = await uploadedFile(req, deps);
    return service.importIndicators(deps, actorOf(req), req.params.id, { filename: file.filename, text: new TextDecoder('utf-8').decode(file.bytes) }, req.query.format);
  });

  r.get('/intel/indicators', { schema: { tags, querystring: s.IndicatorQuery } }, async (req) => {
    const { page, pageSize, ...filter } = req.query;
    return service.listIndicators(deps, actorOf(req), filter, page, pageSize);
  });

  r.get('/intel/lookup', { schema: { tags, summary: 'Which member an address belongs to (most specific prefix)', querystring: s.LookupQuery } },
    async (req) => service.lookupAddress(deps, actorOf(req), req.query.address));

  r.get('/institutions/:id/networks', { schema: { tags, summary: "A member's registered prefixes and domains", params: s.IdParam } },
    async (req) => ({ items: await service.listNetworks(deps, actorOf(req), req.params.id) }));

  r.post('/institutions/:id/networks', { schema: { tags, params: s.IdParam, body: s.NetworkBody } },
    async (req, reply) => reply.code(201).send(await service.addNetwork(deps, actorOf(req), req.params.id, req.body)));

  r.delete('/networks/:id', { schema: { tags, params: s.IdParam } }, async (req, reply) => {
    await service.removeNetwork(deps, actorOf(req), req.params.id);
    return reply.code(204).send();
  });
}
