/**
 * SQL for the live flow pipeline: a cheap fingerprint of everything the matcher is built from,
 * so the pipeline can tell (every few seconds) whether it must rebuild, and the matchable
 * indicators streamed row by row for the rebuild. (The registry's prefixes come from the intel
 * service's `memberAddressMap`, the map the flow-alert ingest checks sightings against.)
 */
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
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

/** Indicator types the flow matcher can use (domains match DNS logs only; URLs and hashes nothing). */
export const ADDRESS_TYPES = ['ipv4', 'ipv6', 'cidr', 'range'] as const;

/** One matchable indicator, as positional values (no object per row). `validUntil`: ms since the epoch, or null. */
export type IndicatorSink = (id: string, value: string, confidence: number | null, validUntil: number | null) => void;

/** Rows handed to the sink between two turns of the event loop (the collector keeps receiving meanwhile). */
const SLICE = 20_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Indicator types a caller may stream (the list is inlined into SQL: fixed names only). */
export type MatchableType = (typeof ADDRESS_TYPES)[number] | 'domain';
const typesSql = (types: readonly MatchableType[]) => types.map((t) => `'${t.replace(/[^a-z0-9]/g, '')}'`).join(', ');

/**
 * A row as one line of text, `value confidence until id` (empty fields for NULL): one string
 * per row crosses from the driver instead of an array of five values, which is most of the
 * cost of reading a million rows. None of the fields holds a space (normalised addresses,
 * integers, ISO instants or epoch milliseconds, ids).
 */
function splitLine(line: string, sink: IndicatorSink, untilIsEpoch: boolean): void {
  const a = line.indexOf(' ');
  const b = line.indexOf(' ', a + 1);
  const c = line.indexOf(' ', b + 1);
  const until = c > b + 1 ? line.slice(b + 1, c) : null;
  sink(line.slice(c + 1), line.slice(0, a), b > a + 1 ? Number(line.slice(a + 1, b)) : null, until === null ? null : untilIsEpoch ? Number(until) : Date.parse(until));
}

/**
 * Streams the address indicators that match at `at` (enabled source, not expired) to `sink`, only
 * the columns the matcher needs, in no particular order (the caller orders by confidence), and
 * resolves with the number of rows. One consistent read:
 *
 * - SQLite (a file): a separate read-only connection (WAL: writers go on meanwhile) runs one full
 *   scan of `indicators` (NOT INDEXED: walking an index and fetching each row would be a random
 *   read per row), each row one string (`pluck`) through better-sqlite3's `iterate()`.
 * - PostgreSQL: a server-side cursor in a read-only transaction, fetched in pages of one-string rows.
 * - SQLite in memory (no second connection can see it): keyset pages through `db`.
 */
export async function streamMatchableIndicators(db: Db, database: Config['database'], at: string, sink: IndicatorSink, types: readonly MatchableType[] = ADDRESS_TYPES): Promise<number> {
  if (database.kind === 'sqlite' && database.file !== ':memory:') return streamSqlite(database.file, at, sink, types);
  if (database.kind === 'postgres') return streamPostgres(db, at, sink, types);
  return streamPages(db, at, sink, types);
}

async function streamSqlite(file: string, at: string, sink: IndicatorSink, types: readonly MatchableType[]): Promise<number> {
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    conn.pragma('busy_timeout = 5000');
    const stmt = conn.prepare(
      `SELECT i.value || ' ' || ifnull(i.confidence, '') || ' ' || ifnull(i.valid_until, '') || ' ' || i.id FROM indicators AS i NOT INDEXED
       WHERE i.type IN (${typesSql(types)}) AND (i.valid_until IS NULL OR i.valid_until > ?)
         AND i.source_id IN (SELECT s.id FROM indicator_sources AS s WHERE s.disabled_at IS NULL)`,
    ).pluck(true);
    let n = 0;
    // The iterator holds a read transaction open across the pauses: one snapshot for the whole scan.
    for (const line of stmt.iterate(at) as IterableIterator<string>) {
      splitLine(line, sink, false);
      if (++n % SLICE === 0) await yieldToLoop();
    }
    return n;
  } finally {
    conn.close();
  }
}

async function streamPostgres(db: Db, at: string, sink: IndicatorSink, types: readonly MatchableType[]): Promise<number> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    // Every row is read: plan for all of them (a cursor is otherwise planned for its first 10 %, e.g. an index walk).
    await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(trx);
    await sql`DECLARE renkei_matchable NO SCROLL CURSOR FOR
      SELECT i.value || ' ' || coalesce(i.confidence::text, '') || ' ' || coalesce((extract(epoch FROM i.valid_until) * 1000)::bigint::text, '') || ' ' || i.id AS line
      FROM indicators AS i JOIN indicator_sources AS s ON s.id = i.source_id
      WHERE s.disabled_at IS NULL AND i.type IN (${sql.join([...types])}) AND (i.valid_until IS NULL OR i.valid_until > ${at}::timestamptz)`.execute(trx);
    let n = 0;
    for (;;) {
      const page = await sql<{ line: string }>`FETCH ${sql.raw(String(SLICE))} FROM renkei_matchable`.execute(trx);
      for (const r of page.rows) splitLine(r.line, sink, true);
      n += page.rows.length;
      if (page.rows.length < SLICE) break;
    }
    await sql`CLOSE renkei_matchable`.execute(trx);
    return n;
  });
}

/** Keyset pages by id (each page an index range scan). */
async function streamPages(db: Db, at: string, sink: IndicatorSink, types: readonly MatchableType[], pageSize = 50_000): Promise<number> {
  let after = '';
  let n = 0;
  for (;;) {
    const page = await db
      .selectFrom('indicators')
      .innerJoin('indicator_sources', 'indicator_sources.id', 'indicators.source_id')
      .select(['indicators.id', 'indicators.value', 'indicators.confidence', 'indicators.valid_until'])
      .where('indicator_sources.disabled_at', 'is', null)
      .where('indicators.type', 'in', [...types])
      .where((eb) => eb.or([eb('indicators.valid_until', 'is', null), eb('indicators.valid_until', '>', at)]))
      .where('indicators.id', '>', after)
      .orderBy('indicators.id')
      .limit(pageSize)
      .execute();
    for (const r of page) sink(r.id, r.value, r.confidence, r.valid_until === null ? null : Date.parse(r.valid_until));
    n += page.length;
    if (page.length < pageSize) return n;
    after = page[page.length - 1]!.id;
  }
}
