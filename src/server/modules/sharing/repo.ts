/**
 * SQL of the sharing module that differs between engines or is shared by several steps: the text index,
 * and the changes after publication (TLP, withdrawal, addenda).
 */
import { sql } from 'kysely';
import { TRIGRAM_MIN, foldForSearch, ftsPhrase, likePattern, termLength } from '../../../core/sharing/search.ts';
import type { Db, Trx } from '../../db/index.ts';
import { isPostgres } from '../../db/dialect.ts';
import type { SharedReportChangesTable } from '../../db/schema.ts';

type Q = Db | Trx;

/**
 * Ids of the reports whose folded text contains every term. Terms of three characters or more go to the
 * trigram index (FTS5 MATCH with one phrase per term on SQLite, LIKE served by the pg_trgm GIN index on
 * PostgreSQL); shorter ones are matched with LIKE on the folded text. Same answer on both engines.
 */
export async function matchingReportIds(db: Q, terms: readonly string[]): Promise<Set<string>> {
  if (!terms.length) return new Set();
  let q = db.selectFrom('shared_report_search').select('report_id');
  const long = terms.filter((t) => termLength(t) >= TRIGRAM_MIN);
  const short = terms.filter((t) => termLength(t) < TRIGRAM_MIN);
  if (isPostgres(db)) {
    for (const t of terms) q = q.where(sql<boolean>`content like ${likePattern(t)} escape '\\'`);
  } else {
    if (long.length) q = q.where(sql<boolean>`shared_report_search match ${long.map(ftsPhrase).join(' AND ')}`);
    for (const t of short) q = q.where(sql<boolean>`content like ${likePattern(t)} escape '\\'`);
  }
  return new Set((await q.execute()).map((r) => r.report_id));
}

/** Puts a report's current published texts (and published addenda) into the index; removes it if not published. */
export async function reindex(db: Q, reportId: string): Promise<void> {
  await db.deleteFrom('shared_report_search').where('report_id', '=', reportId).execute();
  const r = await db.selectFrom('shared_reports').select(['status', 'title', 'summary', 'body', 'withdrawn_at']).where('id', '=', reportId).executeTakeFirst();
  if (!r || r.status !== 'published' || r.withdrawn_at) return;
  const addenda = await db.selectFrom('shared_report_addenda').select('body').where('report_id', '=', reportId).where('status', '=', 'published').orderBy('published_at').execute();
  const text = [r.title, r.summary, r.body, ...addenda.map((a) => a.body)].join('\n');
  await db.insertInto('shared_report_search').values({ report_id: reportId, content: foldForSearch(text) }).execute();
}

export async function insertChange(db: Q, row: SharedReportChangesTable): Promise<void> {
  await db.insertInto('shared_report_changes').values(row).execute();
}

export const changesOf = (db: Q, reportId: string) =>
  db.selectFrom('shared_report_changes').selectAll().where('report_id', '=', reportId).orderBy('at').orderBy('id').execute();

export const publishedAddendaOf = (db: Q, reportId: string) =>
  db.selectFrom('shared_report_addenda').select(['id', 'body', 'published_at']).where('report_id', '=', reportId).where('status', '=', 'published')
    .orderBy('published_at').orderBy('id').execute();

export const addendaOf = (db: Q, reportId: string) =>
  db.selectFrom('shared_report_addenda').selectAll().where('report_id', '=', reportId).orderBy('created_at').orderBy('id').execute();
