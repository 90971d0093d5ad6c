import { z } from 'zod';
import { INSTITUTION_ROLES } from '../../../common/roles.ts';
import { ANSWER_RESULTS, IMPROVEMENT_STATES } from '../../../core/assessments/rules.ts';

const Id = z.string().min(1).max(100);
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Days = z.array(z.number().int().min(0).max(365)).max(10);

export const IdParam = z.object({ id: Id });
export const ItemParam = z.object({ id: Id, itemId: Id });
export const VersionParam = z.object({ id: Id, versionNo: z.coerce.number().int().min(1).max(100_000) });

export const CampaignListQuery = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() });

export const CampaignBody = z.object({
  title: z.string().trim().min(1).max(300),
  fiscalYear: z.number().int().min(2000).max(2100),
  templateId: Id,
  /** A date (the end of that day, JST) or an instant with its offset. */
  deadline: z.union([DateOnly, z.string().datetime({ offset: true })]),
  ownerId: Id,
  remindBeforeDays: Days.default([7, 1]),
  remindAfterDays: Days.default([1, 7]),
});

export const CampaignPatch = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  deadline: z.union([DateOnly, z.string().datetime({ offset: true })]).optional(),
  ownerId: Id.optional(),
  remindBeforeDays: Days.optional(),
  remindAfterDays: Days.optional(),
});

export const AssignmentBody = z.object({
  /** Which items: listed by id, by citation prefix (`6` takes 6.1, 6.2 …), or all of them. */
  itemIds: z.array(Id).min(1).max(5000).optional(),
  citationPrefix: z.string().trim().min(1).max(100).optional(),
  all: z.boolean().optional(),
  /** To whom: one person, or every active holder of a role (each answers separately). */
  userId: Id.optional(),
  role: z.enum(INSTITUTION_ROLES).optional(),
  department: z.string().trim().min(1).max(200).optional(),
});

export const AssignmentParam = z.object({ id: Id, assignmentId: Id });

export const AnswerBody = z.object({
  result: z.enum(ANSWER_RESULTS).nullable().optional(),
  comment: z.string().max(10_000).nullable().optional(),
  department: z.string().trim().max(200).nullable().optional(),
  /** Replaces the evidence linked to this answer. */
  evidenceIds: z.array(Id).max(100).optional(),
});

export const ReviewBody = z.object({ comment: z.string().trim().max(10_000).optional() });
export const SendBackBody = z.object({ comment: z.string().trim().min(1).max(10_000) });

export const AnswerListQuery = z.object({ status: z.enum(['draft', 'submitted', 'accepted']).optional() });

export const EvidenceLinkBody = z.object({
  title: z.string().trim().min(1).max(300),
  url: z.string().trim().min(1).max(2000),
  effectiveFrom: DateOnly.optional(),
  expiresOn: DateOnly.optional(),
  note: z.string().max(2000).optional(),
});

export const EvidenceUploadQuery = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  effectiveFrom: DateOnly.optional(),
  expiresOn: DateOnly.optional(),
  note: z.string().max(2000).optional(),
});

export const EvidenceVersionBody = z.object({
  url: z.string().trim().min(1).max(2000),
  effectiveFrom: DateOnly.optional(),
  expiresOn: DateOnly.optional(),
  note: z.string().max(2000).optional(),
});

export const EvidenceListQuery = z.object({ mine: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional() });

export const ImprovementBody = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).optional(),
  ownerId: Id,
  dueDate: DateOnly,
});

export const ImprovementPatch = z.object({
  status: z.enum(IMPROVEMENT_STATES).optional(),
  note: z.string().max(2000).optional(),
  ownerId: Id.optional(),
  dueDate: DateOnly.optional(),
});

export const ImprovementQuery = z.object({
  campaignId: Id.optional(),
  status: z.enum(IMPROVEMENT_STATES).optional(),
});
