import { z } from 'zod';
import { URGENCIES } from '../../../core/alerts/urgency.ts';

const STATUSES = ['review', 'dismissed', 'merged', 'received', 'acknowledged', 'investigating', 'mitigated', 'not_affected', 'closed'] as const;
const port = z.number().int().min(0).max(65535);
const count = z.number().min(0).max(1e15);

export const Sighting = z.object({
  institutionId: z.string().min(1).max(100),
  internalHost: z.string().trim().min(1).max(100),
  remoteAddress: z.string().trim().min(1).max(300),
  indicatorId: z.string().min(1).max(100),
  internalIsSource: z.boolean(),
  proto: z.number().int().min(0).max(255),
  srcPort: port,
  dstPort: port,
  tcpFlags: z.number().int().min(0).max(255).default(0),
  bytes: count,
  packets: count,
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
});

export const SightingsBody = z.object({ sightings: z.array(Sighting).min(1).max(10_000) });
export const SIGHTINGS_BODY_LIMIT = 8 * 1024 * 1024;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD 形式の日付で指定してください');
export const ResearchQuery = z.object({ from: day, to: day, format: z.enum(['json', 'csv']).default('json') });

export const AlertQuery = z.object({
  status: z.enum(STATUSES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  category: z.string().max(50).optional(),
  institutionId: z.string().max(100).optional(),
  host: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const ConfirmBody = z.object({ note: z.string().max(2000).optional() }).default({});
export const DismissBody = z.object({ reason: z.string().trim().min(1, '却下の理由を入力してください').max(2000) });
export const MergeBody = z.object({ into: z.string().min(1).max(100), note: z.string().max(2000).optional() });
export const StatusBody = z.object({
  status: z.enum(['acknowledged', 'investigating', 'mitigated', 'not_affected', 'closed']),
  note: z.string().max(4000).optional(),
});

/** POST /flows/imports: which logs, and their format when it should not be detected (checked against the kind by the service). */
export const ImportQuery = z.object({
  kind: z.enum(['dns', 'flows'], { error: 'kind は dns（DNS ログ）か flows（フローファイル）です / kind must be dns or flows' }),
  format: z.enum(['nfcapd', 'zeek', 'csv', 'jsonl']).optional(),
});
