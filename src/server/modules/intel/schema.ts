import { z } from 'zod';
import { TLP_LABELS } from '../../../common/classification.ts';
import { INDICATOR_FORMATS } from './formats.ts';

export const SourceBody = z.object({
  name: z.string().trim().min(1).max(200),
  format: z.enum([...INDICATOR_FORMATS, 'mixed']).default('mixed'),
  defaultCategory: z.string().trim().max(50).optional(),
  defaultConfidence: z.number().int().min(0).max(100).optional(),
  defaultTlp: z.enum(TLP_LABELS).optional(),
  note: z.string().max(2000).optional(),
});

export const ImportQuery = z.object({ format: z.enum(INDICATOR_FORMATS).optional() });

export const IndicatorQuery = z.object({
  q: z.string().trim().max(200).optional(),
  type: z.enum(['ipv4', 'ipv6', 'cidr', 'range', 'domain', 'url', 'md5', 'sha1', 'sha256']).optional(),
  category: z.string().max(50).optional(),
  sourceId: z.string().max(100).optional(),
  activeOnly: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const NetworkBody = z.object({
  kind: z.enum(['prefix', 'domain']),
  value: z.string().trim().min(1).max(300),
  note: z.string().max(500).optional(),
});

export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const LookupQuery = z.object({ address: z.string().trim().min(1).max(100) });
