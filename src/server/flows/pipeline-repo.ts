/**
 * SQL for the live flow pipeline: a cheap fingerprint of everything the matcher is built from,
 * so the pipeline can tell (every few seconds) whether it must rebuild.
 */
import type { Db } from '../db/index.ts';

/**
 * Indicators change only through imports (upserts, each recorded in indicator_imports), sources
 * through enabling/disabling, the registry through adding/removing prefixes. Counts and latest
 * instants of those small tables change whenever any of it does; none scans `indicators`.
 */
export async function registryFingerprint(db: Db): Promise<string> {
  const [imports, sources, networks] = await Promise.all([
    db.selectFrom('indicator_imports').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('imported_at').as('at')]).executeTakeFirstOrThrow(),
    db
      .selectFrom('indicator_sources')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('disabled_at').as('disabled'), eb.fn.max('disabled_at').as('at'), eb.fn.max('last_import_at').as('imported')])
      .executeTakeFirstOrThrow(),
    db.selectFrom('institution_networks').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('at')]).where('kind', '=', 'prefix').executeTakeFirstOrThrow(),
  ]);
  return [imports.n, imports.at, sources.n, sources.disabled, sources.at, sources.imported, networks.n, networks.at].map((v) => String(v ?? '')).join('|');
}

/** The registry's address prefixes (not domains) of member institutions (alerts go to members only), with their institution. */
export const memberPrefixes = (db: Db) =>
  db
    .selectFrom('institution_networks')
    .innerJoin('institutions', 'institutions.id', 'institution_networks.institution_id')
    .select(['institution_networks.id', 'institution_networks.institution_id', 'institution_networks.value'])
    .where('institution_networks.kind', '=', 'prefix')
    .where('institutions.kind', '=', 'member')
    .orderBy('institution_networks.institution_id')
    .orderBy('institution_networks.value')
    .execute();

/** Indicator types the flow matcher can use (domains, URLs and hashes cannot match flow addresses). */
export const ADDRESS_TYPES = ['ipv4', 'ipv6', 'cidr', 'range'] as const;

/**
 * Address indicators that match at `at` (enabled source, not expired), only the columns the
 * matcher needs, in pages by id (keyset paging: each page is an index range scan).
 */
export async function* matchableIndicators(db: Db, at: string, pageSize = 50_000) {
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('indicators')
      .innerJoin('indicator_sources', 'indicator_sources.id', 'indicators.source_id')
      .select(['indicators.id', 'indicators.type', 'indicators.value', 'indicators.confidence', 'indicators.valid_until'])
      .where('indicator_sources.disabled_at', 'is', null)
      .where('indicators.type', 'in', [...ADDRESS_TYPES])
      .where((eb) => eb.or([eb('indicators.valid_until', 'is', null), eb('indicators.valid_until', '>', at)]))
      .where('indicators.id', '>', after)
      .orderBy('indicators.id')
      .limit(pageSize)
      .execute();
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}
