/**
 * Improvement items (改善項目) raised from 一部実施 / 実施していない answers: what, who, by when,
 * and their status. Later the findings of audits feed the same list.
 */
import { type ImprovementState, canRaiseImprovement, improvementTransition, isCalendarDate } from '../../../core/assessments/rules.ts';
import { jstDate } from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyUsers } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import { campaignFor, denied, fail } from './context.ts';
import * as repo from './repo.ts';

const improvementNotFound = () => new AppError('not_found', '改善項目が見つかりません / Improvement item not found');

function checkDue(dueDate: string, field: string) {
  if (!isCalendarDate(dueDate)) throw new AppError('validation', `期日「${dueDate}」は日付として正しくありません / Not a valid date`, [{ path: field, message: 'not a calendar date' }]);
}

async function checkOwner(deps: Deps, trx: Parameters<typeof repo.findUser>[0], institutionId: string, ownerId: string) {
  const u = await repo.findUser(trx, ownerId);
  if (!u || u.institution_id !== institutionId || u.status !== 'active') {
    throw new AppError('validation', '改善の担当者は、この機関の有効な利用者にしてください / The owner must be an active member of this institution', [{ path: 'body.ownerId', message: 'not an active member of the institution' }]);
  }
  return u;
}

export async function raiseImprovement(deps: Deps, actor: Actor, answerId: string, input: { title: string; description?: string | undefined; ownerId: string; dueDate: string }) {
  checkDue(input.dueDate, 'body.dueDate');
  const now = deps.now();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const a = await repo.findAnswer(trx, answerId);
    if (!a) throw new AppError('not_found', '回答が見つかりません / Answer not found');
    const c = await campaignFor(trx, actor, a.assessment_id);
    if (!c.review) throw denied();
    fail(canRaiseImprovement({ state: a.status, result: a.result }));
    await checkOwner(deps, trx, c.row.institution_id, input.ownerId);
    const item = await repo.findItem(trx, a.assessment_id, a.item_id);
    await repo.insertImprovement(trx, {
      id, institution_id: c.row.institution_id, assessment_id: a.assessment_id, item_id: a.item_id, answer_id: a.id, title: input.title, description: input.description ?? null,
      owner_id: input.ownerId, due_date: input.dueDate, status: 'open', status_note: null, created_by: actor.userId!, created_at: now.toISOString(), updated_at: now.toISOString(), closed_at: null,
    });
    await notifyUsers(trx, 'assessments.improvement', [input.ownerId], (locale) => locale === 'ja'
      ? { subject: `[Renkei] 改善項目の担当になりました: ${input.title}`, text: `「${c.row.title}」の項目 ${item?.citation ?? ''} について、改善項目「${input.title}」の担当になりました。期日: ${input.dueDate}\n\n${deps.config.baseUrl}/assessments/improvements\n` }
      : { subject: `[Renkei] Improvement item assigned to you: ${input.title}`, text: `You own the improvement item "${input.title}" for item ${item?.citation ?? ''} of "${c.row.title}". Due: ${input.dueDate}\n\n${deps.config.baseUrl}/assessments/improvements\n` }, now);
    await recordAudit(trx, actor, {
      action: 'improvement.create', objectType: 'improvement_item', objectId: id, institutionId: c.row.institution_id,
      changes: { campaignId: a.assessment_id, answerId, citation: item?.citation ?? null, result: a.result, title: input.title, ownerId: input.ownerId, dueDate: input.dueDate },
    }, now);
  });
  return getImprovement(deps, actor, id);
}

function view(r: Awaited<ReturnType<typeof repo.improvements>>[number], today: string, names: Map<string, string>) {
  return {
    id: r.id, campaignId: r.assessment_id, campaignTitle: r.assessment_title, fiscalYear: r.fiscal_year, itemId: r.item_id, citation: r.citation, heading: r.heading,
    answerId: r.answer_id, title: r.title, description: r.description, owner: { id: r.owner_id, name: names.get(r.owner_id) ?? null }, dueDate: r.due_date,
    overdue: (r.status === 'open' || r.status === 'in_progress') && r.due_date < today, status: r.status, statusNote: r.status_note,
    createdAt: r.created_at, updatedAt: r.updated_at, closedAt: r.closed_at,
  };
}

/** Managers see the institution's list; others the items they own and those of campaigns they are responsible for. */
export async function listImprovements(deps: Deps, actor: Actor, filter: { campaignId?: string | undefined; status?: ImprovementState | undefined }) {
  const institutionId = actor.institutionId;
  if (!institutionId || !actor.userId) throw denied();
  let visibleTo;
  if (!can.manageAssessments(actor, institutionId)) {
    const owned = (await repo.assessmentsOf(deps.db, institutionId, 'self_inspection')).filter((a) => a.owner_id === actor.userId).map((a) => a.id);
    visibleTo = { userId: actor.userId, assessmentIds: owned };
  }
  const rows = await repo.improvements(deps.db, { institutionId, assessmentId: filter.campaignId, status: filter.status, visibleTo });
  const names = new Map((await repo.institutionUsers(deps.db, institutionId)).map((u) => [u.id, u.display_name]));
  const today = jstDate(deps.now());
  return rows.map((r) => view(r, today, names));
}

export async function getImprovement(deps: Deps, actor: Actor, id: string) {
  const item = (await listImprovements(deps, actor, {})).find((i) => i.id === id);
  if (!item) throw improvementNotFound();
  return item;
}

/** Status by the owner of the item or the campaign's reviewer; owner and due date by the reviewer. */
export async function updateImprovement(deps: Deps, actor: Actor, id: string, input: { status?: ImprovementState | undefined; note?: string | undefined; ownerId?: string | undefined; dueDate?: string | undefined }) {
  if (input.dueDate) checkDue(input.dueDate, 'body.dueDate');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await repo.findImprovement(trx, id);
    if (!r || r.institution_id !== actor.institutionId) throw improvementNotFound();
    const campaign = await repo.findAssessment(trx, r.assessment_id);
    const reviewer = !!campaign && can.reviewAssessment(actor, { institutionId: campaign.institution_id, ownerId: campaign.owner_id });
    const owner = r.owner_id === actor.userId;
    if (!reviewer && !owner) throw improvementNotFound();
    if ((input.ownerId !== undefined || input.dueDate !== undefined) && !reviewer) throw denied();
    const patch: Partial<repo.ImprovementRow> = { updated_at: now.toISOString() };
    if (input.status && input.status !== r.status) {
      fail(improvementTransition(r.status, input.status));
      patch.status = input.status;
      patch.closed_at = input.status === 'done' || input.status === 'cancelled' ? now.toISOString() : null;
    }
    if (input.note !== undefined) patch.status_note = input.note;
    if (input.ownerId !== undefined) {
      await checkOwner(deps, trx, r.institution_id, input.ownerId);
      patch.owner_id = input.ownerId;
    }
    if (input.dueDate !== undefined) patch.due_date = input.dueDate;
    await repo.updateImprovement(trx, id, patch);
    await recordAudit(trx, actor, { action: 'improvement.update', objectType: 'improvement_item', objectId: id, institutionId: r.institution_id, changes: { from: r.status, ...input } }, now);
  });
  return getImprovement(deps, actor, id);
}
