import { type Kysely, sql } from 'kysely';
import { isPostgres, timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
//
// Incident handling inside an institution. `incidents` is the institution's own record; the
// reports that raised it (`incident_reports`, from members or the public form) stay separate, so
// that outsiders' contact details never travel with the incident, and the consortium sharing
// (later) can reference an incident without copying it.
// Flags are integers 0/1 on both engines (SQLite has no boolean).
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const bytes = isPostgres(db) ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'triage', 'handling', 'recovery', 'closed')`))
    // null: not yet decided in triage.
    .addColumn('is_incident', 'integer', (c) => c.check(sql`is_incident in (0, 1)`))
    .addColumn('category', 'text')
    .addColumn('severity', 'text', (c) => c.check(sql`severity in ('low', 'medium', 'high', 'critical')`))
    .addColumn('occurred_at', ts)
    .addColumn('aware_at', ts, (c) => c.notNull())
    .addColumn('contained_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('personal_data', 'integer', (c) => c.notNull().defaultTo(0).check(sql`personal_data in (0, 1)`))
    .addColumn('personal_data_count', 'integer')
    .addColumn('personal_data_kinds', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('unauthorised_purpose', 'integer', (c) => c.notNull().defaultTo(0).check(sql`unauthorised_purpose in (0, 1)`))
    .addColumn('handler_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('incidents_ref_uq', ['institution_id', 'fiscal_year', 'seq'])
    .execute();
  await db.schema.createIndex('incidents_institution_idx').on('incidents').columns(['institution_id', 'status']).execute();
  await db.schema.createIndex('incidents_aware_idx').on('incidents').columns(['institution_id', 'aware_at']).execute();

  await db.schema
    .createTable('incident_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('receipt_no', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('member', 'public')`))
    .addColumn('reporter_id', 'text', (c) => c.references('users.id'))
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_affiliation', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('suspicion', 'integer', (c) => c.notNull().defaultTo(0).check(sql`suspicion in (0, 1)`))
    .addColumn('occurred_at', ts)
    .addColumn('source_ip', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('incident_reports_receipt_uq', ['institution_id', 'receipt_no'])
    .addCheckConstraint('incident_reports_reporter_ck', sql`(channel = 'member') = (reporter_id is not null)`)
    .execute();
  await db.schema.createIndex('incident_reports_reporter_idx').on('incident_reports').columns(['reporter_id', 'created_at']).execute();
  await db.schema.createIndex('incident_reports_ip_idx').on('incident_reports').columns(['source_ip', 'created_at']).execute();
  await db.schema.createIndex('incident_reports_incident_idx').on('incident_reports').columns(['incident_id']).execute();

  // Affected systems and information, each with its classification (機密性 1-4, 完全性 1-2, 可用性 1-3).
  await db.schema
    .createTable('incident_assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('system', 'information')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'integer', (c) => c.check(sql`confidentiality between 1 and 4`))
    .addColumn('integrity', 'integer', (c) => c.check(sql`integrity between 1 and 2`))
    .addColumn('availability', 'integer', (c) => c.check(sql`availability between 1 and 3`))
    .addColumn('note', 'text')
    .addColumn('ord', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_assets_incident_idx').on('incident_assets').columns(['incident_id', 'ord']).execute();

  // The timeline: actions and decisions as they happened (`at`), and when they were written down.
  await db.schema
    .createTable('incident_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_events_incident_idx').on('incident_events').columns(['incident_id', 'at']).execute();

  await db.schema
    .createTable('incident_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('containment', 'eradication', 'recovery', 'other')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'cancelled')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('done_at', ts)
    .execute();
  await db.schema.createIndex('incident_tasks_incident_idx').on('incident_tasks').columns(['incident_id', 'status']).execute();

  await db.schema
    .createTable('incident_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', bytes as never, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_evidence_incident_idx').on('incident_evidence').columns(['incident_id']).execute();

  // Mandatory reports (PPC preliminary/final, ministry, CISO): one row per kind, kept in step with the incident.
  await db.schema
    .createTable('incident_obligations')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ppc_preliminary', 'ppc_final', 'mext', 'ciso')`))
    .addColumn('due_at', ts, (c) => c.notNull())
    .addColumn('target_at', ts, (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('done_at', ts)
    .addColumn('done_by', 'text')
    .addColumn('note', 'text')
    .addColumn('overdue_notified_at', ts)
    .addPrimaryKeyConstraint('incident_obligations_pk', ['incident_id', 'kind'])
    .execute();
  await db.schema.createIndex('incident_obligations_due_idx').on('incident_obligations').columns(['done_at', 'due_at']).execute();

  // Lessons learned (of an incident) and near misses (ヒヤリハット, with or without an incident).
  await db.schema
    .createTable('incident_learnings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('lesson', 'near_miss')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('improvement', 'text')
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_learnings_institution_idx').on('incident_learnings').columns(['institution_id', 'fiscal_year']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['incident_learnings', 'incident_obligations', 'incident_evidence', 'incident_tasks', 'incident_events', 'incident_assets', 'incident_reports', 'incidents']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
