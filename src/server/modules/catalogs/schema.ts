import { z } from 'zod';
import type { Clause } from '../../../core/regulation/types.ts';

const CLAUSE_KINDS = ['chapter', 'section', 'subsection', 'article', 'paragraph', 'item', 'subitem', 'supplementary', 'appendix', 'preamble'] as const;
const MAX_CLAUSES = 20_000;

export const ClauseSchema: z.ZodType<Clause> = z.lazy(() =>
  z.object({
    key: z.string().max(300),
    kind: z.enum(CLAUSE_KINDS),
    label: z.string().max(100),
    citation: z.string().min(1).max(300),
    heading: z.string().max(500).nullable(),
    text: z.string().max(50_000),
    line: z.number().int().min(0),
    children: z.array(ClauseSchema).max(MAX_CLAUSES),
  }),
);

const Visibility = z.enum(['private', 'consortium']);
const Confidentiality = z.number().int().min(1).max(4);

export const SaveBody = z.object({
  regulationId: z.string().max(100).optional(),
  title: z.string().trim().min(1).max(300),
  kind: z.enum(['regulation', 'standard', 'library']).default('regulation'),
  visibility: Visibility.default('private'),
  confidentiality: Confidentiality.default(2),
  versionLabel: z.string().trim().max(100).optional(),
  form: z.enum(['article', 'outline', 'library']),
  source: z.object({
    filename: z.string().max(300).nullable(),
    format: z.enum(['text', 'docx', 'pdf', 'yaml']),
    encoding: z.string().max(40).nullable(),
    sha256: z.string().max(64).nullable(),
  }),
  clauses: z.array(ClauseSchema).min(1).max(MAX_CLAUSES),
  unplaced: z.array(z.object({ line: z.number().int(), text: z.string().max(5000), reason: z.string().max(300) })).max(MAX_CLAUSES).default([]),
  /** The library framework URN, for regulations imported from a CISO Assistant library. */
  externalRef: z.string().max(300).nullable().optional(),
});

export const PatchBody = z.object({ title: z.string().trim().min(1).max(300).optional(), visibility: Visibility.optional(), confidentiality: Confidentiality.optional() });

export const ListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  scope: z.enum(['visible', 'mine', 'shared']).default('visible'),
  institutionId: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const SearchQuery = z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const VersionQuery = z.object({ versionId: z.string().max(100).optional() });
export const DiffQuery = z.object({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) });
export const CompareQuery = z.object({
  source: z.string().min(1).max(100),
  target: z.string().min(1).max(100),
  top: z.coerce.number().int().min(1).max(10).default(3),
  format: z.enum(['json', 'xlsx', 'csv', 'yaml']).default('json'),
});
export const DecisionBody = z.object({
  sourceId: z.string().min(1).max(100),
  targetId: z.string().min(1).max(100),
  sourceCitation: z.string().min(1).max(300),
  targetCitation: z.string().min(1).max(300),
  status: z.enum(['confirmed', 'rejected', 'undecided']),
  relationship: z.enum(['equal', 'subset', 'superset', 'intersect', 'not_related']).default('intersect'),
  rationale: z.string().max(2000).optional(),
  score: z.number().min(0).max(1).optional(),
});
export const ChecklistBody = z.object({
  regulationId: z.string().min(1).max(100),
  title: z.string().trim().min(1).max(300),
  citations: z.array(z.string().min(1).max(300)).max(MAX_CLAUSES).optional(),
});
