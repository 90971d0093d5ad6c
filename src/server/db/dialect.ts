import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The few places where the two engines differ sit here, and nowhere else. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Column type for instants: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
export function timestampType(db: Kysely<any>) {
  return isPostgres(db) ? sql`timestamptz` : sql`text`;
}

/** Serialises writers of a hash chain (or any other strictly ordered sequence) inside a transaction. */
export async function lockForSequence(trx: Kysely<any>, lockId: number): Promise<void> {
  // SQLite serialises write transactions by itself; PostgreSQL needs an explicit lock.
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${lockId})`.execute(trx);
}
