/**
 * Integration-test databases on both engines, migrated with the real migrations.
 *
 *   describeEngines('incidents repo', (engine) => {
 *     let t: TestDb;
 *     beforeAll(async () => { t = await createTestDb(engine); });
 *     afterAll(() => t.destroy());
 *     it('…', async () => { await t.db.selectFrom('institutions')… });
 *   });
 *
 * Each call gets its own database (a temp SQLite file, or a fresh PostgreSQL database on the
 * server started by test/support/postgres.ts), so test files can run in parallel.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import type { Config } from '../../src/server/config.ts';
import { createDb, type Db, migrateToLatest } from '../../src/server/db/index.ts';

export const engines = ['sqlite', 'postgres'] as const;
export type Engine = (typeof engines)[number];

export interface TestDb {
  engine: Engine;
  db: Db;
  /** What `createDb` was given: pass it to `createDb` again for a second instance (e.g. a restart test). */
  database: Config['database'];
  /** A DATABASE_URL for this database (`sqlite:/tmp/…` or `postgres://…`), e.g. for a spawned CLI. */
  url: string | undefined;
  /** The SQLite file; undefined on PostgreSQL. */
  file: string | undefined;
  /** Closes `db` and deletes the database. Idempotent. */
  destroy(): Promise<void>;
}

/** Admin URL of the test PostgreSQL server, '' if there is none. */
export function pgAdminUrl(): string {
  // inject() is empty when run under a config without our globalSetup; the env var then still works.
  let provided: string | undefined;
  try {
    provided = inject('pgAdminUrl');
  } catch {
    provided = undefined;
  }
  return provided || process.env.RENKEI_TEST_PG_URL || '';
}

export async function createTestDb(engine: Engine, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = opts.migrate ?? true;
  if (engine === 'sqlite') {
    // A file rather than :memory: so a second Kysely instance can open the same database.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-test-'));
    const file = path.join(dir, 'renkei.sqlite');
    const database = { kind: 'sqlite', file } as const;
    const db = createDb(database);
    let destroyed = false;
    const destroy = async () => {
      if (destroyed) return;
      destroyed = true;
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
      if (migrate) await migrateToLatest(db);
    } catch (err) {
      await destroy();
      throw err;
    }
    return { engine, db, database, url: `sqlite:${file}`, file, destroy };
  }

  const admin = pgAdminUrl();
  if (!admin) throw new Error('No PostgreSQL server for tests: see test/support/postgres.ts (or set RENKEI_TEST_PG_URL).');
  const name = `renkei_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = { kind: 'postgres', url } as const;
  const db = createDb(database);
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await db.destroy();
    await dropDatabase(admin, name);
  };
  try {
    if (migrate) await migrateToLatest(db);
  } catch (err) {
    await destroy();
    throw err;
  }
  return { engine, db, database, url, file: undefined, destroy };
}

/**
 * Drops a test database. Connections that are still closing (a pool's end() resolves before the
 * server has seen every Terminate) get a moment to go; only then is the drop forced, since a
 * forced drop makes the server send FATAL to them, which pg reports as an unhandled error.
 */
async function dropDatabase(admin: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006') throw err; // 55006: still in use
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // A test may leave another pool (a restarted app, a spawned CLI) connected.
  await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * One `describe` per engine, titled `name [engine]`. PostgreSQL is skipped only when no server
 * is available and we are not in CI (there, a missing server fails the run instead).
 */
export function describeEngines(name: string, fn: (engine: Engine) => void): void {
  const noPg = !pgAdminUrl() && !process.env.CI;
  // A loop rather than describe.each, because describe.each cannot skip a single row.
  for (const engine of engines) {
    const skip = engine === 'postgres' && noPg;
    const title = `${name} [${engine}]${skip ? ' (skipped: no PostgreSQL server; install postgresql or set RENKEI_TEST_PG_URL)' : ''}`;
    describe.skipIf(skip)(title, () => fn(engine));
  }
}
