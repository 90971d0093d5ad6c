import { type Kysely, sql } from 'kysely';
import { timestampType } from '../dialect.ts';

// Frozen in time: later changes go into new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);

  // Alerts: sightings of one indicator by one internal host of one member, grouped over a time window.
  await db.schema
    .createTable('flow_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('internal_host', 'text', (c) => c.notNull())
    .addColumn('remote_address', 'text', (c) => c.notNull())
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('indicator_value', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('confidence', 'integer')
    .addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('urgent', 'high', 'normal', 'low')`))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('review', 'dismissed', 'merged', 'received', 'acknowledged', 'investigating', 'mitigated', 'not_affected', 'closed')`))
    .addColumn('first_seen', ts, (c) => c.notNull())
    .addColumn('last_seen', ts, (c) => c.notNull())
    .addColumn('sightings', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('packets', 'bigint', (c) => c.notNull())
    .addColumn('ports', 'text', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('outbound', 'integer', (c) => c.notNull())
    .addColumn('established', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addColumn('ack_deadline', ts)
    .addColumn('acknowledged_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('escalated_at', ts)
    .addColumn('dismiss_reason', 'text')
    .addColumn('merged_into', 'text')
    .execute();
  await db.schema.createIndex('flow_alerts_open_idx').on('flow_alerts').columns(['institution_id', 'internal_host', 'indicator_id']).execute();
  await db.schema.createIndex('flow_alerts_status_idx').on('flow_alerts').columns(['status', 'created_at']).execute();

  // Timeline: who did what, when, with what note.
  await db.schema
    .createTable('flow_alert_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('flow_alerts.id').onDelete('cascade'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flow_alert_events_alert_idx').on('flow_alert_events').columns(['alert_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['flow_alert_events', 'flow_alerts']) await db.schema.dropTable(t).ifExists().execute();
}
