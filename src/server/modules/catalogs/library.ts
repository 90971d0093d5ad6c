import { type Actor, can } from '../../../core/access.ts';
import { LibraryFormatError, type Relationship, exportCisoAssistantLibrary, mappingUrnForCitation, parseCisoAssistantLibrary, renkeiLibraryUrn } from '../../../core/regulation/ciso-assistant.ts';
import { walkClauses } from '../../../core/regulation/types.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/secrets.ts';
import * as repo from './repo.ts';
import { rowsToTree } from './tree.ts';

/**
 * CISO Assistant libraries (YAML): frameworks come in as regulations of kind 'library';
 * mapping sets come in as confirmed clause mappings; Renkei's regulations and confirmed
 * mappings go out as libraries CISO Assistant can load.
 */
export function parseLibrary(text: string) {
  try {
    return parseCisoAssistantLibrary(text);
  } catch (err) {
    if (err instanceof LibraryFormatError) throw new AppError('validation', `CISO Assistant ライブラリとして読めません: ${err.message}`, [{ path: 'file', message: err.message }]);
    throw err;
  }
}

/** Our own regulations are exported under urn:renkei:risk:framework:reg-<id>. */
const frameworkUrnOf = (regulationId: string) => renkeiLibraryUrn(`reg-${regulationId}`).replace(':library:', ':framework:');

async function readableRegulation(deps: Deps, actor: Actor, id: string) {
  const reg = await repo.findRegulation(deps.db, id);
  if (!reg || !can.readRegulation(actor, { institutionId: reg.institution_id, visibility: reg.visibility })) throw notFound('Regulation');
  return reg;
}

export async function exportRegulation(deps: Deps, actor: Actor, id: string): Promise<{ filename: string; yaml: string }> {
  const reg = await readableRegulation(deps, actor, id);
  const versions = await repo.versionsOf(deps.db, id);
  const current = versions.find((v) => v.id === reg.current_version_id);
  if (!current) throw notFound('Version');
  const yaml = exportCisoAssistantLibrary({
    urn: renkeiLibraryUrn(`reg-${reg.id}`), refId: `reg-${reg.id}`, name: reg.title, locale: 'ja', provider: 'Renkei',
    version: current.version_no, clauses: rowsToTree(await repo.clausesOf(deps.db, current.id)),
  });
  return { filename: `renkei-${reg.id}-v${current.version_no}.yaml`, yaml };
}

/** Node URN -> citation for a regulation, whether it came from a library (its own URNs) or is ours. */
async function nodeCitations(deps: Deps, reg: repo.RegulationRow): Promise<Map<string, string>> {
  const rows = await repo.clausesOf(deps.db, reg.current_version_id ?? '');
  const out = new Map<string, string>();
  const frameworkUrn = frameworkUrnOf(reg.id);
  for (const r of rows) {
    if (r.key.startsWith('urn:')) out.set(r.key, r.citation);
    out.set(mappingUrnForCitation(frameworkUrn, r.citation), r.citation);
  }
  return out;
}

export async function exportMappings(deps: Deps, actor: Actor, sourceId: string, targetId: string) {
  if (!actor.institutionId) throw forbidden();
  const [source, target] = await Promise.all([readableRegulation(deps, actor, sourceId), readableRegulation(deps, actor, targetId)]);
  const decisions = (await repo.decisionsFor(deps.db, actor.institutionId, sourceId, targetId)).filter((d) => d.status === 'confirmed');
  const [sourceNodes, targetNodes] = await Promise.all([nodeCitations(deps, source), nodeCitations(deps, target)]);
  const urnFor = (reg: repo.RegulationRow, nodes: Map<string, string>, citation: string) =>
    [...nodes.entries()].find(([urn, c]) => c === citation && urn.startsWith('urn:') && (reg.external_ref ? !urn.startsWith('urn:renkei:') : true))?.[0] ??
    mappingUrnForCitation(reg.external_ref ?? frameworkUrnOf(reg.id), citation);
  const sourceFrameworkUrn = source.external_ref ?? frameworkUrnOf(source.id);
  const targetFrameworkUrn = target.external_ref ?? frameworkUrnOf(target.id);
  return exportCisoAssistantLibrary({
    urn: renkeiLibraryUrn(`mapping-${source.id.slice(0, 8)}-${target.id.slice(0, 8)}`), refId: `mapping-${source.id.slice(0, 8)}-${target.id.slice(0, 8)}`,
    name: `${source.title} → ${target.title}`, locale: 'ja', provider: 'Renkei', version: Math.max(1, decisions.length), clauses: [],
    mappings: {
      sourceFrameworkUrn, targetFrameworkUrn,
      mappings: decisions.map((d) => ({
        sourceUrn: urnFor(source, sourceNodes, d.source_citation), targetUrn: urnFor(target, targetNodes, d.target_citation),
        relationship: d.relationship as Relationship, rationale: d.rationale,
      })),
    },
  });
}

export interface MappingImportReport {
  sets: { name: string; source: string | null; target: string | null; taken: number; skipped: { source: string; target: string; reason: string }[] }[];
  warnings: { path: string; message: string }[];
}

/** Mapping sets between regulations this institution can see become its confirmed mappings; the report says what was not taken. */
export async function importMappings(deps: Deps, actor: Actor, yamlText: string): Promise<MappingImportReport> {
  if (!actor.institutionId || !actor.userId || !can.manageRegulations(actor, actor.institutionId)) throw forbidden();
  const lib = parseLibrary(yamlText);
  if (!lib.mappingSets.length) throw new AppError('validation', 'このファイルには対応づけ（requirement_mapping_sets）がありません', [{ path: 'file', message: 'no mapping sets' }]);
  const visible = await repo.listRegulations(deps.db, { viewerInstitutionId: actor.institutionId, scope: 'visible' }, 0, 10_000);
  const all = await Promise.all(visible.rows.map((r) => repo.findRegulation(deps.db, r.id)));
  const byFramework = new Map<string, repo.RegulationRow>();
  for (const r of all) {
    if (!r) continue;
    if (r.external_ref) byFramework.set(r.external_ref.toLowerCase(), r);
    byFramework.set(frameworkUrnOf(r.id), r);
  }
  const report: MappingImportReport = { sets: [], warnings: lib.warnings };
  const now = deps.now().toISOString();
  // Resolve everything before the transaction: on SQLite a read outside it would wait for it to end.
  const rows: repo.MappingRow[] = [];
  for (const set of lib.mappingSets) {
    const source = byFramework.get(set.sourceFrameworkUrn);
    const target = byFramework.get(set.targetFrameworkUrn);
    const entry: MappingImportReport['sets'][number] = { name: set.name, source: source?.title ?? null, target: target?.title ?? null, taken: 0, skipped: [] };
    report.sets.push(entry);
    if (!source || !target) {
      for (const m of set.mappings) entry.skipped.push({ source: m.sourceUrn, target: m.targetUrn, reason: `framework not imported: ${!source ? set.sourceFrameworkUrn : set.targetFrameworkUrn}` });
      continue;
    }
    const [sNodes, tNodes] = await Promise.all([nodeCitations(deps, source), nodeCitations(deps, target)]);
    for (const m of set.mappings) {
      const sc = sNodes.get(m.sourceUrn);
      const tc = tNodes.get(m.targetUrn);
      if (!sc || !tc) {
        entry.skipped.push({ source: m.sourceUrn, target: m.targetUrn, reason: `unknown requirement ${!sc ? m.sourceUrn : m.targetUrn}` });
        continue;
      }
      rows.push({
        id: newId(), institution_id: actor.institutionId, source_regulation_id: source.id, source_citation: sc, target_regulation_id: target.id,
        target_citation: tc, relationship: m.relationship, status: 'confirmed', score: null, rationale: m.rationale, decided_by: actor.userId, decided_at: now,
      });
      entry.taken++;
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    for (const row of rows) await repo.upsertDecision(trx, row);
    await recordAudit(trx, actor, { action: 'mapping.import', objectType: 'clause_mapping', changes: { sets: report.sets.map((s) => ({ name: s.name, taken: s.taken, skipped: s.skipped.length })) } });
  });
  return report;
}

/** Node URNs of a parsed library keep their identity as clause keys, so mapping imports can find them later. */
export function libraryPreview(text: string, frameworkIndex: number) {
  const lib = parseLibrary(text);
  const fw = lib.frameworks[frameworkIndex];
  if (!fw) throw new AppError('validation', lib.frameworks.length ? `framework ${frameworkIndex} はありません` : 'このファイルには要求事項（framework）がありません', [{ path: 'framework', message: 'not found' }]);
  let count = 0;
  for (const _ of walkClauses(fw.clauses)) count++;
  return {
    title: fw.name, form: 'library' as const, clauses: fw.clauses, unplaced: [], externalRef: fw.urn, clauseCount: count,
    library: { urn: lib.library.urn, name: lib.library.name, frameworks: lib.frameworks.map((f) => f.name), mappingSets: lib.mappingSets.length, warnings: lib.warnings },
  };
}
