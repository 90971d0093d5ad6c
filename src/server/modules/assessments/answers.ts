/**
 * Answers per (campaign, item, respondent): save a draft, submit, and the reviewer's decision
 * (send back with a comment, which makes the answer a draft again, or accept). Every refused
 * change leaves the answer as it was.
 */
import { type AnswerResult, RESULT_LABELS, canEditAnswer, canReview, canSubmit } from '../../../core/assessments/rules.ts';
import { isExpired, } from '../../../core/assessments/evidence.ts';
import { jstDate } from '../../../core/assessments/rules.ts';
import type { Actor } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import type { Db, Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyUsers } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import { assignedToActor, campaignFor, denied, fail } from './context.ts';
import { canReadEvidence } from './evidence.ts';
import * as repo from './repo.ts';

type Q = Db | Trx;

export interface AnswerInput {
  result?: AnswerResult | null | undefined;
  comment?: string | null | undefined;
  department?: string | null | undefined;
  evidenceIds?: string[] | undefined;
}

const answerNotFound = () => new AppError('not_found', '回答が見つかりません / Answer not found');

/** Answers with their items, respondents and evidence, as clients see them. */
async function answerViews(q: Q, deps: Deps, answers: repo.AnswerRow[]) {
  if (!answers.length) return [];
  const campaignIds = [...new Set(answers.map((a) => a.assessment_id))];
  const items = new Map((await Promise.all(campaignIds.map((id) => repo.itemsOf(q, id)))).flat().map((i) => [i.id, i]));
  const links = await repo.linksOfAnswers(q, answers.map((a) => a.id));
  const versions = new Map((await repo.currentVersions(q, [...new Set(links.map((l) => l.evidence_id))])).map((v) => [v.evidence_id, v]));
  const people = new Map<string, string>();
  for (const a of answers) if (!people.has(a.respondent_id)) people.set(a.respondent_id, (await repo.findUser(q, a.respondent_id))?.display_name ?? '');
  const today = jstDate(deps.now());
  return answers.map((a) => {
    const item = items.get(a.item_id);
    return {
      id: a.id, campaignId: a.assessment_id, itemId: a.item_id, citation: item?.citation ?? null, chapter: item?.chapter ?? null, heading: item?.heading ?? null,
      respondent: { id: a.respondent_id, name: people.get(a.respondent_id) ?? null }, department: a.department,
      result: a.result, resultLabel: a.result ? RESULT_LABELS[a.result].ja : null, comment: a.comment, status: a.status,
      reviewComment: a.review_comment, reviewedAt: a.reviewed_at, submittedAt: a.submitted_at, updatedAt: a.updated_at,
      evidence: links.filter((l) => l.answer_id === a.id).map((l) => {
        const v = versions.get(l.evidence_id);
        return {
          id: l.evidence_id, title: v?.title ?? null, kind: v?.kind ?? null, linkedVersion: l.version_no, currentVersion: v?.version_no ?? null,
          url: v?.url ?? null, filename: v?.filename ?? null, expiresOn: v?.expires_on ?? null, expired: isExpired(v?.expires_on ?? null, today),
        };
      }),
    };
  });
}

/** Saves the respondent's draft (created on first save); with `submit`, saves and submits in one step. */
export async function saveAnswer(deps: Deps, actor: Actor, campaignId: string, itemId: string, input: AnswerInput, submit = false) {
  const now = deps.now().toISOString();
  const userId = actor.userId;
  if (!userId) throw denied();
  const answerId = await deps.db.transaction().execute(async (trx) => {
    const c = await campaignFor(trx, actor, campaignId);
    const item = await repo.findItem(trx, campaignId, itemId);
    if (!item) throw new AppError('not_found', '点検項目が見つかりません / Item not found');
    const mine = assignedToActor(actor, c.assignments, itemId);
    if (!mine.length) throw new AppError('forbidden', `項目 ${item.citation} はあなたに割り当てられていないため回答できません / This item is not assigned to you`);
    const existing = await repo.findAnswerFor(trx, itemId, userId);
    fail(canEditAnswer(c.row.status as 'open', existing?.status ?? null));

    const evidence = input.evidenceIds ? [...new Set(input.evidenceIds)] : null;
    const evidenceRows = evidence ? await repo.evidenceByIds(trx, evidence) : [];
    if (evidence) {
      const found = new Map(evidenceRows.map((e) => [e.id, e]));
      const bad: string[] = [];
      for (const id of evidence) {
        const e = found.get(id);
        if (!e || !(await canReadEvidence(trx, actor, e))) bad.push(id);
      }
      if (bad.length) throw new AppError('validation', `指定された証跡が見つかりません（${bad.length} 件） / Some evidence was not found`, bad.map((id) => ({ path: 'body.evidenceIds', message: `unknown evidence ${id}` })));
    }

    const result = input.result !== undefined ? input.result : (existing?.result ?? null);
    const comment = input.comment !== undefined ? (input.comment?.trim() ? input.comment : null) : (existing?.comment ?? null);
    const department = input.department !== undefined ? (input.department || null) : (existing?.department ?? mine[0]!.department);
    if (submit) fail(canSubmit(c.row.status as 'open', { state: existing?.status ?? 'draft', result, comment }));
    const status = submit ? 'submitted' : 'draft';
    let id: string;
    if (existing) {
      id = existing.id;
      const ok = await repo.updateAnswer(trx, id, 'draft', { result, comment, department, status, updated_at: now, ...(submit ? { submitted_at: now } : {}) });
      if (!ok) fail({ kind: 'conflict', message: '回答が他の操作で変わりました。画面を更新してください / The answer was changed meanwhile; reload and try again' });
    } else {
      id = newId();
      await repo.insertAnswer(trx, {
        id, assessment_id: campaignId, item_id: itemId, respondent_id: userId, department, result, comment, status, review_comment: null, reviewed_by: null, reviewed_at: null,
        submitted_at: submit ? now : null, created_at: now, updated_at: now,
      });
    }
    if (evidence) {
      const current = new Map(evidenceRows.map((e) => [e.id, e.current_version]));
      await repo.replaceAnswerLinks(trx, id, evidence.map((eid) => ({
        id: newId(), evidence_id: eid, assessment_id: campaignId, item_id: itemId, answer_id: id, version_no: current.get(eid)!, linked_by: userId, linked_at: now,
      })));
    }
    await recordAudit(trx, actor, {
      action: submit ? 'assessment.answer_submit' : 'assessment.answer_save', objectType: 'assessment_answer', objectId: id, institutionId: c.row.institution_id,
      changes: { campaignId, itemId, citation: item.citation, result, comment, department, ...(evidence ? { evidenceIds: evidence } : {}) },
    }, deps.now());
    return id;
  });
  const row = await repo.findAnswer(deps.db, answerId);
  return (await answerViews(deps.db, deps, [row!]))[0]!;
}

/** The respondent's work list: assigned items with their own answers. */
export async function myItems(deps: Deps, actor: Actor, campaignId: string) {
  const c = await campaignFor(deps.db, actor, campaignId);
  const items = await repo.itemsOf(deps.db, campaignId);
  const mineIds = new Set(items.filter((i) => assignedToActor(actor, c.assignments, i.id).length).map((i) => i.id));
  const answers = (await repo.answersOf(deps.db, campaignId)).filter((a) => a.respondent_id === actor.userId);
  const views = new Map((await answerViews(deps.db, deps, answers)).map((v) => [v.itemId, v]));
  return items
    .filter((i) => mineIds.has(i.id) || views.has(i.id))
    .map((i) => ({ id: i.id, citation: i.citation, chapter: i.chapter, heading: i.heading, text: i.text, answer: views.get(i.id) ?? null }));
}

/** Every answer of the campaign, for its reviewer. */
export async function listAnswers(deps: Deps, actor: Actor, campaignId: string, status?: string | undefined) {
  const c = await campaignFor(deps.db, actor, campaignId);
  if (!c.review) throw denied();
  const answers = (await repo.answersOf(deps.db, campaignId)).filter((a) => !status || a.status === status);
  const views = await answerViews(deps.db, deps, answers);
  return views.sort((a, b) => (a.citation ?? '').localeCompare(b.citation ?? '', 'ja', { numeric: true }) || (a.respondent.name ?? '').localeCompare(b.respondent.name ?? '', 'ja'));
}

export async function getAnswer(deps: Deps, actor: Actor, answerId: string) {
  const a = await repo.findAnswer(deps.db, answerId);
  if (!a) throw answerNotFound();
  const c = await campaignFor(deps.db, actor, a.assessment_id);
  if (!c.review && a.respondent_id !== actor.userId) throw answerNotFound();
  return (await answerViews(deps.db, deps, [a]))[0]!;
}

/**
 * The reviewer accepts a submitted answer, or sends it back with a comment (it becomes a draft
 * again and the respondent is told). Nobody reviews their own answer.
 */
export async function reviewAnswer(deps: Deps, actor: Actor, answerId: string, decision: 'accept' | 'send_back', comment?: string | undefined) {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await repo.findAnswer(trx, answerId);
    if (!a) throw answerNotFound();
    const c = await campaignFor(trx, actor, a.assessment_id);
    if (!c.review) {
      if (a.respondent_id === actor.userId) throw denied();
      throw answerNotFound();
    }
    if (a.respondent_id === actor.userId) throw new AppError('forbidden', '自分の回答を自分で承認・差し戻しすることはできません / You cannot review your own answer');
    fail(canReview(c.row.status as 'open', a.status, decision, comment));
    const patch = decision === 'accept'
      ? { status: 'accepted' as const, review_comment: comment?.trim() ? comment : a.review_comment }
      : { status: 'draft' as const, review_comment: comment!, submitted_at: null };
    const ok = await repo.updateAnswer(trx, answerId, 'submitted', { ...patch, reviewed_by: actor.userId, reviewed_at: now.toISOString(), updated_at: now.toISOString() });
    if (!ok) fail({ kind: 'conflict', message: '回答が他の操作で変わりました。画面を更新してください / The answer was changed meanwhile; reload and try again' });
    const item = await repo.findItem(trx, a.assessment_id, a.item_id);
    if (decision === 'send_back') {
      const url = `${deps.config.baseUrl}/assessments/campaigns/${c.row.id}`;
      await notifyUsers(trx, 'assessments.sent_back', [a.respondent_id], (locale) => locale === 'ja'
        ? { subject: `[Renkei] 自己点検の回答が差し戻されました: ${item?.citation ?? ''}`, text: `「${c.row.title}」の項目 ${item?.citation ?? ''} の回答が差し戻されました。\n\nコメント: ${comment}\n\n修正して、期限（${formatJst(c.row.deadline)}）までに再提出してください。\n${url}\n` }
        : { subject: `[Renkei] Self-inspection answer sent back: ${item?.citation ?? ''}`, text: `Your answer to item ${item?.citation ?? ''} of "${c.row.title}" was sent back.\n\nComment: ${comment}\n\nPlease revise and submit it again by ${formatJst(c.row.deadline)} JST.\n${url}\n` }, now);
    }
    await recordAudit(trx, actor, {
      action: decision === 'accept' ? 'assessment.answer_accept' : 'assessment.answer_send_back', objectType: 'assessment_answer', objectId: answerId, institutionId: c.row.institution_id,
      changes: { campaignId: c.row.id, itemId: a.item_id, citation: item?.citation ?? null, respondentId: a.respondent_id, result: a.result, comment: comment ?? null },
    }, now);
  });
  return getAnswer(deps, actor, answerId);
}
