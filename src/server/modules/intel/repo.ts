import type { Db, Trx } from '../../db/index.ts';
import type { IndicatorImportsTable, IndicatorSourcesTable, IndicatorsTable, InstitutionNetworksTable } from '../../db/schema.ts';

type Q = Db | Trx;
export type SourceRow = IndicatorSourcesTable;
export type IndicatorRow = IndicatorsTable;
export type NetworkRow = InstitutionNetworksTable;

export const listSources = (db: Q) => db.selectFrom('indicator_sources').selectAll().orderBy('name').execute();
export const findSource = (db: Q, id: string) => db.selectFrom('indicator_sources').selectAll().where('id', '=', id).executeTakeFirst();
export const findSourceByName = (db: Q, name: string) => db.selectFrom('indicator_sources').selectAll().where('name', '=', name).executeTakeFirst();

export async function insertSource(db: Q, row: SourceRow): Promise<void> {
  await db.insertInto('indicator_sources').values(row).execute();
}

export async function updateSource(db: Q, id: string, patch: Partial<SourceRow>): Promise<void> {
  await db.updateTable('indicator_sources').set(patch).where('id', '=', id).execute();
}

export async function countBySource(db: Q): Promise<Map<string, number>> {
  const rows = await db.selectFrom('indicators').select(['source_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('source_id').execute();
  return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
}

/** Keys (type + value) of the indicators a source already has, to tell additions from updates. */
export async function existingKeys(db: Q, sourceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('indicators').select(['type', 'value']).where('source_id', '=', sourceId).execute();
  return new Set(rows.map((r) => `${r.type} ${r.value}`));
}

export async function upsertIndicators(db: Q, rows: IndicatorRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('indicators')
      .values(rows.slice(i, i + 400))
      .onConflict((oc) =>
        oc.columns(['source_id', 'type', 'value']).doUpdateSet((eb) => ({
          category: eb.ref('excluded.category'), confidence: eb.ref('excluded.confidence'), first_seen: eb.ref('excluded.first_seen'),
          last_seen: eb.ref('excluded.last_seen'), valid_until: eb.ref('excluded.valid_until'), tlp: eb.ref('excluded.tlp'), tags: eb.ref('excluded.tags'),
          external_id: eb.ref('excluded.external_id'), description: eb.ref('excluded.description'), updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function insertImport(db: Q, row: IndicatorImportsTable): Promise<void> {
  await db.insertInto('indicator_imports').values(row).execute();
}

export const importsOf = (db: Q, sourceId: string) =>
  db.selectFrom('indicator_imports').selectAll().where('source_id', '=', sourceId).orderBy('imported_at', 'desc').limit(50).execute();

export interface IndicatorFilter {
  q?: string | undefined;
  type?: string | undefined;
  category?: string | undefined;
  sourceId?: string | undefined;
  /** Only those still matching at this instant. */
  activeAt?: string | undefined;
}

function filtered(db: Q, f: IndicatorFilter) {
  let q = db.selectFrom('indicators').innerJoin('indicator_sources', 'indicator_sources.id', 'indicators.source_id');
  if (f.q) q = q.where('indicators.value', 'like', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.type) q = q.where('indicators.type', '=', f.type);
  if (f.category) q = q.where('indicators.category', '=', f.category);
  if (f.sourceId) q = q.where('indicators.source_id', '=', f.sourceId);
  if (f.activeAt) {
    const at = f.activeAt;
    q = q.where('indicator_sources.disabled_at', 'is', null).where((eb) => eb.or([eb('indicators.valid_until', 'is', null), eb('indicators.valid_until', '>', at)]));
  }
  return q;
}

export async function listIndicators(db: Q, f: IndicatorFilter, offset: number, limit: number) {
  const [rows, total] = await Promise.all([
    filtered(db, f).selectAll('indicators').select('indicator_sources.name as source_name').orderBy('indicators.updated_at', 'desc').orderBy('indicators.id').offset(offset).limit(limit).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Every indicator that matches now, in pages, for building the matcher's index. */
export async function* activeIndicators(db: Q, at: string, pageSize = 10_000): AsyncGenerator<IndicatorRow[]> {
  let after = '';
  for (;;) {
    const page = await filtered(db, { activeAt: at }).selectAll('indicators').where('indicators.id', '>', after).orderBy('indicators.id').limit(pageSize).execute();
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

export const networksOf = (db: Q, institutionId: string) =>
  db.selectFrom('institution_networks').selectAll().where('institution_id', '=', institutionId).orderBy('kind').orderBy('value').execute();
export const allNetworks = (db: Q) => db.selectFrom('institution_networks').selectAll().execute();
/**
 * Address prefixes (not domains) of member institutions, earliest registration first (between
 * two entries of the same size the first added wins the prefix set's tie).
 */
export const memberPrefixes = (db: Q) =>
  db
    .selectFrom('institution_networks')
    .innerJoin('institutions', 'institutions.id', 'institution_networks.institution_id')
    .select(['institution_networks.id', 'institution_networks.institution_id', 'institution_networks.value'])
    .where('institution_networks.kind', '=', 'prefix')
    .where('institutions.kind', '=', 'member')
    .orderBy('institution_networks.created_at')
    .orderBy('institution_networks.id')
    .execute();
export const findNetwork = (db: Q, id: string) => db.selectFrom('institution_networks').selectAll().where('id', '=', id).executeTakeFirst();
export const findNetworkByValue = (db: Q, kind: string, value: string) =>
  db.selectFrom('institution_networks').selectAll().where('kind', '=', kind as NetworkRow['kind']).where('value', '=', value).executeTakeFirst();

export async function insertNetwork(db: Q, row: NetworkRow): Promise<void> {
  await db.insertInto('institution_networks').values(row).execute();
}

export async function deleteNetwork(db: Q, id: string): Promise<void> {
  await db.deleteFrom('institution_networks').where('id', '=', id).execute();
}
