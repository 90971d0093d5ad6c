import { z } from 'zod';
import { OBLIGATION_KINDS } from '../../../core/incidents/deadlines.ts';
import {
  INCIDENT_CATEGORIES, INCIDENT_STATES, LEARNING_KINDS, PERSONAL_DATA_KINDS, SEVERITIES, TASK_PHASES, TASK_STATES, TIMELINE_KINDS,
} from '../../../core/incidents/rules.ts';

const Id = z.string().min(1).max(100);
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Instant = z.string().datetime({ offset: true });
const Text = (max: number) => z.string().trim().min(1).max(max);

export const IdParam = z.object({ id: Id });
export const TaskParam = z.object({ id: Id, taskId: Id });
export const EvidenceParam = z.object({ id: Id, evidenceId: Id });
export const ObligationParam = z.object({ id: Id, kind: z.enum(OBLIGATION_KINDS) });

/**
 * The public form. `website` is a honeypot: hidden from people by the form, filled in by bots.
 * Sizes are limited so the form cannot be used to store bulk data.
 */
export const PublicReportBody = z.object({
  institutionCode: z.string().trim().min(1).max(40),
  name: z.string().trim().max(100).optional(),
  email: z.string().trim().max(254).email(),
  phone: z.string().trim().max(40).optional(),
  affiliation: z.string().trim().max(200).optional(),
  subject: Text(200),
  description: Text(5_000),
  occurredAt: Instant.optional(),
  website: z.string().max(500).optional(),
}).strict();

export const MemberReportBody = z.object({
  subject: Text(200),
  description: Text(20_000),
  /** Only a suspicion (怪しいと思ったら報告): the CSIRT decides in triage. */
  suspicion: z.boolean().default(false),
  occurredAt: Instant.optional(),
});

const Asset = z.object({
  kind: z.enum(['system', 'information']),
  name: Text(300),
  confidentiality: z.number().int().min(1).max(4).nullable().optional(),
  integrity: z.number().int().min(1).max(2).nullable().optional(),
  availability: z.number().int().min(1).max(3).nullable().optional(),
  note: z.string().trim().max(2_000).nullable().optional(),
});

export const PersonalData = z.object({
  involved: z.boolean(),
  count: z.number().int().min(0).max(100_000_000).nullable().optional(),
  kinds: z.array(z.enum(PERSONAL_DATA_KINDS)).max(PERSONAL_DATA_KINDS.length).optional(),
  unauthorisedPurpose: z.boolean().optional(),
});

/** Triage and later corrections; given fields only. `assets` replaces the whole list. */
export const IncidentPatch = z.object({
  title: Text(300).optional(),
  description: Text(20_000).optional(),
  isIncident: z.boolean().nullable().optional(),
  category: z.enum(INCIDENT_CATEGORIES).nullable().optional(),
  severity: z.enum(SEVERITIES).nullable().optional(),
  occurredAt: Instant.nullable().optional(),
  awareAt: Instant.optional(),
  containedAt: Instant.nullable().optional(),
  handlerId: Id.nullable().optional(),
  personalData: PersonalData.optional(),
  assets: z.array(Asset).max(200).optional(),
});

export const StatusBody = z.object({ to: z.enum(INCIDENT_STATES), note: z.string().trim().max(5_000).optional() });

export const MergeBody = z.object({ into: Id });

export const IncidentListQuery = z.object({
  status: z.enum(INCIDENT_STATES).optional(),
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const EventBody = z.object({ kind: z.enum(TIMELINE_KINDS), text: Text(10_000), at: Instant.optional() });

export const TaskBody = z.object({
  phase: z.enum(TASK_PHASES),
  title: Text(300),
  ownerId: Id.nullable().optional(),
  dueDate: DateOnly.nullable().optional(),
});

export const TaskPatch = z.object({
  title: Text(300).optional(),
  ownerId: Id.nullable().optional(),
  dueDate: DateOnly.nullable().optional(),
  status: z.enum(TASK_STATES).optional(),
});

export const EvidenceQuery = z.object({ note: z.string().trim().max(2_000).optional() });

export const ObligationDoneBody = z.object({
  /** When the report was made: a date (JST) or an instant; default now. null: not done after all. */
  doneAt: z.union([DateOnly, Instant]).nullable().optional(),
  note: z.string().trim().max(2_000).optional(),
});

export const LearningBody = z.object({
  kind: z.enum(LEARNING_KINDS),
  incidentId: Id.optional(),
  title: Text(300),
  body: Text(20_000),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  improvement: z.string().trim().max(10_000).optional(),
  occurredOn: DateOnly.optional(),
});

export const LearningQuery = z.object({
  kind: z.enum(LEARNING_KINDS).optional(),
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const SummaryQuery = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() });
