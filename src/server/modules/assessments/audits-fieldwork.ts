/**
 * Fieldwork of an audit: evidence requests to the auditee (answered with evidence records of the
 * evidence module), document review and hearing notes per item, ratings (independence checked),
 * findings with the auditee's response, corrective action plan and progress, and the
 * consortium-wide anonymous aggregates. Every rating and finding change is in the audit log.
 */
import {
  type AuditRating, type FindingCategory, type FindingState, MIN_CONTRIBUTORS, RATING_LABELS, canProvideEvidence, canRate, canRespond, consortiumAggregates, findingTransition,
} from '../../../core/assessments/audits.ts';
import { isExpired } from '../../../core/assessments/evidence.ts';
import { checkRater, citationKey } from '../../../core/assessments/independence.ts';
import { RESULT_LABELS as ANSWER_LABELS, isCalendarDate, jstDate } from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import type { Db, Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/secrets.ts';
import { type AuditContext, auditFor, failAudit } from './audits.ts';
import * as arepo from './audits-repo.ts';
import { denied } from './context.ts';
import * as repo from './repo.ts';

type Q = Db | Trx;

const findingNotFound = () => new AppError('not_found', '指摘事項が見つかりません / Finding not found');
const requestNotFound = () => new AppError('not_found', '資料の依頼が見つかりません / Request not found');

/** The audit's material: the team inside the access window, and the auditee. */
async function withMaterial(q: Q, actor: Actor, id: string): Promise<AuditContext> {
  const c = await auditFor(q, actor, id);
  if (!c.access.material) throw denied();
  return c;
}

/** Writing as an auditor: a team member while the audit is in fieldwork or reporting. */
async function asAuditor(q: Q, actor: Actor, id: string): Promise<AuditContext> {
  const c = await auditFor(q, actor, id);
  if (!c.isTeam) throw denied();
  failAudit(canRate(c.state));
  return c;
}

async function itemOf(q: Q, auditId: string, itemId: string, field = 'itemId') {
  const item = await repo.findItem(q, auditId, itemId);
  if (!item) throw new AppError('not_found', `監査範囲の項目が見つかりません / Item not in this audit's scope`, [{ path: field, message: 'not in scope' }]);
  return item;
}

function checkDue(value: string, field: string) {
  if (!isCalendarDate(value)) throw new AppError('validation', `期限「${value}」が日付として正しくありません / Not a valid date`, [{ path: field, message: 'not a calendar date' }]);
}

// Evidence requests

export async function addRequest(deps: Deps, actor: Actor, id: string, input: { itemId?: string | undefined; title: string; detail?: string | undefined; dueDate: string }) {
  checkDue(input.dueDate, 'body.dueDate');
  const requestId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const c = await asAuditor(trx, actor, id);
    if (input.itemId) await itemOf(trx, id, input.itemId, 'body.itemId');
    const row: arepo.RequestRow = {
      id: requestId, assessment_id: id, item_id: input.itemId ?? null, title: input.title, detail: input.detail ?? null, due_date: input.dueDate, status: 'open',
      requested_by: actor.userId!, created_at: deps.now().toISOString(), provided_by: null, provided_at: null,
    };
    await arepo.insertRequest(trx, row);
    await recordAudit(trx, actor, { action: 'audit.request', objectType: 'audit', objectId: id, institutionId: c.row.institution_id, changes: { requestId, itemId: row.item_id, title: row.title, dueDate: row.due_date } }, deps.now());
  });
  return (await listRequests(deps, actor, id)).find((r) => r.id === requestId)!;
}

export async function listRequests(deps: Deps, actor: Actor, id: string) {
  await withMaterial(deps.db, actor, id);
  const [rows, provided, items] = await Promise.all([arepo.requestsOf(deps.db, id), arepo.providedEvidence(deps.db, id), repo.itemsOf(deps.db, id)]);
  const today = jstDate(deps.now());
  const citation = new Map(items.map((i) => [i.id, i.citation]));
  return rows.map((r) => ({
    id: r.id, itemId: r.item_id, citation: r.item_id ? (citation.get(r.item_id) ?? null) : null, title: r.title, detail: r.detail, dueDate: r.due_date, status: r.status,
    overdue: r.status === 'open' && r.due_date < today, createdAt: r.created_at, providedAt: r.provided_at,
    evidence: provided.filter((p) => p.request_id === r.id).map((p) => ({
      id: p.evidence_id, title: p.title, kind: p.kind, versionNo: p.version_no, currentVersion: p.current_version, url: p.url, filename: p.filename, size: p.size_bytes, sha256: p.sha256,
      effectiveFrom: p.effective_from, expiresOn: p.expires_on, expired: isExpired(p.expires_on, today), linkedAt: p.linked_at,
    })),
  }));
}

/** The auditee answers a request with evidence records of its own (files or links, from the evidence module). */
export async function provideEvidence(deps: Deps, actor: Actor, requestId: string, evidenceIds: string[]) {
  const now = deps.now().toISOString();
  const auditId = await deps.db.transaction().execute(async (trx) => {
    const r = await arepo.findRequest(trx, requestId);
    if (!r) throw requestNotFound();
    const c = await auditFor(trx, actor, r.assessment_id);
    if (!c.access.respond) {
      if (c.access.material) throw denied();
      throw requestNotFound();
    }
    failAudit(canProvideEvidence(c.state));
    const ids = [...new Set(evidenceIds)];
    const records = await repo.evidenceByIds(trx, ids);
    const foreign = ids.filter((x) => !records.some((e) => e.id === x && e.institution_id === c.row.institution_id));
    if (foreign.length) throw new AppError('validation', `自機関の証跡ではないもの、または存在しないものがあります（${foreign.length} 件） / Some evidence records are not your institution's`, [{ path: 'body.evidenceIds', message: 'unknown evidence' }]);
    await arepo.insertRequestEvidence(trx, records.map((e) => ({ request_id: r.id, evidence_id: e.id, version_no: e.current_version, linked_by: actor.userId!, linked_at: now })));
    // Evidence serving an item of the audit is also linked there, so the record shows where it is used.
    if (r.item_id) {
      const existing = new Set((await trx.selectFrom('evidence_links').select('evidence_id').where('assessment_id', '=', r.assessment_id).where('item_id', '=', r.item_id).execute()).map((l) => l.evidence_id));
      const links = records.filter((e) => !existing.has(e.id)).map((e) => ({ id: newId(), evidence_id: e.id, assessment_id: r.assessment_id, item_id: r.item_id!, answer_id: null, version_no: e.current_version, linked_by: actor.userId!, linked_at: now }));
      if (links.length) await trx.insertInto('evidence_links').values(links).execute();
    }
    await arepo.markProvided(trx, r.id, actor.userId!, now);
    await recordAudit(trx, actor, { action: 'audit.evidence_provide', objectType: 'audit', objectId: r.assessment_id, institutionId: c.row.institution_id, changes: { requestId, evidence: records.map((e) => ({ id: e.id, version: e.current_version })) } }, deps.now());
    return r.assessment_id;
  });
  return (await listRequests(deps, actor, auditId)).find((x) => x.id === requestId)!;
}

/** A file provided for this audit, for whoever may see the audit's material: nothing else of the auditee's evidence. */
export async function auditEvidenceFile(deps: Deps, actor: Actor, auditId: string, evidenceId: string, versionNo: number) {
  await withMaterial(deps.db, actor, auditId);
  const provided = (await arepo.providedEvidence(deps.db, auditId)).find((p) => p.evidence_id === evidenceId && p.version_no === versionNo);
  if (!provided) throw new AppError('not_found', 'この監査に提出された証跡ではありません / No such evidence in this audit');
  if (!provided.sha256) throw new AppError('not_found', 'この版はリンクのため、ファイルはありません / This version is a link, not a file');
  const b = await repo.blob(deps.db, provided.sha256);
  if (!b) throw new AppError('not_found', '証跡が見つかりません / Evidence not found');
  return { filename: provided.filename ?? 'evidence', mediaType: provided.media_type ?? 'application/octet-stream', bytes: Buffer.from(b.content), sha256: provided.sha256 };
}

// Items, notes and ratings

/**
 * The scope; with the material (team in its window, auditee) each item's findings, and with the
 * working papers (the team; the auditee once the report is issued) its rating and notes.
 */
export async function listAuditItems(deps: Deps, actor: Actor, id: string) {
  const c = await auditFor(deps.db, actor, id);
  const items = await repo.itemsOf(deps.db, id);
  if (!c.access.material) return items.map((i) => ({ id: i.id, ord: i.ord, citation: i.citation, chapter: i.chapter, heading: i.heading, text: i.text }));
  const papers = c.access.workingPapers;
  const [ratings, notes, findings] = await Promise.all([papers ? arepo.ratingsOf(deps.db, id) : [], papers ? arepo.notesOf(deps.db, id) : [], arepo.findingsOf(deps.db, id)]);
  const names = await userNames(deps.db, [...ratings.map((r) => r.rated_by), ...notes.map((n) => n.author_id)]);
  return items.map((i) => {
    const r = ratings.find((x) => x.item_id === i.id);
    const findingIds = findings.filter((f) => f.item_id === i.id).map((f) => f.id);
    if (!papers) return { id: i.id, ord: i.ord, citation: i.citation, chapter: i.chapter, heading: i.heading, text: i.text, findings: findingIds };
    return {
      id: i.id, ord: i.ord, citation: i.citation, chapter: i.chapter, heading: i.heading, text: i.text,
      rating: r ? { value: r.rating, label: RATING_LABELS[r.rating].ja, comment: r.comment, ratedBy: { id: r.rated_by, name: names.get(r.rated_by) ?? null }, ratedAt: r.rated_at } : null,
      notes: notes.filter((n) => n.item_id === i.id).map((n) => ({ id: n.id, kind: n.kind, text: n.text, author: { id: n.author_id, name: names.get(n.author_id) ?? null }, createdAt: n.created_at })),
      findings: findingIds,
    };
  });
}

/**
 * The auditee's own self-inspection of the audit's fiscal year, item by item (answers submitted or
 * accepted: result, comment, department; not who answered), as material for the document review.
 */
export async function selfInspectionMaterial(deps: Deps, actor: Actor, id: string) {
  const c = await withMaterial(deps.db, actor, id);
  const [items, answers] = await Promise.all([repo.itemsOf(deps.db, id), arepo.selfInspectionAnswers(deps.db, c.row.institution_id, c.row.fiscal_year)]);
  return items.map((i) => ({
    itemId: i.id, citation: i.citation, chapter: i.chapter,
    answers: answers.filter((a) => citationKey(a.citation) === citationKey(i.citation)).map((a) => ({
      campaign: a.campaign_title, result: a.result, resultLabel: a.result ? ANSWER_LABELS[a.result].ja : null, comment: a.comment, department: a.department, status: a.status, submittedAt: a.submitted_at,
    })),
  }));
}

async function userNames(q: Q, ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, string>();
  const rows = await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, u.display_name]));
}

export async function addNote(deps: Deps, actor: Actor, id: string, itemId: string, input: { kind: 'document_review' | 'hearing'; text: string }) {
  const noteId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const c = await asAuditor(trx, actor, id);
    const item = await itemOf(trx, id, itemId);
    await arepo.insertNote(trx, { id: noteId, assessment_id: id, item_id: itemId, kind: input.kind, text: input.text, author_id: actor.userId!, created_at: deps.now().toISOString() });
    await recordAudit(trx, actor, { action: 'audit.note', objectType: 'audit', objectId: id, institutionId: c.row.institution_id, changes: { noteId, itemId, citation: item.citation, kind: input.kind } }, deps.now());
  });
  return { id: noteId };
}

/** Who answers each citation in the auditee's self-inspection of the audit's fiscal year. */
async function respondentsOf(q: Q, c: AuditContext, citation: string): Promise<Set<string>> {
  const facts = await arepo.selfInspectionFacts(q, c.row.institution_id, c.row.fiscal_year);
  const key = citationKey(citation);
  const out = new Set<string>();
  for (const a of facts.answers) if (citationKey(a.citation) === key) out.add(a.respondent_id);
  for (const a of facts.assignments) {
    if (citationKey(a.citation) !== key) continue;
    if (a.user_id) out.add(a.user_id);
    if (a.role) for (const r of facts.roles) if (r.role === a.role) out.add(r.id);
  }
  return out;
}

/** A team member rates an item, unless they answer the same item in the auditee's self-inspection of the year. */
export async function rateItem(deps: Deps, actor: Actor, id: string, itemId: string, input: { rating: AuditRating; comment?: string | null | undefined }) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await asAuditor(trx, actor, id);
    const item = await itemOf(trx, id, itemId);
    const me = await repo.findUser(trx, actor.userId!);
    failAudit(checkRater({ userId: actor.userId!, name: me?.display_name ?? '' }, item, await respondentsOf(trx, c, item.citation)));
    if (input.rating !== 'conforming' && input.rating !== 'good_practice' && !input.comment?.trim()) {
      throw new AppError('validation', `「${RATING_LABELS[input.rating].ja}」の評価には根拠をコメントに書いてください / Say why in the comment`, [{ path: 'body.comment', message: 'required for this rating' }]);
    }
    const before = await arepo.findRating(trx, itemId);
    await arepo.putRating(trx, { item_id: itemId, assessment_id: id, rating: input.rating, comment: input.comment ?? null, rated_by: actor.userId!, rated_at: deps.now().toISOString() });
    await recordAudit(trx, actor, {
      action: 'audit.rate', objectType: 'audit', objectId: id, institutionId: c.row.institution_id,
      changes: { itemId, citation: item.citation, from: before?.rating ?? null, to: input.rating, comment: input.comment ?? null },
    }, deps.now());
  });
  return (await listAuditItems(deps, actor, id)).find((i) => i.id === itemId)!;
}

// Findings

async function findingViews(q: Q, rows: arepo.FindingRow[]) {
  const names = await userNames(q, rows.flatMap((f) => (f.action_owner_id ? [f.action_owner_id] : [])));
  return rows.map((f) => ({
    id: f.id, auditId: f.assessment_id, itemId: f.item_id, clause: f.clause, category: f.category, categoryLabel: RATING_LABELS[f.category].ja, description: f.description, evidence: f.evidence_note,
    response: f.response, action: { what: f.action_what, owner: f.action_owner_id ? { id: f.action_owner_id, name: names.get(f.action_owner_id) ?? null } : null, due: f.action_due },
    respondedAt: f.responded_at, status: f.status, progressNote: f.progress_note, originFindingId: f.origin_finding_id, createdAt: f.created_at, updatedAt: f.updated_at, closedAt: f.closed_at,
  }));
}

export async function listFindings(deps: Deps, actor: Actor, id: string) {
  await withMaterial(deps.db, actor, id);
  return findingViews(deps.db, await arepo.findingsOf(deps.db, id));
}

export async function getFinding(deps: Deps, actor: Actor, findingId: string) {
  const f = await arepo.findFinding(deps.db, findingId);
  if (!f) throw findingNotFound();
  try {
    await withMaterial(deps.db, actor, f.assessment_id);
  } catch {
    throw findingNotFound();
  }
  return (await findingViews(deps.db, [f]))[0]!;
}

export async function addFinding(deps: Deps, actor: Actor, id: string, input: { itemId?: string | undefined; clause?: string | undefined; category: FindingCategory; description: string; evidence?: string | undefined }) {
  const findingId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const c = await asAuditor(trx, actor, id);
    const item = input.itemId ? await itemOf(trx, id, input.itemId, 'body.itemId') : null;
    const clause = input.clause?.trim() || item?.citation;
    if (!clause) throw new AppError('validation', '指摘の根拠となる条項（clause）か項目（itemId）を指定してください / Give the clause or the item', [{ path: 'body.clause', message: 'required without itemId' }]);
    const now = deps.now().toISOString();
    await arepo.insertFindings(trx, [{
      id: findingId, assessment_id: id, item_id: item?.id ?? null, clause, category: input.category, description: input.description, evidence_note: input.evidence ?? null,
      response: null, action_what: null, action_owner_id: null, action_due: null, responded_by: null, responded_at: null, status: 'open', progress_note: null, origin_finding_id: null,
      created_by: actor.userId!, created_at: now, updated_at: now, closed_at: null,
    }]);
    await recordAudit(trx, actor, { action: 'audit.finding_create', objectType: 'audit_finding', objectId: findingId, institutionId: c.row.institution_id, changes: { auditId: id, clause, category: input.category, description: input.description, evidence: input.evidence ?? null } }, deps.now());
  });
  return getFinding(deps, actor, findingId);
}

/** The team corrects a finding while fieldwork or reporting lasts. */
export async function updateFinding(deps: Deps, actor: Actor, findingId: string, input: { clause?: string | undefined; category?: FindingCategory | undefined; description?: string | undefined; evidence?: string | undefined }) {
  await deps.db.transaction().execute(async (trx) => {
    const f = await arepo.findFinding(trx, findingId);
    if (!f) throw findingNotFound();
    const c = await auditFor(trx, actor, f.assessment_id).catch(() => { throw findingNotFound(); });
    if (!c.isTeam) throw c.access.material ? denied() : findingNotFound();
    failAudit(canRate(c.state));
    const patch: Partial<arepo.FindingRow> = { updated_at: deps.now().toISOString() };
    if (input.clause !== undefined) patch.clause = input.clause;
    if (input.category !== undefined) patch.category = input.category;
    if (input.description !== undefined) patch.description = input.description;
    if (input.evidence !== undefined) patch.evidence_note = input.evidence;
    if (!(await arepo.updateFinding(trx, findingId, f.status, patch))) failAudit({ kind: 'conflict', message: '指摘事項が他の操作で変わりました / The finding was changed meanwhile' });
    await recordAudit(trx, actor, { action: 'audit.finding_update', objectType: 'audit_finding', objectId: findingId, institutionId: c.row.institution_id, changes: { auditId: f.assessment_id, before: { clause: f.clause, category: f.category, description: f.description, evidence: f.evidence_note }, after: input } }, deps.now());
  });
  return getFinding(deps, actor, findingId);
}

/** The auditee answers a finding with its response and corrective action plan (what, who, when) once the report is issued. */
export async function respondToFinding(deps: Deps, actor: Actor, findingId: string, input: { response: string; actionWhat?: string | undefined; actionOwnerId?: string | undefined; actionDue?: string | undefined }) {
  if (input.actionDue) checkDue(input.actionDue, 'body.actionDue');
  await deps.db.transaction().execute(async (trx) => {
    const f = await arepo.findFinding(trx, findingId);
    if (!f) throw findingNotFound();
    const c = await auditFor(trx, actor, f.assessment_id).catch(() => { throw findingNotFound(); });
    if (!c.access.respond) throw c.access.material ? denied() : findingNotFound();
    failAudit(canRespond(c.state));
    if (f.category !== 'observation' && (!input.actionWhat?.trim() || !input.actionOwnerId || !input.actionDue)) {
      throw new AppError('validation', '不適合には是正計画（内容・担当者・期限）を添えて回答してください / A nonconformity needs a corrective action plan (what, who, when)', [
        ...(!input.actionWhat?.trim() ? [{ path: 'body.actionWhat', message: 'required' }] : []),
        ...(!input.actionOwnerId ? [{ path: 'body.actionOwnerId', message: 'required' }] : []),
        ...(!input.actionDue ? [{ path: 'body.actionDue', message: 'required' }] : []),
      ]);
    }
    if (input.actionOwnerId) {
      const owner = await repo.findUser(trx, input.actionOwnerId);
      if (!owner || owner.institution_id !== c.row.institution_id || owner.status !== 'active') {
        throw new AppError('validation', '是正の担当者は、監査を受けた機関の有効な利用者にしてください / The owner must be an active member of the audited institution', [{ path: 'body.actionOwnerId', message: 'not an active member' }]);
      }
    }
    const now = deps.now().toISOString();
    const ok = await arepo.updateFinding(trx, findingId, f.status, {
      response: input.response, action_what: input.actionWhat ?? null, action_owner_id: input.actionOwnerId ?? null, action_due: input.actionDue ?? null, responded_by: actor.userId, responded_at: now, updated_at: now,
    });
    if (!ok) failAudit({ kind: 'conflict', message: '指摘事項が他の操作で変わりました / The finding was changed meanwhile' });
    await recordAudit(trx, actor, { action: 'audit.finding_respond', objectType: 'audit_finding', objectId: findingId, institutionId: c.row.institution_id, changes: { auditId: f.assessment_id, ...input } }, deps.now());
  });
  return getFinding(deps, actor, findingId);
}

/**
 * Progress of the corrective action. The auditee moves it open → in_progress → done while the
 * audit is in response (and afterwards, on its own record); auditors of a follow-up audit verify
 * it (closed, which also closes the finding it follows up) or send it back to in_progress.
 */
export async function progressFinding(deps: Deps, actor: Actor, findingId: string, input: { status: FindingState; note?: string | undefined }) {
  await deps.db.transaction().execute(async (trx) => {
    const f = await arepo.findFinding(trx, findingId);
    if (!f) throw findingNotFound();
    const c = await auditFor(trx, actor, f.assessment_id).catch(() => { throw findingNotFound(); });
    if (!c.access.material) throw findingNotFound();
    const asAuditorNow = c.isTeam && c.access.audit;
    const by = asAuditorNow && (input.status === 'closed' || f.status === 'done') ? 'auditor' : c.auditeeManager ? 'auditee' : null;
    if (!by) throw denied();
    if (by === 'auditee' && c.state !== 'response' && c.state !== 'closed' && !f.origin_finding_id) {
      failAudit({ kind: 'conflict', message: '是正の進捗は報告書の発行後に登録します / Progress is recorded after the report is issued' });
    }
    if (by === 'auditor' && !f.origin_finding_id) {
      failAudit({ kind: 'conflict', message: '是正の確認はフォローアップ監査で行います / Corrections are verified in a follow-up audit' });
    }
    failAudit(findingTransition(f.status, input.status, by));
    const now = deps.now().toISOString();
    const patch = { status: input.status, progress_note: input.note ?? f.progress_note, updated_at: now, closed_at: input.status === 'closed' ? now : null };
    if (!(await arepo.updateFinding(trx, findingId, f.status, patch))) failAudit({ kind: 'conflict', message: '指摘事項が他の操作で変わりました / The finding was changed meanwhile' });
    let origin: string | null = null;
    if (input.status === 'closed' && f.origin_finding_id) {
      const o = await arepo.findFinding(trx, f.origin_finding_id);
      if (o && o.status !== 'closed') {
        await trx.updateTable('audit_findings').set({ status: 'closed', progress_note: input.note ?? o.progress_note, updated_at: now, closed_at: now }).where('id', '=', o.id).execute();
        origin = o.id;
      }
    }
    await recordAudit(trx, actor, {
      action: 'audit.finding_progress', objectType: 'audit_finding', objectId: findingId, institutionId: c.row.institution_id,
      changes: { auditId: f.assessment_id, from: f.status, to: input.status, note: input.note ?? null, by, closedOrigin: origin },
    }, deps.now());
  });
  return getFinding(deps, actor, findingId);
}

// Consortium-wide view

/** Share of items rated 適合 per chapter over the mutual audits of a year whose report was issued; nothing below MIN_CONTRIBUTORS institutions. */
export async function consortiumView(deps: Deps, actor: Actor, fiscalYear: number) {
  if (!can.readAuditAggregates(actor)) throw denied();
  const rows = await arepo.issuedMutualRatings(deps.db, fiscalYear);
  const agg = consortiumAggregates(rows.map((r) => ({ institutionId: r.institution_id, chapter: r.chapter, rating: r.rating })));
  return {
    fiscalYear, minContributors: MIN_CONTRIBUTORS, available: agg.available,
    // The number of contributors is shown only once it reaches the threshold.
    contributors: agg.available ? agg.contributors : null,
    chapters: agg.chapters,
    ...(agg.available ? {} : { message: `参加機関が${MIN_CONTRIBUTORS}機関に満たないため、集計は表示しません / Fewer than ${MIN_CONTRIBUTORS} institutions contribute; nothing is shown` }),
  };
}
