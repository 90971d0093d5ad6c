/**
 * A shared report after publication (docs/decisions/0003-sharing-tlp.md): label changes, withdrawal
 * and dated addenda. Only the originator loosens, withdraws or adds; the operator may tighten.
 */
import { type Actor, can } from '../../../core/access.ts';
import { type RedactionSpan, proposeRedactions } from '../../../core/redaction/index.ts';
import { type ReviewDecision, type Tlp, checkTlpChange, redactedText, tlpAllows, tlpDirection } from '../../../core/sharing/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { loadJapaneseTokenizer } from '../../platform/japanese-tokenizer.ts';
import { enqueueEmail } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import * as repo from './repo.ts';
import { type Q, invalid, isOperator, notFound, notifyReaders, offerRef, origin, profileOf, readerOf } from './service.ts';

const tooShort = (what: string) => new AppError('validation', `${what}の理由を 5 文字以上で書いてください / state the reason (at least 5 characters)`, [{ path: 'body.reason', message: 'too short' }]);

/**
 * Finds a published report for a change: the originator always finds it (and learns its state); readers
 * who may see it find it (and are refused the step with a clear 403); everyone else gets the usual 404.
 */
async function forChange(db: Q, actor: Actor, id: string) {
  const o = await origin(db, id);
  if (!o) throw notFound();
  const r = await db.selectFrom('shared_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mine = can.handleIncidents(actor, o.institution_id);
  const readable = r.status === 'published' && !r.withdrawn_at && tlpAllows(readerOf(actor), { tlp: r.tlp, originInstitutionId: o.institution_id, recipients: JSON.parse(r.recipients) as string[] });
  if (!mine && !readable) throw notFound();
  if (r.status !== 'published') throw new AppError('conflict', 'この共有報告はまだ公開されていません / the report is not published yet');
  if (r.withdrawn_at) throw new AppError('conflict', 'この共有報告は取り下げ済みです / the report has been withdrawn');
  return { o, r, mine };
}

/**
 * Changes the label of a published report. Tightening: the originator's CSIRT, CISO or administrator, or the
 * consortium operator; loosening: the originator only (src/core/sharing/tlp-change.ts). Readers newly allowed by
 * a looser label are told like at publication; when the operator tightens, the originator is told why. Indicators
 * already taken into the consortium store follow a tighter label.
 */
export async function changeTlp(deps: Deps, actor: Actor, id: string, to: Tlp, reason: string) {
  const { o, r, mine } = await forChange(deps.db, actor, id);
  const refusal = checkTlpChange(r.tlp, to, { originator: mine, operator: isOperator(actor) }, reason);
  if (refusal) throw new AppError(refusal.kind, refusal.message, refusal.kind === 'validation' ? [{ path: 'body.reason', message: 'too short' }] : []);
  const why = reason.trim();
  const now = deps.now();
  const direction = tlpDirection(r.tlp, to);
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('shared_reports').set({ tlp: to }).where('id', '=', id).where('tlp', '=', r.tlp).where('withdrawn_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('conflict', 'TLP が他の操作で変わりました。画面を更新してください / the label was changed meanwhile; reload and try again');
    await repo.insertChange(trx, { id: newId(), report_id: id, kind: 'tlp', from_tlp: r.tlp, to_tlp: to, reason: why, actor_id: actor.userId!, by_originator: mine ? 1 : 0, at: now.toISOString() });
    await recordAudit(trx, actor, { action: 'sharing.tlp', objectType: 'shared_report', objectId: id, institutionId: o.institution_id, changes: { from: r.tlp, to, reason: why } }, now);
    if (direction === 'tighten') {
      await trx.updateTable('indicators').set({ tlp: to, updated_at: now.toISOString() }).where('external_id', '=', offerRef(id)).execute();
    } else {
      await notifyReaders(trx, { id, title: r.title, tlp: to, recipients: JSON.parse(r.recipients) as string[] }, o.institution_id, r.tlp, now);
    }
    if (!mine) {
      const staff = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.email', 'users.locale']).distinct()
        .where('users.institution_id', '=', o.institution_id).where('users.status', '=', 'active').where('user_roles.role', 'in', ['csirt', 'ciso']).execute();
      for (const u of staff) {
        await enqueueEmail(trx, 'sharing.tlp_changed', {
          to: u.email,
          subject: u.locale === 'en' ? `[Renkei] The operator changed the label of your shared report to TLP:${to}` : `[Renkei] 運営機関が共有報告の TLP を ${to} に変更しました`,
          text: `TLP:${r.tlp} → TLP:${to}\n${why}\n/shared-reports/${id}`,
        }, now);
      }
    }
  });
  return { id, tlp: to, previous: r.tlp, changedAt: now.toISOString() };
}

/**
 * The originator withdraws a published report: from then on it is gone for everyone else (404, as if it never
 * existed: list, search, statistics, similar reports, exports, indicator offers, comments); the originator still
 * sees it, marked withdrawn. Nobody is told (a notice would only draw attention to it).
 */
export async function withdraw(deps: Deps, actor: Actor, id: string, reason: string) {
  const { o, mine } = await forChange(deps.db, actor, id);
  if (!mine) throw new AppError('forbidden', '共有報告を取り下げられるのは報告機関だけです / only the reporting institution may withdraw a shared report');
  const why = reason.trim();
  if (why.length < 5) throw tooShort('取り下げ');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('shared_reports').set({ withdrawn_at: now.toISOString() }).where('id', '=', id).where('withdrawn_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('conflict', 'この共有報告は取り下げ済みです / the report has been withdrawn');
    await repo.reindex(trx, id);
    await repo.insertChange(trx, { id: newId(), report_id: id, kind: 'withdraw', from_tlp: null, to_tlp: null, reason: why, actor_id: actor.userId!, by_originator: 1, at: now.toISOString() });
    await recordAudit(trx, actor, { action: 'sharing.withdraw', objectType: 'shared_report', objectId: id, institutionId: o.institution_id, changes: { reason: why } }, now);
  });
  return { id, status: 'withdrawn' as const, withdrawnAt: now.toISOString() };
}

/** The originator writes a dated addendum (追記): redactions are proposed as for the report, nothing is shown yet. */
export async function draftAddendum(deps: Deps, actor: Actor, id: string, text: string) {
  const { o, mine } = await forChange(deps.db, actor, id);
  if (!mine) throw new AppError('forbidden', '追記できるのは報告機関だけです / only the reporting institution may add to a shared report');
  const original = text.trim();
  if (!original) throw new AppError('validation', '追記が空です / the addendum is empty', [{ path: 'body.text', message: 'empty' }]);
  const { profile, directory } = await profileOf(deps.db, o.institution_id);
  const tokenizer = await loadJapaneseTokenizer().catch(() => undefined);
  let proposals: RedactionSpan[];
  try {
    proposals = proposeRedactions(original, profile, { directory, ...(tokenizer ? { tokenizer } : {}) });
  } catch (err) {
    return invalid(err);
  }
  const addendumId = newId();
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('shared_report_addenda').values({
      id: addendumId, report_id: id, status: 'draft', original, proposals: JSON.stringify(proposals), body: '', author_id: actor.userId!, created_at: now.toISOString(), published_at: null,
    }).execute();
    await recordAudit(trx, actor, { action: 'sharing.addendum_draft', objectType: 'shared_report', objectId: id, institutionId: o.institution_id, changes: { addendumId } }, now);
  });
  return { id: addendumId, reportId: id, original, proposals };
}

/** The author decides every proposal of the addendum (and may add spans); the redacted addendum is published with its date. */
export async function publishAddendum(deps: Deps, actor: Actor, id: string, addendumId: string, decision: ReviewDecision) {
  const { o, mine } = await forChange(deps.db, actor, id);
  if (!mine) throw new AppError('forbidden', '追記できるのは報告機関だけです / only the reporting institution may add to a shared report');
  const a = await deps.db.selectFrom('shared_report_addenda').selectAll().where('id', '=', addendumId).where('report_id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('not_found', '追記が見つかりません / addendum not found');
  if (a.status !== 'draft') throw new AppError('conflict', 'この追記はすでに公開されています / the addendum is already published');
  let body: string;
  try {
    body = redactedText(a.original, JSON.parse(a.proposals) as RedactionSpan[], decision);
  } catch (err) {
    return invalid(err);
  }
  if (!body.trim()) throw new AppError('validation', '追記が空です / the addendum is empty');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('shared_report_addenda').set({ body, status: 'published', published_at: now.toISOString() }).where('id', '=', addendumId).where('status', '=', 'draft').executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('conflict', 'この追記はすでに公開されています / the addendum is already published');
    await repo.insertChange(trx, { id: newId(), report_id: id, kind: 'addendum', from_tlp: null, to_tlp: null, reason: null, actor_id: actor.userId!, by_originator: 1, at: now.toISOString() });
    await repo.reindex(trx, id);
    await recordAudit(trx, actor, { action: 'sharing.addendum_publish', objectType: 'shared_report', objectId: id, institutionId: o.institution_id, changes: { addendumId } }, now);
  });
  return { id: addendumId, reportId: id, body, publishedAt: now.toISOString() };
}
