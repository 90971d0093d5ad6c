/**
 * Consortium sharing of incident reports (issue 5). Every output to readers outside the originating
 * institution is built by {@link publicView} from `shared_reports` alone; the originator
 * (`shared_report_origins`) is read only to decide permissions and for the originator's own view.
 * Unknown and not-permitted reports get the same answer, so that an id reveals nothing.
 */
import { type Actor, can, isConsortiumAdmin } from '../../../core/access.ts';
import { normalise } from '../../../core/intel/indicator.ts';
import { type InstitutionProfile, type RedactionSpan, proposeRedactions } from '../../../core/redaction/index.ts';
import {
  ANONYMOUS_ORIGINATOR, type PublishedReport, REPORTING_INSTITUTION, type Reader, type ReviewDecision, type SharedIndicator, SharingInputError, type Tlp,
  contributorCounts, exportAllowed, findLeaks, indicatorOfferAllowed, redactedText, searchTerms, similarReports, snippetOf, tlpAllows,
  toMispEvent, toStixBundle,
} from '../../../core/sharing/index.ts';
import { recordAudit, registerSealedObjectTypes } from '../../platform/audit/service.ts';
import { loadJapaneseTokenizer } from '../../platform/japanese-tokenizer.ts';
import type { Db, Trx } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { enqueueEmail } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import { upsertIndicators } from '../intel/repo.ts';
import * as repo from './repo.ts';

// Who drafted, published or commented on a shared report stays anonymous in the audit view too.
registerSealedObjectTypes('shared_report', 'shared_report_comment');

export type Q = Db | Trx;

export const OPERATOR_LABEL = { ja: '運営機関', en: 'the consortium operator' } as const;
const FIELDS = ['title', 'summary', 'body'] as const;
type Field = (typeof FIELDS)[number];
type Texts = Record<Field, string>;

export const CONSORTIUM_ORG = { name: 'Renkei consortium', uuid: '7d0e4c2a-5b1f-4e8a-9c3d-2f6a8b1e0c47' };

export const notFound = () => new AppError('not_found', '共有報告が見つかりません / shared report not found');
export const invalid = (err: unknown): never => {
  if (err instanceof SharingInputError || err instanceof RangeError) throw new AppError('validation', err.message);
  throw err;
};

export const readerOf = (a: Actor): Reader => ({ userId: a.userId, institutionId: a.institutionId, institutionKind: a.institutionKind, roles: a.roles });
export const isOperator = (a: Actor) => isConsortiumAdmin(a) || (a.kind === 'user' && a.institutionKind === 'operator' && a.roles.includes('operator'));

export async function origin(db: Q, id: string) {
  return db.selectFrom('shared_report_origins').selectAll().where('report_id', '=', id).executeTakeFirst();
}

/** The institution's profile for the redaction engine: names and code, domains and prefixes, and its member directory. */
export async function profileOf(db: Q, institutionId: string): Promise<{ profile: InstitutionProfile; directory: { names: string[]; emails: string[] } }> {
  const inst = await db.selectFrom('institutions').selectAll().where('id', '=', institutionId).executeTakeFirstOrThrow();
  const nets = await db.selectFrom('institution_networks').select(['kind', 'value']).where('institution_id', '=', institutionId).execute();
  const users = await db.selectFrom('users').select(['display_name', 'email']).where('institution_id', '=', institutionId).execute();
  return {
    profile: {
      name: inst.name_ja,
      // Also the names without a parenthesised note: さくら工科大学（デモ） → さくら工科大学.
      aliases: [...new Set([inst.name_en, inst.code, ...[inst.name_ja, inst.name_en].map((n) => n.replace(/\s*[（(][^）)]*[）)]\s*$/u, ''))])].filter((x) => x.length >= 2 && x !== inst.name_ja),
      domains: nets.filter((n) => n.kind === 'domain').map((n) => n.value), prefixes: nets.filter((n) => n.kind === 'prefix').map((n) => n.value),
    },
    directory: { names: users.map((u) => u.display_name), emails: users.map((u) => u.email) },
  };
}

export interface DraftInput {
  incidentId: string;
  tlp: Tlp;
  title?: string | undefined;
  summary?: string | undefined;
  body?: string | undefined;
  category?: string | null | undefined;
  products?: string[] | undefined;
  cves?: string[] | undefined;
  indicators?: SharedIndicator[] | undefined;
  recipients?: string[] | undefined;
  occurredAt?: string | null | undefined;
  disclose?: boolean | undefined;
}

/** Prepares a draft from an incident and proposes redactions for each text field. */
export async function prepareDraft(deps: Deps, actor: Actor, input: DraftInput) {
  const incident = await deps.db.selectFrom('incidents').selectAll().where('id', '=', input.incidentId).executeTakeFirst();
  if (!incident || !can.handleIncidents(actor, incident.institution_id) || !actor.userId) throw forbidden();
  const indicators = (input.indicators ?? []).map((i, n) => {
    const r = normalise(i.type, i.value);
    if ('error' in r) throw new AppError('validation', `指標 ${n + 1} が正しくありません: ${r.error}`, [{ path: `body.indicators.${n}.value`, message: r.error }]);
    return { type: r.type, value: r.value, ...(i.comment ? { comment: i.comment } : {}) };
  });
  const texts: Texts = { title: input.title ?? incident.title, summary: input.summary ?? '', body: input.body ?? incident.description };
  const { profile, directory } = await profileOf(deps.db, incident.institution_id);
  // Built once per process; without it names are found by rules only.
  const tokenizer = await loadJapaneseTokenizer().catch(() => undefined);
  let proposals: Record<Field, RedactionSpan[]>;
  try {
    proposals = Object.fromEntries(FIELDS.map((f) => [f, proposeRedactions(texts[f], profile, { directory, ...(tokenizer ? { tokenizer } : {}) })])) as Record<Field, RedactionSpan[]>;
  } catch (err) {
    return invalid(err);
  }
  const id = newId();
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('shared_reports').values({
      id, status: 'draft', tlp: input.tlp, title: '', summary: '', body: '', category: input.category ?? incident.category ?? null,
      products: JSON.stringify(input.products ?? []), cves: JSON.stringify(input.cves ?? []), indicators: JSON.stringify(indicators),
      recipients: JSON.stringify(input.recipients ?? []), occurred_at: input.occurredAt ?? incident.occurred_at ?? null, disclosed: input.disclose ? 1 : 0, published_at: null, withdrawn_at: null,
    }).execute();
    await trx.insertInto('shared_report_origins').values({
      report_id: id, institution_id: incident.institution_id, incident_id: incident.id, author_id: actor.userId!, original: JSON.stringify(texts),
      proposals: JSON.stringify(proposals), created_at: now,
    }).execute();
    await recordAudit(trx, actor, { action: 'sharing.draft', objectType: 'shared_report', objectId: id, institutionId: incident.institution_id, changes: { tlp: input.tlp } }, deps.now());
  });
  return { id, original: texts, proposals };
}

export type Decisions = Record<Field, ReviewDecision>;

/** The author's decisions on every proposal, then publication of the redacted texts; other members are notified. */
export async function publish(deps: Deps, actor: Actor, id: string, decisions: Decisions) {
  const o = await origin(deps.db, id);
  if (!o || !can.handleIncidents(actor, o.institution_id)) throw notFound();
  const report = await deps.db.selectFrom('shared_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (report.status !== 'draft') throw new AppError('conflict', 'この共有報告はすでに公開されています / already published');
  const original = JSON.parse(o.original) as Texts;
  const proposals = JSON.parse(o.proposals) as Record<Field, RedactionSpan[]>;
  let texts: Texts;
  try {
    texts = Object.fromEntries(FIELDS.map((f) => [f, redactedText(original[f], proposals[f], decisions[f] ?? { accepted: [], extra: [] })])) as Texts;
  } catch (err) {
    return invalid(err);
  }
  if (!texts.title.trim()) throw new AppError('validation', '件名が空です / the title is empty');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('shared_reports').set({ ...texts, status: 'published', published_at: now.toISOString() }).where('id', '=', id).execute();
    await repo.reindex(trx, id);
    await recordAudit(trx, actor, { action: 'sharing.publish', objectType: 'shared_report', objectId: id, institutionId: o.institution_id, changes: { tlp: report.tlp } }, now);
    await notifyReaders(trx, { id, title: texts.title, tlp: report.tlp, recipients: JSON.parse(report.recipients) as string[] }, o.institution_id, null, now);
  });
  return { id, ...texts };
}

/**
 * Mails the security staff (CSIRT, CISO) of other institutions who may read the report under its label and,
 * with `before`, could not under the previous one. The mail names only 参加機関.
 */
export async function notifyReaders(trx: Trx, report: { id: string; title: string; tlp: Tlp; recipients: string[] }, originId: string, before: Tlp | null, now: Date) {
  const readers = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').innerJoin('institutions', 'institutions.id', 'users.institution_id')
    .select(['users.id', 'users.email', 'users.locale', 'users.institution_id', 'institutions.kind', 'user_roles.role'])
    .where('users.status', '=', 'active').where('users.institution_id', '!=', originId).where('user_roles.role', 'in', ['csirt', 'ciso']).execute();
  const sent = new Set<string>();
  for (const u of readers) {
    if (sent.has(u.id)) continue;
    const r: Reader = { userId: u.id, institutionId: u.institution_id, institutionKind: u.kind, roles: readers.filter((x) => x.id === u.id).map((x) => x.role as never) };
    if (!tlpAllows(r, { tlp: report.tlp, originInstitutionId: originId, recipients: report.recipients })) continue;
    if (before && tlpAllows(r, { tlp: before, originInstitutionId: originId, recipients: report.recipients })) continue;
    sent.add(u.id);
    const ja = u.locale !== 'en';
    await enqueueEmail(trx, 'sharing.published', {
      to: u.email,
      subject: ja ? `[Renkei] 新しい共有報告 (TLP:${report.tlp})` : `[Renkei] New shared report (TLP:${report.tlp})`,
      text: ja ? `${ANONYMOUS_ORIGINATOR.ja}から共有報告が届きました。\n件名: ${report.title}\n/shared-reports/${report.id}` : `A shared report from ${ANONYMOUS_ORIGINATOR.en}.\nTitle: ${report.title}\n/shared-reports/${report.id}`,
    }, now);
  }
}

type ReportRow = Awaited<ReturnType<typeof loadPublished>>[number];
async function loadPublished(db: Q) {
  return db.selectFrom('shared_reports').innerJoin('shared_report_origins', 'shared_report_origins.report_id', 'shared_reports.id')
    .select(['shared_reports.id', 'tlp', 'title', 'summary', 'body', 'category', 'products', 'cves', 'indicators', 'recipients', 'occurred_at', 'disclosed', 'published_at',
      'shared_report_origins.institution_id as origin_id'])
    .where('status', '=', 'published').where('withdrawn_at', 'is', null).orderBy('published_at', 'desc').orderBy('shared_reports.id').execute();
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

async function disclosedName(db: Q, r: ReportRow) {
  if (!r.disclosed) return null;
  const i = await db.selectFrom('institutions').select(['name_ja', 'name_en']).where('id', '=', r.origin_id).executeTakeFirstOrThrow();
  return { ja: i.name_ja, en: i.name_en };
}

/** What a reader sees: redacted texts, TLP, and the originator as 参加機関 unless disclosed. Never the origin id. */
async function publicView(db: Q, r: ReportRow, actor: Actor): Promise<PublishedReport & { originator: { ja: string; en: string }; mine: boolean }> {
  const disclosed = await disclosedName(db, r);
  return {
    id: r.id, title: r.title, summary: r.summary, body: r.body, category: r.category, products: JSON.parse(r.products), cves: JSON.parse(r.cves),
    indicators: JSON.parse(r.indicators), tlp: r.tlp, occurredAt: iso(r.occurred_at), publishedAt: iso(r.published_at)!,
    disclosedOriginator: disclosed, originator: disclosed ?? { ...ANONYMOUS_ORIGINATOR }, mine: actor.institutionId === r.origin_id,
  };
}

const visible = (actor: Actor, r: ReportRow) => tlpAllows(readerOf(actor), { tlp: r.tlp, originInstitutionId: r.origin_id, recipients: JSON.parse(r.recipients) as string[] });
const fold = (s: string) => s.normalize('NFKC').toLowerCase();

export interface SearchFilter {
  q?: string | undefined;
  category?: string | undefined;
  product?: string | undefined;
  cve?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Search over the reports the reader may see. The text index (FTS5 trigram / pg_trgm over the folded texts,
 * repo.matchingReportIds) finds the reports containing every term of `q`; TLP and the other filters are
 * applied here. Snippets are cut from the original text (src/core/sharing/search.ts).
 */
export async function search(deps: Deps, actor: Actor, f: SearchFilter) {
  if (actor.kind !== 'user' || !actor.userId) throw forbidden();
  const terms = f.q ? searchTerms(f.q) : [];
  const hits = terms.length ? await repo.matchingReportIds(deps.db, terms) : null;
  const rows = (await loadPublished(deps.db)).filter((r) => visible(actor, r)).filter((r) => {
    if (f.category && r.category !== f.category) return false;
    if (f.product && !(JSON.parse(r.products) as string[]).some((p) => fold(p).includes(fold(f.product!)))) return false;
    if (f.cve && !(JSON.parse(r.cves) as string[]).some((c) => c.toUpperCase() === f.cve!.toUpperCase())) return false;
    const at = iso(r.occurred_at ?? r.published_at)!;
    if (f.from && at < new Date(f.from).toISOString()) return false;
    if (f.to && at > new Date(f.to).toISOString()) return false;
    return !hits || hits.has(r.id);
  });
  const items = [];
  for (const r of rows) {
    const v = await publicView(deps.db, r, actor);
    let cut = terms.length ? snippetOf(`${r.title}\n${r.summary}\n${r.body}`, terms) : null;
    if (terms.length && !cut) {
      // The match is in an addendum.
      const addenda = await repo.publishedAddendaOf(deps.db, r.id);
      cut = snippetOf(addenda.map((a) => a.body).join('\n'), terms);
    }
    items.push({ ...v, snippet: cut ? cut.text : r.summary.slice(0, 80), snippetHighlights: cut ? cut.highlights : [] });
  }
  return { items, total: items.length };
}

async function visibleReport(deps: Deps, actor: Actor, id: string) {
  const r = (await loadPublished(deps.db)).find((x) => x.id === id);
  if (!r || !visible(actor, r)) throw notFound();
  return r;
}

/** What happened after publication, as readers may see it: label changes (no who, no why) and published addenda. */
async function afterPublication(db: Q, id: string) {
  const [changes, addenda] = await Promise.all([repo.changesOf(db, id), repo.publishedAddendaOf(db, id)]);
  return {
    tlpChanges: changes.filter((c) => c.kind === 'tlp').map((c) => ({ at: iso(c.at)!, from: c.from_tlp as Tlp, to: c.to_tlp as Tlp })),
    addenda: addenda.map((a) => ({ id: a.id, body: a.body, publishedAt: iso(a.published_at)! })),
  };
}

/** A withdrawn report, for its originator only (everyone else gets the same 404 as for an unknown report). */
async function ownWithdrawn(deps: Deps, actor: Actor, id: string) {
  const o = await origin(deps.db, id);
  if (!o || !can.handleIncidents(actor, o.institution_id)) return null;
  const r = await deps.db.selectFrom('shared_reports').innerJoin('shared_report_origins', 'shared_report_origins.report_id', 'shared_reports.id')
    .select(['shared_reports.id', 'tlp', 'title', 'summary', 'body', 'category', 'products', 'cves', 'indicators', 'recipients', 'occurred_at', 'disclosed', 'published_at',
      'shared_report_origins.institution_id as origin_id', 'withdrawn_at'])
    .where('shared_reports.id', '=', id).where('status', '=', 'published').where('withdrawn_at', 'is not', null).executeTakeFirst();
  return r ?? null;
}

export async function getReport(deps: Deps, actor: Actor, id: string) {
  const all = (await loadPublished(deps.db)).filter((r) => visible(actor, r));
  const r = all.find((x) => x.id === id);
  if (!r) {
    const own = await ownWithdrawn(deps, actor, id);
    if (!own) throw notFound();
    return { ...(await publicView(deps.db, own, actor)), status: 'withdrawn' as const, withdrawnAt: iso(own.withdrawn_at), ...(await afterPublication(deps.db, id)), similar: [], comments: [] };
  }
  const key = (x: ReportRow) => ({
    id: x.id, category: x.category, cves: JSON.parse(x.cves) as string[], products: JSON.parse(x.products) as string[],
    indicators: (JSON.parse(x.indicators) as SharedIndicator[]).map((i) => i.value),
  });
  const similar = similarReports(key(r), all.map(key)).map((s) => {
    const row = all.find((x) => x.id === s.report.id)!;
    return { id: row.id, title: row.title, tlp: row.tlp, score: s.score };
  });
  const comments = await deps.db.selectFrom('shared_report_comments').selectAll().where('report_id', '=', id).orderBy('created_at').orderBy('id').execute();
  return {
    ...(await publicView(deps.db, r, actor)),
    status: 'published' as const,
    withdrawnAt: null,
    ...(await afterPublication(deps.db, id)),
    similar,
    comments: comments.map((c) => ({
      id: c.id, body: c.body, createdAt: iso(c.created_at),
      by: c.by_originator ? { ...REPORTING_INSTITUTION } : { ...ANONYMOUS_ORIGINATOR },
      mine: c.author_id === actor.userId,
    })),
  };
}

/** The originator's own view: the texts as written and the proposals (never served to others). */
export async function getDraft(deps: Deps, actor: Actor, id: string) {
  const o = await origin(deps.db, id);
  if (!o || !can.handleIncidents(actor, o.institution_id)) throw notFound();
  const r = await deps.db.selectFrom('shared_reports').select(['status', 'tlp', 'withdrawn_at', 'disclosed', 'recipients']).where('id', '=', id).executeTakeFirstOrThrow();
  const [changes, addenda] = await Promise.all([repo.changesOf(deps.db, id), repo.addendaOf(deps.db, id)]);
  const recipientIds = JSON.parse(r.recipients) as string[];
  const recipients = recipientIds.length
    ? await deps.db.selectFrom('institutions').select(['id', 'name_ja', 'name_en']).where('id', 'in', recipientIds).orderBy('name_ja').execute()
    : [];
  return {
    id, status: r.withdrawn_at ? ('withdrawn' as const) : r.status, tlp: r.tlp, withdrawnAt: iso(r.withdrawn_at), incidentId: o.incident_id,
    // How the originator is shown to readers, and (TLP:RED) who may read it.
    disclose: !!r.disclosed, recipients: recipients.map((x) => ({ id: x.id, ja: x.name_ja, en: x.name_en })),
    original: JSON.parse(o.original) as Texts, proposals: JSON.parse(o.proposals) as Record<Field, RedactionSpan[]>,
    // The originator's own record: who (報告機関 or 運営機関) and why.
    history: changes.map((c) => ({
      at: iso(c.at)!, kind: c.kind, from: c.from_tlp, to: c.to_tlp, reason: c.reason, by: c.by_originator ? { ...REPORTING_INSTITUTION } : { ...OPERATOR_LABEL },
    })),
    addenda: addenda.map((a) => ({
      id: a.id, status: a.status, original: a.original, proposals: JSON.parse(a.proposals) as RedactionSpan[], body: a.body, createdAt: iso(a.created_at)!, publishedAt: iso(a.published_at),
    })),
  };
}

/**
 * Redaction proposals for a comment by the writer: what names the writer's institution or its people, from the
 * writer's institution profile and member directory (the same engine as for reports and addenda).
 */
async function commentProposals(db: Q, actor: Actor, text: string): Promise<RedactionSpan[]> {
  const { profile, directory } = await profileOf(db, actor.institutionId!);
  const tokenizer = await loadJapaneseTokenizer().catch(() => undefined);
  try {
    return proposeRedactions(text, profile, { directory, ...(tokenizer ? { tokenizer } : {}) });
  } catch (err) {
    return invalid(err);
  }
}

const commentText = (body: string) => {
  const text = body.trim();
  if (!text) throw new AppError('validation', 'コメントが空です / the comment is empty', [{ path: 'body.body', message: 'empty' }]);
  return text;
};

/**
 * The writer's review of a comment before it is posted: the text (trimmed, as it will be stored) and the proposals.
 * Nothing is written; the proposals concern the writer's own institution, so they are the writer's to see.
 */
export async function previewComment(deps: Deps, actor: Actor, id: string, body: string) {
  await visibleReport(deps, actor, id);
  const text = commentText(body);
  return { body: text, proposals: await commentProposals(deps.db, actor, text) };
}

/**
 * A question or comment by a member who may read the report; the originator answers as 報告機関. Comments are as
 * anonymous as the report: the proposals are recomputed here from the same text and the writer's decisions applied
 * (every proposal accepted when `accepted` is omitted), so a client cannot skip the review.
 */
export async function addComment(deps: Deps, actor: Actor, id: string, body: string, decision?: { accepted?: boolean[] | undefined; extra?: ReviewDecision['extra'] | undefined }) {
  const r = await visibleReport(deps, actor, id);
  const text = commentText(body);
  const cid = newId();
  const byOriginator = actor.institutionId === r.origin_id;
  const proposals = await commentProposals(deps.db, actor, text);
  let redacted: string;
  try {
    const extra = decision?.extra ?? [];
    redacted = decision?.accepted === undefined
      ? redactedText(text, proposals, { accepted: [], extra }, 'ja', true)
      : redactedText(text, proposals, { accepted: decision.accepted, extra });
  } catch (err) {
    return invalid(err);
  }
  if (!redacted.trim()) throw new AppError('validation', 'コメントが空です / the comment is empty');
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('shared_report_comments').values({
      id: cid, report_id: id, institution_id: actor.institutionId!, author_id: actor.userId!, by_originator: byOriginator ? 1 : 0, body: redacted, created_at: deps.now().toISOString(),
    }).execute();
    await recordAudit(trx, actor, { action: 'sharing.comment', objectType: 'shared_report_comment', objectId: cid, institutionId: actor.institutionId }, deps.now());
    if (!byOriginator) {
      // The originator's security staff are told of a question; the mail names nobody.
      const staff = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.email', 'users.locale']).distinct()
        .where('users.institution_id', '=', r.origin_id).where('users.status', '=', 'active').where('user_roles.role', 'in', ['csirt', 'ciso']).execute();
      for (const u of staff) {
        await enqueueEmail(trx, 'sharing.comment', {
          to: u.email,
          subject: u.locale === 'en' ? '[Renkei] A question on your shared report' : '[Renkei] 共有報告に質問・コメントがありました',
          text: `${r.title}\n/shared-reports/${id}`,
        }, deps.now());
      }
    }
  });
  return { id: cid, body: redacted, by: byOriginator ? { ...REPORTING_INSTITUTION } : { ...ANONYMOUS_ORIGINATOR } };
}

export async function exportReport(deps: Deps, actor: Actor, id: string, format: 'misp' | 'stix') {
  const r = await visibleReport(deps, actor, id);
  if (!exportAllowed(r.tlp)) throw new AppError('forbidden', `TLP:${r.tlp} の報告は外部形式で書き出せません / TLP:${r.tlp} reports cannot be exported`);
  const v = await publicView(deps.db, r, actor);
  const report: PublishedReport = {
    id: v.id, title: v.title, summary: v.summary, body: v.body, category: v.category, products: v.products, cves: v.cves, indicators: v.indicators,
    tlp: v.tlp, occurredAt: v.occurredAt, publishedAt: v.publishedAt, disclosedOriginator: v.disclosedOriginator,
  };
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, actor, { action: 'sharing.export', objectType: 'shared_report', objectId: id, institutionId: actor.institutionId, changes: { format } }, deps.now()));
  return format === 'misp' ? toMispEvent(report, CONSORTIUM_ORG) : toStixBundle(report);
}

/**
 * The operator reveals the originator of a report: only with a stated reason, audit-logged, and the originating
 * institution's CSIRT, CISO and administrators are told by e-mail (who asked and why).
 */
export async function revealOriginator(deps: Deps, actor: Actor, id: string, reason: string) {
  if (!isOperator(actor)) throw forbidden();
  const why = reason.trim();
  if (why.length < 10) throw new AppError('validation', '開示の理由を 10 文字以上で書いてください / state the reason (at least 10 characters)', [{ path: 'body.reason', message: 'too short' }]);
  const o = await origin(deps.db, id);
  if (!o) throw notFound();
  const inst = await deps.db.selectFrom('institutions').select(['id', 'code', 'name_ja', 'name_en']).where('id', '=', o.institution_id).executeTakeFirstOrThrow();
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(trx, actor, { action: 'sharing.reveal_originator', objectType: 'shared_report', objectId: id, institutionId: o.institution_id, changes: { reason: why } }, now);
    const staff = await trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.email', 'users.locale']).distinct()
      .where('users.institution_id', '=', o.institution_id).where('users.status', '=', 'active').where('user_roles.role', 'in', ['csirt', 'ciso', 'admin']).execute();
    for (const u of staff) {
      await enqueueEmail(trx, 'sharing.originator_revealed', {
        to: u.email,
        subject: u.locale === 'en' ? '[Renkei] The operator revealed your institution as the originator of a shared report' : '[Renkei] 共有報告の報告機関が運営機関に開示されました',
        text: `${actor.label}\n${why}\n/shared-reports/${id}`,
      }, now);
    }
  });
  return { institution: { id: inst.id, code: inst.code, nameJa: inst.name_ja, nameEn: inst.name_en }, revealedAt: now.toISOString() };
}

/** Counts per category over published reports, only when at least three institutions contributed. */
export async function statistics(deps: Deps, actor: Actor) {
  if (actor.kind !== 'user' || !actor.userId) throw forbidden();
  const rows = await loadPublished(deps.db);
  return contributorCounts(rows.map((r) => ({ key: r.category ?? 'other', institutionId: r.origin_id })));
}

export const offerRef = (id: string) => `shared-report:${id}`;

/** Indicators offered by shared reports (all but RED), for the operator to accept into an intelligence source. */
export async function indicatorOffers(deps: Deps, actor: Actor) {
  if (!can.manageIntel(actor)) throw forbidden();
  const rows = (await loadPublished(deps.db)).filter((r) => indicatorOfferAllowed(r.tlp) && (JSON.parse(r.indicators) as unknown[]).length > 0);
  const taken = new Set((await deps.db.selectFrom('indicators').select('external_id').distinct().where('external_id', 'like', 'shared-report:%').execute()).map((x) => x.external_id));
  return {
    items: rows.map((r) => ({ id: r.id, title: r.title, tlp: r.tlp, category: r.category, indicators: JSON.parse(r.indicators) as SharedIndicator[], accepted: taken.has(offerRef(r.id)) })),
  };
}

/** The operator takes a report's indicators into a source, with the report's TLP and category; the report id is the reference. */
export async function acceptIndicators(deps: Deps, actor: Actor, id: string, sourceId: string) {
  if (!can.manageIntel(actor)) throw forbidden();
  const r = (await loadPublished(deps.db)).find((x) => x.id === id);
  if (!r || !indicatorOfferAllowed(r.tlp)) throw notFound();
  const source = await deps.db.selectFrom('indicator_sources').select(['id']).where('id', '=', sourceId).executeTakeFirst();
  if (!source) throw new AppError('validation', '情報源が見つかりません / unknown intelligence source', [{ path: 'body.sourceId', message: 'unknown source' }]);
  const now = deps.now().toISOString();
  const rows = (JSON.parse(r.indicators) as SharedIndicator[]).map((i) => ({
    id: newId(), source_id: sourceId, type: i.type, value: i.value, category: r.category, confidence: null, first_seen: iso(r.occurred_at), last_seen: null,
    valid_until: null, tlp: r.tlp, tags: JSON.stringify(['shared-report']), external_id: offerRef(r.id), description: r.title, created_at: now, updated_at: now,
  }));
  await deps.db.transaction().execute(async (trx) => {
    await upsertIndicators(trx, rows);
    await recordAudit(trx, actor, { action: 'sharing.indicators_accept', objectType: 'shared_report', objectId: id, changes: { sourceId, count: rows.length } }, deps.now());
  });
  return { accepted: rows.length };
}

/** For tests and self-checks. */
export { findLeaks };
