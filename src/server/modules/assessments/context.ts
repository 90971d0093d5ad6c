/**
 * Loading a campaign for an actor, and who is expected to answer what. Shared by the services
 * of this module; the visibility rule lives here once: outside the institution a campaign does
 * not exist (404), respondents see it only once it is open and only through their assignments.
 */
import type { Slot } from '../../../core/assessments/analysis.ts';
import type { RuleViolation } from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import type { Db, Trx } from '../../db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repo.ts';

type Q = Db | Trx;
export const SELF_INSPECTION = 'self_inspection';

/** One message whatever the reason, so a denial reveals nothing about the object. */
export const denied = () => new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');

export const campaignNotFound = () => new AppError('not_found', '点検が見つかりません / Campaign not found');

export function fail(v: RuleViolation | null): void {
  if (v) throw new AppError(v.kind, v.message, v.field ? [{ path: v.field, message: v.message }] : []);
}

const asAssignees = (rows: readonly repo.AssignmentRow[]) => rows.map((a) => ({ userId: a.user_id, role: a.role }));

/** Whether the actor answers through this assignment (by name, or by a role they hold). */
export const isAssignee = (actor: Actor, institutionId: string, a: repo.AssignmentRow) => can.answerAssessmentItem(actor, institutionId, asAssignees([a]));

export interface CampaignContext {
  row: repo.AssessmentRow;
  /** Administrator or CISO of the institution. */
  manage: boolean;
  /** The responsible person (or a manager): reviews answers, sees progress and results. */
  review: boolean;
  assignments: repo.AssignmentRow[];
}

export async function campaignFor(q: Q, actor: Actor, id: string): Promise<CampaignContext> {
  const row = await repo.findAssessment(q, id);
  if (!row || row.kind !== SELF_INSPECTION || row.institution_id !== actor.institutionId || !actor.userId) throw campaignNotFound();
  const manage = can.manageAssessments(actor, row.institution_id);
  const review = can.reviewAssessment(actor, { institutionId: row.institution_id, ownerId: row.owner_id });
  const assignments = await repo.assignmentsOf(q, id);
  if (!review && (row.status === 'draft' || !can.answerAssessmentItem(actor, row.institution_id, asAssignees(assignments)))) throw campaignNotFound();
  return { row, manage, review, assignments };
}

/** Assignments of one item that make the actor a respondent for it. */
export function assignedToActor(actor: Actor, assignments: readonly repo.AssignmentRow[], itemId: string): repo.AssignmentRow[] {
  const mine = assignments.filter((a) => a.item_id === itemId && isAssignee(actor, actor.institutionId ?? '', a));
  // A named assignment decides the department before a role assignment does.
  return mine.sort((a, b) => Number(b.user_id !== null) - Number(a.user_id !== null));
}

export interface Slots {
  slots: Slot[];
  answers: repo.AnswerRow[];
  users: Map<string, { id: string; display_name: string; email: string; status: string }>;
}

/**
 * Every expected (item, respondent) pair: named assignees and the active holders of assigned
 * roles, plus anyone who already answered (an answer is kept when an assignment changes).
 */
export async function slotsOf(q: Q, row: repo.AssessmentRow, assignments: readonly repo.AssignmentRow[]): Promise<Slots> {
  const roles = [...new Set(assignments.flatMap((a) => (a.role ? [a.role] : [])))];
  const [holders, people, answers] = await Promise.all([repo.roleHolders(q, row.institution_id, roles), repo.institutionUsers(q, row.institution_id), repo.answersOf(q, row.id)]);
  const users = new Map(people.map((u) => [u.id, u]));
  const slots = new Map<string, Slot>();
  const ordered = [...assignments].sort((a, b) => Number(b.user_id !== null) - Number(a.user_id !== null));
  for (const a of ordered) {
    const ids = a.user_id ? (users.get(a.user_id)?.status === 'active' ? [a.user_id] : []) : (holders.get(a.role ?? '') ?? []);
    for (const uid of ids) {
      const key = `${a.item_id}\n${uid}`;
      if (!slots.has(key)) slots.set(key, { itemId: a.item_id, respondentId: uid, department: a.department, answer: null });
    }
  }
  for (const ans of answers) {
    const key = `${ans.item_id}\n${ans.respondent_id}`;
    const before = slots.get(key);
    slots.set(key, { itemId: ans.item_id, respondentId: ans.respondent_id, department: ans.department ?? before?.department ?? null, answer: { state: ans.status, result: ans.result } });
  }
  return { slots: [...slots.values()], answers, users };
}
