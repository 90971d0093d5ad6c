import { type Kysely, sql } from 'kysely';
import { timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);

  await db.schema
    .createTable('regulations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('regulation', 'standard', 'library')`))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('private', 'consortium')`))
    .addColumn('confidentiality', 'integer', (c) => c.notNull().defaultTo(2))
    .addColumn('external_ref', 'text')
    .addColumn('current_version_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regulations_institution_idx').on('regulations').columns(['institution_id', 'title']).execute();
  await db.schema.createIndex('regulations_visibility_idx').on('regulations').columns(['visibility', 'title']).execute();

  await db.schema
    .createTable('regulation_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('regulation_id', 'text', (c) => c.notNull().references('regulations.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('source_filename', 'text')
    .addColumn('source_format', 'text', (c) => c.notNull())
    .addColumn('source_encoding', 'text')
    .addColumn('source_sha256', 'text')
    .addColumn('clause_count', 'integer', (c) => c.notNull())
    .addColumn('unplaced', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addUniqueConstraint('regulation_versions_no_uq', ['regulation_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('regulation_clauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('regulation_versions.id').onDelete('cascade'))
    .addColumn('parent_id', 'text')
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('heading', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('assessable', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('regulation_clauses_version_idx').on('regulation_clauses').columns(['version_id', 'ord']).execute();
  await db.schema.createIndex('regulation_clauses_citation_idx').on('regulation_clauses').columns(['version_id', 'citation']).execute();

  // Decisions on clause mappings, keyed by regulation and citation so that they carry over to new versions.
  await db.schema
    .createTable('clause_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('source_regulation_id', 'text', (c) => c.notNull().references('regulations.id').onDelete('cascade'))
    .addColumn('source_citation', 'text', (c) => c.notNull())
    .addColumn('target_regulation_id', 'text', (c) => c.notNull().references('regulations.id').onDelete('cascade'))
    .addColumn('target_citation', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull().check(sql`relationship in ('equal', 'subset', 'superset', 'intersect', 'not_related')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'rejected')`))
    .addColumn('score', 'real')
    .addColumn('rationale', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', ts, (c) => c.notNull())
    .addUniqueConstraint('clause_mappings_pair_uq', ['institution_id', 'source_regulation_id', 'source_citation', 'target_regulation_id', 'target_citation'])
    .execute();

  await db.schema
    .createTable('checklist_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_regulation_id', 'text', (c) => c.references('regulations.id').onDelete('set null'))
    .addColumn('source_version_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checklist_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull().references('checklist_templates.id').onDelete('cascade'))
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('heading', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checklist_items_template_idx').on('checklist_items').columns(['template_id', 'ord']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['checklist_items', 'checklist_templates', 'clause_mappings', 'regulation_clauses', 'regulation_versions', 'regulations']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
