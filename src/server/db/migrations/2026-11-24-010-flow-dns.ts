import { type Kysely, sql } from 'kysely';

// Frozen in time: later changes go into new migrations, never here.
//
// Flow alerts from DNS logs: a member's client asked for an indicator domain. Such an alert has
// no remote address or traffic of its own; `kind` says what its sightings were, and for 'dns'
// `remote_address` holds the query name of the first sighting (the indicator side, as for flows).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('flow_alerts')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('flow').check(sql`kind in ('flow', 'dns')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flow_alerts').dropColumn('kind').execute();
}
