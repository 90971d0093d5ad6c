/**
 * Self-inspection campaigns (自己点検): creation from a checklist template, assignments to people
 * and roles, the draft → open → closed workflow, progress, results per chapter and department,
 * and comparison with the previous fiscal year. Answers, evidence, improvement items and
 * reminders have their own files in this module.
 */
import { compare, progress, results } from '../../../core/assessments/analysis.ts';
import {
  type CampaignState, campaignEditable, campaignTransition, canOpen, chapterOf, deadlineFitsFiscalYear, deadlineInstant, matchesPrefix,
} from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import type { InstitutionRole } from '../../../common/roles.ts';
import type { Db, Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyUsers, registerEventTypes } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import { getChecklist } from '../catalogs/service.ts';
import { type CampaignContext, campaignFor, denied, fail, isAssignee, SELF_INSPECTION, slotsOf } from './context.ts';
import * as repo from './repo.ts';

registerEventTypes(
  { type: 'assessments.assigned', labelJa: '自己点検の依頼（担当の項目がある点検の開始）', labelEn: 'Self-inspection requests (a campaign with items for you opens)' },
  { type: 'assessments.reminder', labelJa: '自己点検の回答期限のお知らせ（未提出の項目があるとき）', labelEn: 'Self-inspection deadline reminders (items not yet submitted)' },
  { type: 'assessments.sent_back', labelJa: '自己点検の回答の差し戻し', labelEn: 'Self-inspection answers sent back by the reviewer' },
  { type: 'assessments.improvement', labelJa: '改善項目の担当（自己点検で見つかった課題）', labelEn: 'Improvement items assigned to you' },
);

type Q = Db | Trx;

function parseDeadline(input: string, field: string): string {
  const d = deadlineInstant(input);
  if (!d) throw new AppError('validation', `回答期限「${input}」は日付として正しくありません / Not a valid date`, [{ path: field, message: 'not a valid date' }]);
  return d.toISOString();
}

async function activeColleague(q: Q, institutionId: string, userId: string, field: string) {
  const u = await repo.findUser(q, userId);
  if (!u || u.institution_id !== institutionId || u.status !== 'active') {
    throw new AppError('validation', '指定された担当者は、この機関の有効な利用者ではありません / The person given is not an active member of this institution', [{ path: field, message: 'not an active member of the institution' }]);
  }
  return u;
}

const days = (json: string) => JSON.parse(json) as number[];

function campaignView(c: CampaignContext, owner: { id: string; display_name: string } | undefined, itemCount: number) {
  const r = c.row;
  return {
    id: r.id, title: r.title, fiscalYear: r.fiscal_year, templateId: r.template_id, status: r.status as CampaignState,
    owner: { id: r.owner_id, name: owner?.display_name ?? null },
    deadline: r.deadline, deadlineJst: formatJst(r.deadline), remindBeforeDays: days(r.remind_before_days), remindAfterDays: days(r.remind_after_days),
    createdAt: r.created_at, openedAt: r.opened_at, closedAt: r.closed_at, items: itemCount,
    permissions: { manage: c.manage, review: c.review },
  };
}

export async function createCampaign(deps: Deps, actor: Actor, input: {
  title: string; fiscalYear: number; templateId: string; deadline: string; ownerId: string; remindBeforeDays: number[]; remindAfterDays: number[];
}) {
  const institutionId = actor.institutionId;
  if (!institutionId || !actor.userId || !can.manageAssessments(actor, institutionId)) throw denied();
  const deadline = parseDeadline(input.deadline, 'body.deadline');
  fail(deadlineFitsFiscalYear(new Date(deadline), input.fiscalYear));
  await activeColleague(deps.db, institutionId, input.ownerId, 'body.ownerId');
  let template;
  try {
    template = await getChecklist(deps, actor, input.templateId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      throw new AppError('validation', 'チェックリストの雛形が見つかりません / Checklist template not found', [{ path: 'body.templateId', message: 'not found' }]);
    }
    throw err;
  }
  const now = deps.now().toISOString();
  const id = newId();
  const row: repo.AssessmentRow = {
    id, institution_id: institutionId, kind: SELF_INSPECTION, title: input.title, fiscal_year: input.fiscalYear, template_id: template.id, owner_id: input.ownerId,
    deadline, status: 'draft', remind_before_days: JSON.stringify([...new Set(input.remindBeforeDays)].sort((a, b) => b - a)),
    remind_after_days: JSON.stringify([...new Set(input.remindAfterDays)].sort((a, b) => a - b)), created_by: actor.userId, created_at: now, updated_at: now, opened_at: null, closed_at: null,
  };
  const items: repo.ItemRow[] = template.items.map((i, ord) => ({ id: newId(), assessment_id: id, ord, citation: i.citation, chapter: chapterOf(i.citation), heading: i.heading, text: i.text }));
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertAssessment(trx, row, items);
    await recordAudit(trx, actor, {
      action: 'assessment.create', objectType: 'assessment', objectId: id, institutionId,
      changes: { title: input.title, fiscalYear: input.fiscalYear, templateId: template.id, deadline, ownerId: input.ownerId, items: items.length },
    }, deps.now());
  });
  return { id, items: items.length };
}

/** Managers see every campaign of the institution; others those they are responsible for or assigned to (once open). */
export async function listCampaigns(deps: Deps, actor: Actor, fiscalYear?: number) {
  const institutionId = actor.institutionId;
  if (!institutionId || !actor.userId) throw denied();
  const rows = await repo.assessmentsOf(deps.db, institutionId, SELF_INSPECTION, fiscalYear);
  const manage = can.manageAssessments(actor, institutionId);
  const mine = manage ? null : await repo.assessmentIdsFor(deps.db, institutionId, actor.userId, actor.roles);
  const visible = rows.filter((r) => manage || r.owner_id === actor.userId || (mine!.has(r.id) && r.status !== 'draft'));
  const users = new Map((await repo.institutionUsers(deps.db, institutionId)).map((u) => [u.id, u]));
  return visible.map((r) => ({
    id: r.id, title: r.title, fiscalYear: r.fiscal_year, status: r.status, deadline: r.deadline, deadlineJst: formatJst(r.deadline),
    owner: { id: r.owner_id, name: users.get(r.owner_id)?.display_name ?? null }, createdAt: r.created_at,
  }));
}

export async function getCampaign(deps: Deps, actor: Actor, id: string) {
  const c = await campaignFor(deps.db, actor, id);
  const [owner, items] = await Promise.all([repo.findUser(deps.db, c.row.owner_id), repo.itemsOf(deps.db, id)]);
  return campaignView(c, owner, items.length);
}

export async function updateCampaign(deps: Deps, actor: Actor, id: string, input: { title?: string | undefined; deadline?: string | undefined; ownerId?: string | undefined; remindBeforeDays?: number[] | undefined; remindAfterDays?: number[] | undefined }) {
  const patch: Partial<repo.AssessmentRow> = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.deadline !== undefined) patch.deadline = parseDeadline(input.deadline, 'body.deadline');
  if (input.remindBeforeDays) patch.remind_before_days = JSON.stringify([...new Set(input.remindBeforeDays)].sort((a, b) => b - a));
  if (input.remindAfterDays) patch.remind_after_days = JSON.stringify([...new Set(input.remindAfterDays)].sort((a, b) => a - b));
  await deps.db.transaction().execute(async (trx) => {
    const c = await campaignFor(trx, actor, id);
    if (!c.manage) throw denied();
    fail(campaignEditable(c.row.status as CampaignState));
    if (input.ownerId !== undefined) {
      await activeColleague(trx, c.row.institution_id, input.ownerId, 'body.ownerId');
      patch.owner_id = input.ownerId;
    }
    if (patch.deadline) fail(deadlineFitsFiscalYear(new Date(patch.deadline), c.row.fiscal_year));
    if (c.row.status === 'open' && patch.deadline && patch.deadline <= deps.now().toISOString()) {
      throw new AppError('validation', '実施中の点検の回答期限は、現在より後にしてください / The deadline of an open campaign must be in the future', [{ path: 'body.deadline', message: 'in the past' }]);
    }
    await repo.updateAssessment(trx, id, { ...patch, updated_at: deps.now().toISOString() });
    await recordAudit(trx, actor, { action: 'assessment.update', objectType: 'assessment', objectId: id, institutionId: c.row.institution_id, changes: input }, deps.now());
  });
  return getCampaign(deps, actor, id);
}

/** draft → open (respondents are told by e-mail) → closed. Out-of-order changes are refused. */
export async function moveCampaign(deps: Deps, actor: Actor, id: string, to: 'open' | 'closed') {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const c = await campaignFor(trx, actor, id);
    if (!c.manage) throw denied();
    const from = c.row.status as CampaignState;
    fail(campaignTransition(from, to));
    let notified = 0;
    if (to === 'open') {
      fail(canOpen({ assignments: c.assignments.length, deadline: c.row.deadline, now: now.toISOString() }));
      const { slots } = await slotsOf(trx, c.row, c.assignments);
      const respondents = [...new Set(slots.map((s) => s.respondentId))];
      if (!respondents.length) fail({ kind: 'conflict', message: '割り当てられた役割を持つ有効な利用者がいないため開始できません / Nobody active holds the assigned roles' });
      notified = await notifyUsers(trx, 'assessments.assigned', respondents, (locale) => openedMail(deps, c.row, locale), now);
    }
    const moved = await repo.moveAssessment(trx, id, from, { status: to, updated_at: now.toISOString(), ...(to === 'open' ? { opened_at: now.toISOString() } : { closed_at: now.toISOString() }) });
    if (!moved) fail({ kind: 'conflict', message: '点検の状態が他の操作で変わりました。画面を更新してください / The campaign was changed meanwhile; reload and try again' });
    await recordAudit(trx, actor, { action: `assessment.${to === 'open' ? 'open' : 'close'}`, objectType: 'assessment', objectId: id, institutionId: c.row.institution_id, changes: { from, to, notified } }, now);
  });
  return getCampaign(deps, actor, id);
}

function campaignUrl(deps: Deps, id: string) {
  return `${deps.config.baseUrl.replace(/\/$/, '')}/assessments/campaigns/${id}`;
}

function openedMail(deps: Deps, row: repo.AssessmentRow, locale: 'ja' | 'en') {
  const url = campaignUrl(deps, row.id);
  return locale === 'ja'
    ? { subject: `[Renkei] 自己点検のお願い: ${row.title}`, text: `${row.title}（${row.fiscal_year}年度）が始まりました。担当の項目に回答し、期限（${formatJst(row.deadline)}）までに提出してください。\n\n${url}\n` }
    : { subject: `[Renkei] Self-inspection: ${row.title}`, text: `The self-inspection "${row.title}" (FY${row.fiscal_year}) has started. Please answer your items and submit them by ${formatJst(row.deadline)} JST.\n\n${url}\n` };
}

// Assignments

export async function listAssignments(deps: Deps, actor: Actor, id: string) {
  const c = await campaignFor(deps.db, actor, id);
  if (!c.review) throw denied();
  const [items, users] = await Promise.all([repo.itemsOf(deps.db, id), repo.institutionUsers(deps.db, c.row.institution_id)]);
  const itemById = new Map(items.map((i) => [i.id, i]));
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  return c.assignments.map((a) => ({
    id: a.id, itemId: a.item_id, citation: itemById.get(a.item_id)?.citation ?? null, userId: a.user_id, userName: a.user_id ? (names.get(a.user_id) ?? null) : null,
    role: a.role, department: a.department, createdAt: a.created_at,
  }));
}

export async function addAssignments(deps: Deps, actor: Actor, id: string, input: {
  itemIds?: string[] | undefined; citationPrefix?: string | undefined; all?: boolean | undefined; userId?: string | undefined; role?: InstitutionRole | undefined; department?: string | undefined;
}) {
  const selectors = [input.itemIds !== undefined, input.citationPrefix !== undefined, input.all === true].filter(Boolean).length;
  if (selectors !== 1) {
    throw new AppError('validation', '項目は itemIds・citationPrefix・all のどれか1つで指定してください / Give exactly one of itemIds, citationPrefix or all', [{ path: 'body.itemIds', message: 'exactly one item selector' }]);
  }
  if ((input.userId === undefined) === (input.role === undefined)) {
    throw new AppError('validation', '担当は userId（個人）か role（役割）のどちらか一方で指定してください / Give either userId or role', [{ path: 'body.userId', message: 'exactly one of userId and role' }]);
  }
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const c = await campaignFor(trx, actor, id);
    if (!c.manage) throw denied();
    fail(campaignEditable(c.row.status as CampaignState));
    if (input.userId) await activeColleague(trx, c.row.institution_id, input.userId, 'body.userId');
    const items = await repo.itemsOf(trx, id);
    let picked: repo.ItemRow[];
    if (input.itemIds) {
      const byId = new Map(items.map((i) => [i.id, i]));
      const unknown = input.itemIds.filter((x) => !byId.has(x));
      if (unknown.length) throw new AppError('validation', `この点検にない項目があります（${unknown.length} 件） / Some items are not in this campaign`, unknown.slice(0, 20).map((x) => ({ path: 'body.itemIds', message: `unknown item ${x}` })));
      picked = [...new Set(input.itemIds)].map((x) => byId.get(x)!);
    } else if (input.citationPrefix) {
      const prefix = input.citationPrefix;
      picked = items.filter((i) => matchesPrefix(i.citation, prefix));
      if (!picked.length) throw new AppError('validation', `「${prefix}」で始まる項目がありません / No item starts with this citation`, [{ path: 'body.citationPrefix', message: 'no matching items' }]);
    } else {
      picked = items;
    }
    const same = (a: repo.AssignmentRow, itemId: string) => a.item_id === itemId && a.user_id === (input.userId ?? null) && a.role === (input.role ?? null);
    const rows: repo.AssignmentRow[] = picked
      .filter((i) => !c.assignments.some((a) => same(a, i.id)))
      .map((i) => ({ id: newId(), assessment_id: id, item_id: i.id, user_id: input.userId ?? null, role: input.role ?? null, department: input.department ?? null, created_by: actor.userId!, created_at: now }));
    await repo.insertAssignments(trx, rows);
    await recordAudit(trx, actor, {
      action: 'assessment.assign', objectType: 'assessment', objectId: id, institutionId: c.row.institution_id,
      changes: { userId: input.userId ?? null, role: input.role ?? null, department: input.department ?? null, items: rows.map((r) => r.item_id), alreadyAssigned: picked.length - rows.length },
    }, deps.now());
    return { added: rows.length, alreadyAssigned: picked.length - rows.length };
  });
}

export async function removeAssignment(deps: Deps, actor: Actor, id: string, assignmentId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await campaignFor(trx, actor, id);
    if (!c.manage) throw denied();
    fail(campaignEditable(c.row.status as CampaignState));
    const a = c.assignments.find((x) => x.id === assignmentId);
    if (!a) throw new AppError('not_found', '割り当てが見つかりません / Assignment not found');
    await repo.deleteAssignments(trx, [assignmentId]);
    await recordAudit(trx, actor, { action: 'assessment.unassign', objectType: 'assessment', objectId: id, institutionId: c.row.institution_id, changes: { itemId: a.item_id, userId: a.user_id, role: a.role } }, deps.now());
  });
}

// Items, progress, results

/** The scope: reviewers see every item with its assignees; respondents their own items. */
export async function listItems(deps: Deps, actor: Actor, id: string) {
  const c = await campaignFor(deps.db, actor, id);
  const items = await repo.itemsOf(deps.db, id);
  const mine = new Set(c.assignments.filter((a) => isAssignee(actor, c.row.institution_id, a)).map((a) => a.item_id));
  return items
    .filter((i) => c.review || mine.has(i.id))
    .map((i) => ({
      id: i.id, ord: i.ord, citation: i.citation, chapter: i.chapter, heading: i.heading, text: i.text, assignedToMe: mine.has(i.id),
      ...(c.review ? { assignees: c.assignments.filter((a) => a.item_id === i.id).map((a) => ({ assignmentId: a.id, userId: a.user_id, role: a.role, department: a.department })) } : {}),
    }));
}

export async function campaignProgress(deps: Deps, actor: Actor, id: string) {
  const c = await campaignFor(deps.db, actor, id);
  if (!c.review) throw denied();
  const items = await repo.itemsOf(deps.db, id);
  const { slots, users } = await slotsOf(deps.db, c.row, c.assignments);
  const p = progress(items, slots);
  return {
    ...p,
    respondents: p.respondents.map((r) => ({ ...r, name: users.get(r.respondentId)?.display_name ?? null })).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'ja')),
  };
}

async function resultsOf(q: Q, row: repo.AssessmentRow) {
  const [items, assignments] = await Promise.all([repo.itemsOf(q, row.id), repo.assignmentsOf(q, row.id)]);
  const { slots } = await slotsOf(q, row, assignments);
  return results(items, slots);
}

export async function campaignResults(deps: Deps, actor: Actor, id: string) {
  const c = await campaignFor(deps.db, actor, id);
  if (!c.review) throw denied();
  const r = await resultsOf(deps.db, c.row);
  const items = await repo.itemsOf(deps.db, id);
  const byId = new Map(items.map((i) => [i.id, i]));
  return { ...r, items: r.items.map((i) => ({ ...i, heading: byId.get(i.itemId)?.heading ?? null })) };
}

/** Against the previous fiscal year's campaign of the same institution and template. */
export async function campaignComparison(deps: Deps, actor: Actor, id: string) {
  const c = await campaignFor(deps.db, actor, id);
  if (!c.review) throw denied();
  const previous = await repo.findPrevious(deps.db, c.row);
  if (!previous) return { previous: null, comparison: null };
  const [cur, prev] = await Promise.all([resultsOf(deps.db, c.row), resultsOf(deps.db, previous)]);
  return { previous: { id: previous.id, title: previous.title, fiscalYear: previous.fiscal_year, status: previous.status }, comparison: compare(cur, prev) };
}
