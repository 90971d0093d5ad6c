import { type Kysely, sql } from 'kysely';
import { timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
//
// Audits (mutual, internal, follow-up) on the assessments engine: an audit is an `assessments`
// row (kind mutual | internal | follow_up, institution_id = the auditee, owner_id = the lead
// auditor, deadline = the end of the fieldwork) with its scope in `assessment_items`; the
// tables below hold what only audits have.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);

  // The consortium's mutual audit plan for a fiscal year, and its pairs (auditor → auditee).
  await db.schema
    .createTable('audit_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull().unique())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_pairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('audit_plans.id').onDelete('cascade'))
    .addColumn('auditor_institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('auditee_institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('audit_id', 'text', (c) => c.references('assessments.id').onDelete('set null'))
    .addCheckConstraint('audit_pairs_not_self_ck', sql`auditor_institution_id <> auditee_institution_id`)
    .addUniqueConstraint('audit_pairs_uq', ['plan_id', 'auditor_institution_id', 'auditee_institution_id'])
    .execute();

  await db.schema
    .createTable('audits')
    .addColumn('assessment_id', 'text', (c) => c.primaryKey().references('assessments.id').onDelete('cascade'))
    .addColumn('auditing_institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('auditee_department', 'text')
    .addColumn('pair_id', 'text', (c) => c.references('audit_pairs.id').onDelete('set null'))
    .addColumn('previous_audit_id', 'text', (c) => c.references('assessments.id').onDelete('set null'))
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    // JSON: string[] of documents requested beforehand; {at, topic, attendees}[] of hearings.
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('hearings', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('auditor_accepted_by', 'text')
    .addColumn('auditor_accepted_at', ts)
    .addColumn('auditee_accepted_by', 'text')
    .addColumn('auditee_accepted_at', ts)
    .execute();
  await db.schema.createIndex('audits_auditing_idx').on('audits').columns(['auditing_institution_id']).execute();

  await db.schema
    .createTable('audit_team')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'member')`))
    // JSON string[]: the member's own areas of responsibility, declared on appointment.
    .addColumn('departments', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_team_pk', ['assessment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('audit_team_user_idx').on('audit_team').columns(['user_id']).execute();

  await db.schema
    .createTable('audit_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.references('assessment_items.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'provided')`))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('provided_by', 'text')
    .addColumn('provided_at', ts)
    .execute();
  await db.schema.createIndex('audit_requests_assessment_idx').on('audit_requests').columns(['assessment_id', 'due_date']).execute();

  // The evidence records (of the auditee) provided for a request, at the version current then.
  await db.schema
    .createTable('audit_request_evidence')
    .addColumn('request_id', 'text', (c) => c.notNull().references('audit_requests.id').onDelete('cascade'))
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_request_evidence_pk', ['request_id', 'evidence_id'])
    .execute();

  await db.schema
    .createTable('audit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('assessment_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('document_review', 'hearing')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_notes_item_idx').on('audit_notes').columns(['assessment_id', 'item_id']).execute();

  await db.schema
    .createTable('audit_ratings')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('assessment_items.id').onDelete('cascade'))
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('rating', 'text', (c) => c.notNull().check(sql`rating in ('conforming', 'minor_nc', 'major_nc', 'observation', 'good_practice')`))
    .addColumn('comment', 'text')
    .addColumn('rated_by', 'text', (c) => c.notNull())
    .addColumn('rated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_ratings_assessment_idx').on('audit_ratings').columns(['assessment_id']).execute();

  await db.schema
    .createTable('audit_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.references('assessment_items.id').onDelete('set null'))
    .addColumn('clause', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('minor_nc', 'major_nc', 'observation')`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('evidence_note', 'text')
    .addColumn('response', 'text')
    .addColumn('action_what', 'text')
    .addColumn('action_owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('action_due', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('responded_at', ts)
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'closed')`))
    .addColumn('progress_note', 'text')
    .addColumn('origin_finding_id', 'text', (c) => c.references('audit_findings.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .execute();
  await db.schema.createIndex('audit_findings_assessment_idx').on('audit_findings').columns(['assessment_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_findings', 'audit_ratings', 'audit_notes', 'audit_request_evidence', 'audit_requests', 'audit_team', 'audits', 'audit_pairs', 'audit_plans']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
