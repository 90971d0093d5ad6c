import { z } from 'zod';
import { TLP_LABELS } from '../../../common/classification.ts';
import { REDACTION_KINDS } from '../../../core/redaction/index.ts';

export const IdParam = z.object({ id: z.string().min(1).max(100) });

const Indicator = z.object({
  type: z.enum(['ipv4', 'ipv6', 'cidr', 'range', 'domain', 'url', 'md5', 'sha1', 'sha256']),
  value: z.string().trim().min(1).max(2000),
  comment: z.string().max(500).optional(),
});

export const DraftBody = z.object({
  incidentId: z.string().min(1).max(100),
  tlp: z.enum(TLP_LABELS),
  title: z.string().trim().min(1).max(300).optional(),
  summary: z.string().max(2000).optional(),
  body: z.string().max(50_000).optional(),
  category: z.string().trim().max(50).nullable().optional(),
  products: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  cves: z.array(z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'CVE-YYYY-NNNN の形式で書いてください')).max(100).optional(),
  indicators: z.array(Indicator).max(500).optional(),
  recipients: z.array(z.string().min(1).max(100)).max(50).optional(),
  occurredAt: z.string().datetime({ offset: true }).nullable().optional(),
  disclose: z.boolean().optional(),
});

export const Decision = z.object({
  accepted: z.array(z.boolean()).max(5000),
  extra: z.array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0), kind: z.enum(REDACTION_KINDS) })).max(1000).default([]),
});
export const PublishBody = z.object({ title: Decision, summary: Decision, body: Decision });

export const SearchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  category: z.string().max(50).optional(),
  product: z.string().max(200).optional(),
  cve: z.string().max(30).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

const ExtraSpans = z.array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0), kind: z.enum(REDACTION_KINDS) })).max(1000);
export const CommentPreviewBody = z.object({ body: z.string().trim().min(1).max(10_000) });
/** Without `accepted`, every proposal is accepted (callers before the comment review). */
export const CommentBody = z.object({ body: z.string().trim().min(1).max(10_000), accepted: z.array(z.boolean()).max(5000).optional(), extra: ExtraSpans.optional() });
export const RevealBody = z.object({ reason: z.string().trim().min(1).max(2000) });
export const ExportParam = z.object({ id: z.string().min(1).max(100), format: z.enum(['misp', 'stix']) });
export const AcceptBody = z.object({ sourceId: z.string().min(1).max(100) });
export const TlpBody = z.object({ tlp: z.enum(TLP_LABELS), reason: z.string().trim().min(1).max(2000) });
export const WithdrawBody = z.object({ reason: z.string().trim().min(1).max(2000) });
export const AddendumBody = z.object({ text: z.string().trim().min(1).max(20_000) });
export const AddendumParam = z.object({ id: z.string().min(1).max(100), addendumId: z.string().min(1).max(100) });
