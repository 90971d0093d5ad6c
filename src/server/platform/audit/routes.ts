import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvLine } from '../../../core/csv.ts';
import { formatJst } from '../../../core/time.ts';
import { AuditEntrySchema, AuditQuery } from '../../../common/api/platform.ts';
import type { Deps } from '../deps.ts';
import { actorOf } from '../http.ts';
import { exportAudit, listAudit } from './service.ts';

const CSV_COLUMNS = ['seq', 'at_utc', 'at_jst', 'actor', 'actor_user_id', 'institution_id', 'ip', 'action', 'object_type', 'object_id', 'changes', 'hash'];

export function auditRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  r.get('/audit', {
    schema: { tags, summary: 'Browse the audit log (newest first)', querystring: AuditQuery, response: { 200: z.object({ items: z.array(AuditEntrySchema), nextBeforeSeq: z.number().nullable() }) } },
  }, async (req) => {
    const { limit, ...filter } = req.query;
    return listAudit(deps.db, actorOf(req), filter, limit);
  });

  r.get('/audit/export.csv', {
    schema: { tags, summary: 'Export the filtered audit log as CSV (UTF-8 with BOM, oldest first)', querystring: AuditQuery.omit({ limit: true, beforeSeq: true }) },
  }, async (req, reply) => {
    const rows = exportAudit(deps.db, actorOf(req), req.query);
    // Pull the first row before answering, so a permission error is still a proper problem response.
    const first = await rows.next();
    async function* lines() {
      yield `\ufeff${CSV_COLUMNS.join(',')}\r\n`;
      for (let it = first; !it.done; it = await rows.next()) {
        const e = it.value;
        yield csvLine([e.seq, e.at, formatJst(e.at, true), e.actorLabel, e.actorUserId, e.institutionId, e.ip, e.action, e.objectType, e.objectId, e.changes, e.hash]);
      }
    }
    const { Readable } = await import('node:stream');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="renkei-audit-${new Date().toISOString().slice(0, 10)}.csv"`)
      .send(Readable.from(lines()));
  });
}
