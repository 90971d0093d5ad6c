import { type Kysely, sql } from 'kysely';
import { timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);

  await db.schema
    .createTable('indicator_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('default_category', 'text')
    .addColumn('default_confidence', 'integer')
    .addColumn('default_tlp', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_import_at', ts)
    .addColumn('disabled_at', ts)
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('indicator_sources.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('confidence', 'integer')
    .addColumn('first_seen', ts)
    .addColumn('last_seen', ts)
    .addColumn('valid_until', ts)
    .addColumn('tlp', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('indicators_source_value_uq', ['source_id', 'type', 'value'])
    .execute();
  await db.schema.createIndex('indicators_value_idx').on('indicators').column('value').execute();
  await db.schema.createIndex('indicators_valid_idx').on('indicators').columns(['valid_until']).execute();

  await db.schema
    .createTable('indicator_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('indicator_sources.id').onDelete('cascade'))
    .addColumn('filename', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', ts, (c) => c.notNull())
    .execute();

  // Each member's address space and domains: an address belongs to the most specific prefix.
  await db.schema
    .createTable('institution_networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('prefix', 'domain')`))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('institution_networks_value_uq', ['kind', 'value'])
    .execute();
  await db.schema.createIndex('institution_networks_institution_idx').on('institution_networks').column('institution_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['institution_networks', 'indicator_imports', 'indicators', 'indicator_sources']) await db.schema.dropTable(t).ifExists().execute();
}
