import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import * as m001 from './migrations/2026-11-24-001-platform.ts';
import * as m002 from './migrations/2026-11-24-002-catalogs.ts';
import * as m003 from './migrations/2026-11-24-003-intel.ts';
import * as m004 from './migrations/2026-11-24-004-flows.ts';
import * as m005assessments from './migrations/2026-11-24-005-assessments.ts';
import * as m006incidents from './migrations/2026-11-24-006-incidents.ts';
import * as m007audits from './migrations/2026-11-24-007-audits.ts';
import * as m008sharing from './migrations/2026-11-24-008-sharing.ts';
import * as m009sharingChanges from './migrations/2026-11-24-009-sharing-changes.ts';
import * as m010flowDns from './migrations/2026-11-24-010-flow-dns.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
export type { DB };

// timestamptz (1184) and timestamp (1114) come back as ISO-8601 strings, as they are stored on SQLite.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString());
// int8/count(*) as numbers: counts in this product stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function createDb(database: Config['database']): Db {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

const migrations: Record<string, Migration> = {
  '2026-11-24-001-platform': m001,
  '2026-11-24-002-catalogs': m002,
  '2026-11-24-003-intel': m003,
  '2026-11-24-004-flows': m004,
  '2026-11-24-005-assessments': m005assessments,
  '2026-11-24-006-incidents': m006incidents,
  '2026-11-24-007-audits': m007audits,
  '2026-11-24-008-sharing': m008sharing,
  '2026-11-24-009-sharing-changes': m009sharingChanges,
  '2026-11-24-010-flow-dns': m010flowDns,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
