import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { foldForSearch } from '../../../core/sharing/search.ts';
import { isPostgres, timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
//
// Shared reports after publication: TLP changes, withdrawal and dated addenda (追記), and a real text
// index. `shared_report_changes` and the drafts of `shared_report_addenda` are read only by the
// originator's queries; readers get the label changes without who or why, and published addenda.
// Search text is folded (NFKC, lower case; src/core/sharing/search.ts) before it is stored:
// SQLite indexes it with FTS5's trigram tokenizer, PostgreSQL with pg_trgm (GIN), and both answer
// the same substring semantics (terms of 1–2 characters by LIKE).
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  await db.schema.alterTable('shared_reports').addColumn('withdrawn_at', ts).execute();

  await db.schema
    .createTable('shared_report_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('shared_reports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('tlp', 'withdraw', 'addendum')`))
    .addColumn('from_tlp', 'text')
    .addColumn('to_tlp', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('by_originator', 'integer', (c) => c.notNull().check(sql`by_originator in (0, 1)`))
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shared_report_changes_report_idx').on('shared_report_changes').columns(['report_id', 'at']).execute();

  await db.schema
    .createTable('shared_report_addenda')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('shared_reports.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    // As written and the proposals (originator only); `body` is the redacted text, empty while a draft.
    .addColumn('original', 'text', (c) => c.notNull())
    .addColumn('proposals', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('published_at', ts)
    .execute();
  await db.schema.createIndex('shared_report_addenda_report_idx').on('shared_report_addenda').columns(['report_id', 'status']).execute();

  if (isPostgres(db)) {
    // pg_trgm ships with Debian's postgresql package and is a trusted extension (PostgreSQL 13+): the database owner may create it.
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create table shared_report_search (report_id text primary key references shared_reports(id) on delete cascade, content text not null)`.execute(db);
    await sql`create index shared_report_search_trgm_idx on shared_report_search using gin (content gin_trgm_ops)`.execute(db);
  } else {
    await sql`create virtual table shared_report_search using fts5(report_id unindexed, content, tokenize = 'trigram case_sensitive 1')`.execute(db);
  }
  const rows = await db.selectFrom('shared_reports').select(['id', 'title', 'summary', 'body']).where('status', '=', 'published').execute();
  for (const r of rows) {
    await db.insertInto('shared_report_search').values({ report_id: r.id, content: foldForSearch(`${r.title}\n${r.summary}\n${r.body}`) }).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table shared_report_search`.execute(db);
  for (const t of ['shared_report_addenda', 'shared_report_changes']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('shared_reports').dropColumn('withdrawn_at').execute();
}
