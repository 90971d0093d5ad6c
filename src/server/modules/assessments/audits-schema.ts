import { z } from 'zod';
import { AUDIT_KINDS, AUDIT_RATINGS, FINDING_CATEGORIES, FINDING_STATES } from '../../../core/assessments/audits.ts';

const Id = z.string().min(1).max(100);
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Year = z.number().int().min(2000).max(2100);
const Text = (max: number) => z.string().trim().min(1).max(max);

export const IdParam = z.object({ id: Id });
export const ItemParam = z.object({ id: Id, itemId: Id });
export const FileParam = z.object({ id: Id, evidenceId: Id, versionNo: z.coerce.number().int().min(1).max(100_000) });
export const YearQuery = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100) });
export const OptionalYearQuery = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() });

export const PlanBody = z.object({
  fiscalYear: Year,
  note: z.string().max(2000).optional(),
  /** auditor → auditee, e.g. A→B, C→D. */
  pairs: z.array(z.object({ auditorInstitutionId: Id, auditeeInstitutionId: Id })).min(1).max(500),
});

const Hearing = z.object({ at: z.string().datetime({ offset: true }), topic: Text(300), attendees: z.string().max(1000).optional() });

export const AuditBody = z.object({
  kind: z.enum(AUDIT_KINDS),
  title: Text(300),
  fiscalYear: Year.optional(),
  /** The checklist template copied as the scope (mutual and internal audits). */
  templateId: Id.optional(),
  /** Mutual audits: the pair of the year plan. */
  pairId: Id.optional(),
  /** Internal audits: the audited department. */
  auditeeDepartment: Text(200).optional(),
  /** Follow-up audits: the audit whose open findings are followed up. */
  previousAuditId: Id.optional(),
  team: z.array(z.object({ userId: Id, role: z.enum(['lead', 'member']), departments: z.array(Text(200)).max(20).optional() })).min(1).max(20),
  startDate: DateOnly,
  endDate: DateOnly,
  documents: z.array(Text(500)).max(200).optional(),
  hearings: z.array(Hearing).max(100).optional(),
});

export const AuditPatch = z.object({
  title: Text(300).optional(),
  startDate: DateOnly.optional(),
  endDate: DateOnly.optional(),
  documents: z.array(Text(500)).max(200).optional(),
  hearings: z.array(Hearing).max(100).optional(),
  /** Keeps only these items in scope (both sides agree again). */
  scopeItemIds: z.array(Id).min(1).max(5000).optional(),
});

export const ReportBody = z.object({ summary: z.string().max(20_000).optional() });

export const RequestBody = z.object({ itemId: Id.optional(), title: Text(300), detail: z.string().max(5000).optional(), dueDate: DateOnly });
export const ProvideBody = z.object({ evidenceIds: z.array(Id).min(1).max(100) });
export const NoteBody = z.object({ kind: z.enum(['document_review', 'hearing']), text: Text(20_000) });
export const RatingBody = z.object({ rating: z.enum(AUDIT_RATINGS), comment: z.string().max(5000).nullable().optional() });

export const FindingBody = z.object({
  itemId: Id.optional(),
  clause: Text(300).optional(),
  category: z.enum(FINDING_CATEGORIES),
  description: Text(20_000),
  evidence: z.string().max(5000).optional(),
});
export const FindingPatch = z.object({
  clause: Text(300).optional(),
  category: z.enum(FINDING_CATEGORIES).optional(),
  description: Text(20_000).optional(),
  evidence: z.string().max(5000).optional(),
});
export const ResponseBody = z.object({ response: Text(20_000), actionWhat: z.string().trim().max(5000).optional(), actionOwnerId: Id.optional(), actionDue: DateOnly.optional() });
export const ProgressBody = z.object({ status: z.enum(FINDING_STATES), note: z.string().max(5000).optional() });
