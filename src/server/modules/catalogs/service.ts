import { createHash } from 'node:crypto';
import { type Actor, can, isConsortiumAdmin } from '../../../core/access.ts';
import { coverageReport } from '../../../core/regulation/coverage.ts';
import { diffRegulations } from '../../../core/regulation/diff.ts';
import { COVERAGE_THRESHOLDS, compareRegulations } from '../../../core/regulation/match.ts';
import { RegulationInputError, decodeRegulationBytes, parseRegulation } from '../../../core/regulation/parse.ts';
import type { Clause, UnplacedLine } from '../../../core/regulation/types.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/secrets.ts';
import type { UploadedFile } from '../../platform/uploads.ts';
import { detectFormat, docxText, pdfText } from './extract.ts';
import { libraryPreview } from './library.ts';
import * as repo from './repo.ts';
import { countClauses, rowsToTree, treeToRows } from './tree.ts';

const COVERAGE_DEPTH = 10;


/** Parses an uploaded file into a clause tree for the import preview. Nothing is stored. */
export async function previewImport(deps: Deps, actor: Actor, file: UploadedFile, options: { form?: 'article' | 'outline' | undefined; framework?: number | undefined } = {}) {
  if (!actor.institutionId || !can.manageRegulations(actor, actor.institutionId)) throw forbidden();
  const format = detectFormat(file.filename, file.bytes);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  let text: string;
  let encoding: string | null = null;
  const form = options.form;
  try {
    if (format === 'yaml') {
      ({ text, encoding } = decodeRegulationBytes(file.bytes));
      return { source: { filename: file.filename, format, encoding, sha256 }, ...libraryPreview(text, options.framework ?? 0) };
    }
    if (format === 'docx') text = await docxText(file.bytes);
    else if (format === 'pdf') text = await pdfText(file.bytes);
    else ({ text, encoding } = decodeRegulationBytes(file.bytes));
    const parsed = parseRegulation(text, form ? { form } : {});
    return {
      source: { filename: file.filename, format, encoding, sha256 },
      ...parsed,
      clauseCount: countClauses(parsed.clauses),
    };
  } catch (err) {
    if (err instanceof RegulationInputError) throw new AppError('validation', err.message, [{ path: 'file', message: err.message }]);
    throw err;
  }
}

export interface SaveInput {
  /** Existing regulation: the import becomes its next version. */
  regulationId?: string | undefined;
  title: string;
  kind: 'regulation' | 'standard' | 'library';
  visibility: 'private' | 'consortium';
  confidentiality: number;
  versionLabel?: string | undefined;
  form: 'article' | 'outline' | 'library';
  source: { filename: string | null; format: 'text' | 'docx' | 'pdf' | 'yaml'; encoding: string | null; sha256: string | null };
  /** The tree as previewed, with the user's level corrections. */
  clauses: Clause[];
  unplaced: { line: number; text: string; reason: string }[];
  externalRef?: string | null | undefined;
}

function assertShareable(visibility: string, confidentiality: number) {
  // Seed 003 §2.2: 機密性4 information is never shared.
  if (visibility === 'consortium' && confidentiality >= 4) {
    throw new AppError('validation', '機密性4の文書はコンソーシアムに共有できません', [{ path: 'body.visibility', message: '機密性4は共有不可' }]);
  }
}

export async function saveImport(deps: Deps, actor: Actor, input: SaveInput) {
  if (!actor.institutionId || !actor.userId) throw forbidden();
  if (!input.clauses.length) throw new AppError('validation', '条項が1つもありません', [{ path: 'body.clauses', message: 'empty' }]);
  assertShareable(input.visibility, input.confidentiality);
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    let reg = input.regulationId ? await repo.findRegulation(trx, input.regulationId) : undefined;
    if (input.regulationId && !reg) throw notFound('Regulation');
    const institutionId = reg?.institution_id ?? actor.institutionId!;
    if (!can.manageRegulations(actor, institutionId)) throw forbidden();
    if (!reg) {
      reg = {
        id: newId(), institution_id: institutionId, title: input.title, kind: input.kind, visibility: input.visibility,
        confidentiality: input.confidentiality, external_ref: input.externalRef ?? null, current_version_id: null,
        created_by: actor.userId!, created_at: now, updated_at: now,
      };
      await repo.insertRegulation(trx, reg);
    }
    const versionNo = await repo.nextVersionNo(trx, reg.id);
    const versionId = newId();
    const rows = treeToRows(versionId, input.clauses);
    await repo.insertVersion(trx, {
      id: versionId, regulation_id: reg.id, version_no: versionNo, label: input.versionLabel ?? null, form: input.form,
      source_filename: input.source.filename, source_format: input.source.format, source_encoding: input.source.encoding,
      source_sha256: input.source.sha256, clause_count: rows.length, unplaced: JSON.stringify(input.unplaced), imported_by: actor.userId!, imported_at: now,
    }, rows);
    const patch = { current_version_id: versionId, updated_at: now, ...(versionNo === 1 ? {} : { title: input.title, visibility: input.visibility, confidentiality: input.confidentiality }) };
    await repo.updateRegulation(trx, reg.id, patch);
    await recordAudit(trx, actor, {
      action: versionNo === 1 ? 'regulation.import' : 'regulation.new_version', objectType: 'regulation', objectId: reg.id, institutionId,
      changes: { title: input.title, versionNo, clauses: rows.length, unplaced: input.unplaced.length, source: input.source, visibility: input.visibility },
    });
    return { id: reg.id, versionId, versionNo };
  });
}

async function readable(deps: Deps, actor: Actor, id: string) {
  const reg = await repo.findRegulation(deps.db, id);
  // A private document of another member does not exist, as far as the viewer can tell.
  if (!reg || !can.readRegulation(actor, { institutionId: reg.institution_id, visibility: reg.visibility })) throw notFound('Regulation');
  return reg;
}

export async function listRegulations(deps: Deps, actor: Actor, filter: { q?: string | undefined; scope: 'visible' | 'mine' | 'shared'; institutionId?: string | undefined }, page: number, pageSize: number) {
  if (!actor.userId) throw forbidden();
  const { rows, total } = await repo.listRegulations(deps.db, { viewerInstitutionId: actor.institutionId, ...filter }, (page - 1) * pageSize, pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id, title: r.title, kind: r.kind, visibility: r.visibility, confidentiality: r.confidentiality,
      institution: { id: r.institution_id, nameJa: r.institution_name_ja, nameEn: r.institution_name_en },
      own: r.institution_id === actor.institutionId, versionNo: r.version_no ?? null, versionLabel: r.version_label ?? null,
      clauseCount: r.clause_count ?? 0, updatedAt: r.updated_at,
    })),
    total, page, pageSize,
  };
}

export async function getRegulation(deps: Deps, actor: Actor, id: string, versionId?: string) {
  const reg = await readable(deps, actor, id);
  const versions = await repo.versionsOf(deps.db, id);
  const version = versions.find((v) => v.id === (versionId ?? reg.current_version_id));
  if (!version) throw notFound('Version');
  const [rows, institution] = await Promise.all([repo.clausesOf(deps.db, version.id), repo.institutionNames(deps.db, reg.institution_id)]);
  const clauses = rowsToTree(rows);
  return {
    id: reg.id, title: reg.title, kind: reg.kind, visibility: reg.visibility, confidentiality: reg.confidentiality,
    institutionId: reg.institution_id, institution: { nameJa: institution?.name_ja ?? '', nameEn: institution?.name_en ?? '' }, own: reg.institution_id === actor.institutionId,
    canManage: can.manageRegulations(actor, reg.institution_id), externalRef: reg.external_ref,
    versions: versions.map((v) => ({ id: v.id, versionNo: v.version_no, label: v.label, importedAt: v.imported_at, clauseCount: v.clause_count, sourceFilename: v.source_filename, sourceFormat: v.source_format })),
    version: { id: version.id, versionNo: version.version_no, form: version.form, unplaced: JSON.parse(version.unplaced) as UnplacedLine[] },
    clauses,
  };
}

async function versionTree(deps: Deps, versionId: string) {
  return rowsToTree(await repo.clausesOf(deps.db, versionId));
}

export async function diffVersions(deps: Deps, actor: Actor, id: string, fromVersionId: string, toVersionId: string) {
  await readable(deps, actor, id);
  const [from, to] = await Promise.all([repo.findVersion(deps.db, fromVersionId), repo.findVersion(deps.db, toVersionId)]);
  if (!from || !to || from.regulation_id !== id || to.regulation_id !== id) throw notFound('Version');
  const changes = diffRegulations(await versionTree(deps, from.id), await versionTree(deps, to.id));
  const summary = { added: 0, removed: 0, changed: 0, moved: 0, unchanged: 0 };
  for (const c of changes) summary[c.type]++;
  return { from: from.version_no, to: to.version_no, summary, changes: changes.filter((c) => c.type !== 'unchanged') };
}

export async function updateRegulation(deps: Deps, actor: Actor, id: string, patch: { title?: string | undefined; visibility?: 'private' | 'consortium' | undefined; confidentiality?: number | undefined }) {
  await deps.db.transaction().execute(async (trx) => {
    const reg = await repo.findRegulation(trx, id);
    if (!reg || !can.readRegulation(actor, { institutionId: reg.institution_id, visibility: reg.visibility })) throw notFound('Regulation');
    if (!can.manageRegulations(actor, reg.institution_id)) throw forbidden();
    const next = { title: patch.title ?? reg.title, visibility: patch.visibility ?? reg.visibility, confidentiality: patch.confidentiality ?? reg.confidentiality };
    assertShareable(next.visibility, next.confidentiality);
    await repo.updateRegulation(trx, id, { ...next, updated_at: deps.now().toISOString() });
    const changes = Object.fromEntries(Object.entries(next).filter(([k, v]) => reg[k as keyof typeof next] !== v).map(([k, v]) => [k, { from: reg[k as keyof typeof next], to: v }]));
    await recordAudit(trx, actor, { action: 'regulation.update', objectType: 'regulation', objectId: id, institutionId: reg.institution_id, changes });
  });
}

/** Japanese full-text search over visible regulations: every whitespace-separated word must occur (no tokeniser needed). */
export async function searchClauses(deps: Deps, actor: Actor, q: string, limit: number) {
  if (!actor.userId) throw forbidden();
  const words = q.normalize('NFKC').split(/[\s\u3000]+/).filter(Boolean).slice(0, 8);
  const ids = await repo.visibleRegulationIds(deps.db, actor.institutionId);
  const hits = await repo.searchClauses(deps.db, ids, words, limit);
  return hits.map((h) => ({ regulationId: h.regulation_id, title: h.title, citation: h.citation, heading: h.heading, snippet: snippet(h.text, words[0] ?? '') }));
}

function snippet(text: string, word: string): string {
  const at = Math.max(0, text.indexOf(word));
  const start = Math.max(0, at - 40);
  return `${start > 0 ? '…' : ''}${text.slice(start, at + 80)}${at + 80 < text.length ? '…' : ''}`;
}

/** Proposed mappings of every source clause to target sections, with this institution's decisions and the coverage report. */
export async function compare(deps: Deps, actor: Actor, sourceId: string, targetId: string, top: number) {
  const [source, target] = await Promise.all([readable(deps, actor, sourceId), readable(deps, actor, targetId)]);
  if (!source.current_version_id || !target.current_version_id) throw notFound('Version');
  const [sourceTree, targetTree] = await Promise.all([versionTree(deps, source.current_version_id), versionTree(deps, target.current_version_id)]);
  // Coverage looks further down each list than the page shows, so a section that is only a
  // fourth-best candidate still counts as (partly) covered.
  const wide = compareRegulations({ title: source.title, form: 'article', clauses: sourceTree, unplaced: [] }, { title: target.title, form: 'outline', clauses: targetTree, unplaced: [] }, { top: Math.max(top, COVERAGE_DEPTH) });
  const result = { ...wide, mappings: wide.mappings.map((m) => ({ ...m, candidates: m.candidates.slice(0, top) })) };
  const decisionRows = actor.institutionId ? await repo.decisionsFor(deps.db, actor.institutionId, sourceId, targetId) : [];
  const decisions = decisionRows.map((d) => ({ sourceCitation: d.source_citation, targetCitation: d.target_citation, status: d.status, relationship: d.relationship, rationale: d.rationale, decidedAt: d.decided_at }));
  const coverage = coverageReport(targetTree, wide, decisions, COVERAGE_THRESHOLDS);
  return { source: { id: source.id, title: source.title }, target: { id: target.id, title: target.title }, ...result, decisions, coverage };
}

export interface DecisionInput {
  sourceId: string;
  targetId: string;
  sourceCitation: string;
  targetCitation: string;
  status: 'confirmed' | 'rejected' | 'undecided';
  relationship: 'equal' | 'subset' | 'superset' | 'intersect' | 'not_related';
  rationale?: string | undefined;
  score?: number | undefined;
}

/** A person confirms, rejects or picks another mapping; kept per institution and reused on later comparisons. */
export async function decide(deps: Deps, actor: Actor, input: DecisionInput) {
  if (!actor.institutionId || !actor.userId || !can.manageRegulations(actor, actor.institutionId)) throw forbidden();
  await Promise.all([readable(deps, actor, input.sourceId), readable(deps, actor, input.targetId)]);
  const institutionId = actor.institutionId;
  await deps.db.transaction().execute(async (trx) => {
    if (input.status === 'undecided') {
      await repo.deleteDecision(trx, institutionId, input.sourceId, input.sourceCitation, input.targetId, input.targetCitation);
    } else {
      await repo.upsertDecision(trx, {
        id: newId(), institution_id: institutionId, source_regulation_id: input.sourceId, source_citation: input.sourceCitation,
        target_regulation_id: input.targetId, target_citation: input.targetCitation, relationship: input.relationship, status: input.status,
        score: input.score ?? null, rationale: input.rationale ?? null, decided_by: actor.userId!, decided_at: deps.now().toISOString(),
      });
    }
    await recordAudit(trx, actor, { action: `mapping.${input.status}`, objectType: 'clause_mapping', objectId: `${input.sourceCitation}→${input.targetCitation}`, changes: input });
  });
}

/** A checklist template (for self-inspections and audits) from a document or a selection of its clauses. */
export async function createChecklist(deps: Deps, actor: Actor, input: { regulationId: string; title: string; citations?: string[] | undefined }) {
  if (!actor.institutionId || !actor.userId || !can.manageRegulations(actor, actor.institutionId)) throw forbidden();
  const reg = await readable(deps, actor, input.regulationId);
  const rows = await repo.clausesOf(deps.db, reg.current_version_id ?? '');
  const wanted = input.citations ? new Set(input.citations) : null;
  const picked = rows.filter((r) => r.assessable && r.text && (!wanted || wanted.has(r.citation)));
  if (!picked.length) throw new AppError('validation', 'チェック項目にできる条項がありません', [{ path: 'body.citations', message: 'no clauses' }]);
  const templateId = newId();
  const items = picked.map((r, i) => ({ id: newId(), template_id: templateId, ord: i, citation: r.citation, heading: r.heading, text: r.text }));
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertChecklist(trx, {
      id: templateId, institution_id: actor.institutionId!, title: input.title, source_regulation_id: reg.id, source_version_id: reg.current_version_id,
      created_by: actor.userId!, created_at: deps.now().toISOString(),
    }, items);
    await recordAudit(trx, actor, { action: 'checklist.create', objectType: 'checklist_template', objectId: templateId, changes: { title: input.title, regulationId: reg.id, items: items.length } });
  });
  return { id: templateId, items: items.length };
}

export async function listChecklists(deps: Deps, actor: Actor) {
  if (!actor.institutionId) throw forbidden();
  return (await repo.checklistsOf(deps.db, actor.institutionId)).map((c) => ({ id: c.id, title: c.title, regulationId: c.source_regulation_id, createdAt: c.created_at, items: Number(c.items) }));
}

export async function getChecklist(deps: Deps, actor: Actor, id: string) {
  const t = await repo.findChecklist(deps.db, id);
  if (!t || (t.institution_id !== actor.institutionId && !isConsortiumAdmin(actor))) throw notFound('Checklist');
  const items = await repo.checklistItems(deps.db, id);
  return { id: t.id, title: t.title, regulationId: t.source_regulation_id, createdAt: t.created_at, items: items.map((i) => ({ citation: i.citation, heading: i.heading, text: i.text })) };
}
