import type { Db, Trx } from '../../db/index.ts';
import type { ChecklistItemsTable, ChecklistTemplatesTable, ClauseMappingsTable, RegulationClausesTable, RegulationVersionsTable, RegulationsTable } from '../../db/schema.ts';

type Q = Db | Trx;
export type RegulationRow = RegulationsTable;
export type VersionRow = RegulationVersionsTable;
export type ClauseRow = RegulationClausesTable;
export type MappingRow = ClauseMappingsTable;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface RegulationFilter {
  /** The viewer's institution: its own documents plus everything shared with the consortium. */
  viewerInstitutionId: string | null;
  /** Consortium operators and administrators see every document's existence, still not private text. */
  scope: 'visible' | 'mine' | 'shared';
  q?: string | undefined;
  institutionId?: string | undefined;
}

function visible(db: Q, f: RegulationFilter) {
  let q = db.selectFrom('regulations').innerJoin('institutions', 'institutions.id', 'regulations.institution_id');
  if (f.scope === 'mine') q = q.where('regulations.institution_id', '=', f.viewerInstitutionId ?? '');
  else if (f.scope === 'shared') q = q.where('regulations.visibility', '=', 'consortium');
  else q = q.where((eb) => eb.or([eb('regulations.visibility', '=', 'consortium'), eb('regulations.institution_id', '=', f.viewerInstitutionId ?? '')]));
  if (f.institutionId) q = q.where('regulations.institution_id', '=', f.institutionId);
  if (f.q) q = q.where('regulations.title', 'like', `%${escapeLike(f.q)}%`);
  return q;
}

export async function listRegulations(db: Q, f: RegulationFilter, offset: number, limit: number) {
  const [rows, total] = await Promise.all([
    visible(db, f)
      .leftJoin('regulation_versions', 'regulation_versions.id', 'regulations.current_version_id')
      .select([
        'regulations.id', 'regulations.title', 'regulations.kind', 'regulations.visibility', 'regulations.confidentiality',
        'regulations.institution_id', 'regulations.updated_at', 'institutions.name_ja as institution_name_ja', 'institutions.name_en as institution_name_en',
        'regulation_versions.version_no', 'regulation_versions.clause_count', 'regulation_versions.label as version_label',
      ])
      .orderBy('regulations.updated_at', 'desc')
      .orderBy('regulations.id')
      .offset(offset)
      .limit(limit)
      .execute(),
    visible(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const institutionNames = (db: Q, id: string) => db.selectFrom('institutions').select(['name_ja', 'name_en']).where('id', '=', id).executeTakeFirst();

export const findRegulation = (db: Q, id: string) => db.selectFrom('regulations').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertRegulation(db: Q, row: RegulationRow): Promise<void> {
  await db.insertInto('regulations').values(row).execute();
}

export async function updateRegulation(db: Q, id: string, patch: Partial<RegulationRow>): Promise<void> {
  await db.updateTable('regulations').set(patch).where('id', '=', id).execute();
}

export const versionsOf = (db: Q, regulationId: string) =>
  db.selectFrom('regulation_versions').selectAll().where('regulation_id', '=', regulationId).orderBy('version_no', 'desc').execute();

export const findVersion = (db: Q, id: string) => db.selectFrom('regulation_versions').selectAll().where('id', '=', id).executeTakeFirst();

export async function nextVersionNo(db: Q, regulationId: string): Promise<number> {
  const r = await db.selectFrom('regulation_versions').select((eb) => eb.fn.max('version_no').as('n')).where('regulation_id', '=', regulationId).executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

export async function insertVersion(db: Q, row: VersionRow, clauses: ClauseRow[]): Promise<void> {
  await db.insertInto('regulation_versions').values(row).execute();
  // Batches keep each statement under SQLite's variable limit.
  for (let i = 0; i < clauses.length; i += 200) await db.insertInto('regulation_clauses').values(clauses.slice(i, i + 200)).execute();
}

export const clausesOf = (db: Q, versionId: string) =>
  db.selectFrom('regulation_clauses').selectAll().where('version_id', '=', versionId).orderBy('ord').execute();

/** Clause search over the current versions of the given regulations; every word must occur. */
export async function searchClauses(db: Q, regulationIds: string[], words: string[], limit: number) {
  if (!regulationIds.length || !words.length) return [];
  let q = db
    .selectFrom('regulation_clauses')
    .innerJoin('regulations', 'regulations.current_version_id', 'regulation_clauses.version_id')
    .select(['regulations.id as regulation_id', 'regulations.title', 'regulation_clauses.citation', 'regulation_clauses.heading', 'regulation_clauses.text', 'regulation_clauses.ord'])
    .where('regulations.id', 'in', regulationIds);
  for (const w of words) {
    const like = `%${escapeLike(w)}%`;
    q = q.where((eb) => eb.or([eb('regulation_clauses.text', 'like', like), eb('regulation_clauses.heading', 'like', like)]));
  }
  return q.orderBy('regulations.title').orderBy('regulation_clauses.ord').limit(limit).execute();
}

export async function visibleRegulationIds(db: Q, viewerInstitutionId: string | null): Promise<string[]> {
  const rows = await visible(db, { viewerInstitutionId, scope: 'visible' }).select('regulations.id').execute();
  return rows.map((r) => r.id);
}

export const decisionsFor = (db: Q, institutionId: string, sourceId: string, targetId: string) =>
  db
    .selectFrom('clause_mappings')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('source_regulation_id', '=', sourceId)
    .where('target_regulation_id', '=', targetId)
    .execute();

export async function upsertDecision(db: Q, row: MappingRow): Promise<void> {
  await db
    .insertInto('clause_mappings')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['institution_id', 'source_regulation_id', 'source_citation', 'target_regulation_id', 'target_citation']).doUpdateSet({
        relationship: row.relationship, status: row.status, score: row.score, rationale: row.rationale, decided_by: row.decided_by, decided_at: row.decided_at,
      }),
    )
    .execute();
}

export async function deleteDecision(db: Q, institutionId: string, sourceId: string, sourceCitation: string, targetId: string, targetCitation: string) {
  await db
    .deleteFrom('clause_mappings')
    .where('institution_id', '=', institutionId)
    .where('source_regulation_id', '=', sourceId)
    .where('source_citation', '=', sourceCitation)
    .where('target_regulation_id', '=', targetId)
    .where('target_citation', '=', targetCitation)
    .execute();
}

export async function insertChecklist(db: Q, template: ChecklistTemplatesTable, items: ChecklistItemsTable[]): Promise<void> {
  await db.insertInto('checklist_templates').values(template).execute();
  for (let i = 0; i < items.length; i += 200) await db.insertInto('checklist_items').values(items.slice(i, i + 200)).execute();
}

export const checklistsOf = (db: Q, institutionId: string) =>
  db
    .selectFrom('checklist_templates')
    .leftJoin('checklist_items', 'checklist_items.template_id', 'checklist_templates.id')
    .select(['checklist_templates.id', 'checklist_templates.title', 'checklist_templates.source_regulation_id', 'checklist_templates.created_at', (eb) => eb.fn.count<number>('checklist_items.id').as('items')])
    .where('checklist_templates.institution_id', '=', institutionId)
    .groupBy(['checklist_templates.id', 'checklist_templates.title', 'checklist_templates.source_regulation_id', 'checklist_templates.created_at'])
    .orderBy('checklist_templates.created_at', 'desc')
    .execute();

export const findChecklist = (db: Q, id: string) => db.selectFrom('checklist_templates').selectAll().where('id', '=', id).executeTakeFirst();
export const checklistItems = (db: Q, templateId: string) =>
  db.selectFrom('checklist_items').selectAll().where('template_id', '=', templateId).orderBy('ord').execute();
