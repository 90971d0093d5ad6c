import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
//
// Consortium sharing of incident reports. `shared_reports` holds only what other members may read
// (redacted texts, TLP, no originator). Who reported it (institution, incident, author) and the
// original texts live in `shared_report_origins`, which only the originator's queries read.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  await db.schema
    .createTable('shared_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('tlp', 'text', (c) => c.notNull().check(sql`tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`))
    // Redacted texts; empty while a draft.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('products', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cves', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('indicators', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('occurred_at', ts)
    .addColumn('disclosed', 'integer', (c) => c.notNull().defaultTo(0).check(sql`disclosed in (0, 1)`))
    .addColumn('published_at', ts)
    .execute();
  await db.schema.createIndex('shared_reports_published_idx').on('shared_reports').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('shared_report_origins')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('shared_reports.id').onDelete('cascade'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    // JSON: { title, summary, body } as written, and the proposals per field.
    .addColumn('original', 'text', (c) => c.notNull())
    .addColumn('proposals', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shared_report_origins_inst_idx').on('shared_report_origins').columns(['institution_id']).execute();

  await db.schema
    .createTable('shared_report_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('shared_reports.id').onDelete('cascade'))
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('by_originator', 'integer', (c) => c.notNull().check(sql`by_originator in (0, 1)`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shared_report_comments_report_idx').on('shared_report_comments').columns(['report_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['shared_report_comments', 'shared_report_origins', 'shared_reports']) await db.schema.dropTable(t).execute();
}
