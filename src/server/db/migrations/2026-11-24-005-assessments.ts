import { type Kysely, sql } from 'kysely';
import { isPostgres, timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
//
// One engine for self-inspections now and audits later: an `assessments` row is the engagement
// (its `kind` says which), `assessment_items` its scope of checklist items, and evidence is a
// record of its own, linked to items of any campaign or audit.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const bytes = isPostgres(db) ? sql`bytea` : sql`blob`;

  // kind and status carry no check constraint: audits will add their own kinds and states
  // (planned → fieldwork → reporting → response → closed); the service enforces them.
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.references('checklist_templates.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('deadline', ts, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('remind_before_days', 'text', (c) => c.notNull())
    .addColumn('remind_after_days', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('opened_at', ts)
    .addColumn('closed_at', ts)
    .execute();
  await db.schema.createIndex('assessments_institution_idx').on('assessments').columns(['institution_id', 'fiscal_year']).execute();
  await db.schema.createIndex('assessments_status_idx').on('assessments').columns(['status', 'deadline']).execute();

  // The scope: a snapshot of the template's items, so later edits of the template leave the year's record intact.
  await db.schema
    .createTable('assessment_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('chapter', 'text', (c) => c.notNull())
    .addColumn('heading', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_items_assessment_idx').on('assessment_items').columns(['assessment_id', 'ord']).execute();

  await db.schema
    .createTable('assessment_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('role', 'text')
    .addColumn('department', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('assessment_assignments_target_ck', sql`(user_id is null) <> (role is null)`)
    .execute();
  await db.schema.createIndex('assessment_assignments_item_idx').on('assessment_assignments').columns(['assessment_id', 'item_id']).execute();

  await db.schema
    .createTable('assessment_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('respondent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('department', 'text')
    .addColumn('result', 'text', (c) => c.check(sql`result in ('implemented', 'partial', 'not_implemented', 'not_applicable')`))
    .addColumn('comment', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted', 'accepted')`))
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', ts)
    .addColumn('submitted_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('assessment_answers_slot_uq', ['item_id', 'respondent_id'])
    .execute();
  await db.schema.createIndex('assessment_answers_assessment_idx').on('assessment_answers').columns(['assessment_id', 'status']).execute();

  // Evidence: a record of the institution, in versions; files are stored once per content hash.
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('file', 'link')`))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_institution_idx').on('evidence').columns(['institution_id', 'updated_at']).execute();

  await db.schema
    .createTable('evidence_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content', bytes as never, (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('evidence_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('filename', 'text')
    .addColumn('media_type', 'text')
    .addColumn('size_bytes', 'integer')
    .addColumn('sha256', 'text', (c) => c.references('evidence_blobs.sha256'))
    .addColumn('effective_from', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('evidence_versions_no_uq', ['evidence_id', 'version_no'])
    .execute();

  // Where evidence serves: an item of a campaign or audit, through an answer (self-inspection) or directly (audits).
  await db.schema
    .createTable('evidence_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('answer_id', 'text', (c) => c.references('assessment_answers.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_links_evidence_idx').on('evidence_links').columns(['evidence_id']).execute();
  await db.schema.createIndex('evidence_links_item_idx').on('evidence_links').columns(['assessment_id', 'item_id']).execute();
  await db.schema.createIndex('evidence_links_answer_idx').on('evidence_links').columns(['answer_id']).execute();

  await db.schema
    .createTable('improvement_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('answer_id', 'text', (c) => c.references('assessment_answers.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'cancelled')`))
    .addColumn('status_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .execute();
  await db.schema.createIndex('improvement_items_assessment_idx').on('improvement_items').columns(['assessment_id', 'status']).execute();
  await db.schema.createIndex('improvement_items_owner_idx').on('improvement_items').columns(['owner_id', 'status']).execute();

  // One reminder per respondent per stage (before-7, after-1 …): the periodic job is idempotent.
  await db.schema
    .createTable('assessment_reminders')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('sent_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_reminders_pk', ['assessment_id', 'user_id', 'stage'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['assessment_reminders', 'improvement_items', 'evidence_links', 'evidence_versions', 'evidence_blobs', 'evidence', 'assessment_answers', 'assessment_assignments', 'assessment_items', 'assessments']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
