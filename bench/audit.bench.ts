/**
 * Audit log figures: append rate through the real service (hash chain + lock), verification
 * rate of `renkei audit verify`, and the latency of the filtered list query an administrator
 * runs in the UI, on a log of N entries. Run: `npm run bench -- audit` (N with BENCH_AUDIT_N).
 * PostgreSQL too when BENCH_PG_URL=postgres://… points at a scratch database.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../src/core/access.ts';
import { GENESIS_HASH, auditEntryHash } from '../src/core/audit-chain.ts';
import type { Config } from '../src/server/config.ts';
import { createDb, migrateToLatest } from '../src/server/db/index.ts';
import { listAudit, recordAudit, verifyChain } from '../src/server/platform/audit/service.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const N = Number(process.env.BENCH_AUDIT_N ?? 200_000);
const INSTITUTIONS = ['i-sakura', 'i-minato', 'i-aoba', 'i-hibari'];

async function run(label: string, database: Config['database']) {
  const db = createDb(database);
  await migrateToLatest(db);
  await db.deleteFrom('audit_log').execute();

  // Bulk-load N chained entries (as a year of activity would leave them).
  let prev = GENESIS_HASH;
  const t0 = performance.now();
  for (let start = 1; start <= N; start += 1000) {
    const rows = [];
    for (let seq = start; seq < Math.min(start + 1000, N + 1); seq++) {
      const content = {
        seq, at: new Date(Date.UTC(2026, 3, 1) + seq * 60_000).toISOString(), actorUserId: `u${seq % 500}`, actorLabel: `user${seq % 500}@example.ac.jp`,
        institutionId: INSTITUTIONS[seq % 4]!, ip: '192.0.2.1', action: seq % 7 ? 'user.roles' : 'institution.update', objectType: 'user', objectId: `o${seq}`,
        changes: { roles: { from: ['staff'], to: ['staff', 'sysadmin'] } },
      };
      const hash = auditEntryHash(prev, content);
      rows.push({
        seq, at: content.at, actor_user_id: content.actorUserId, actor_label: content.actorLabel, institution_id: content.institutionId, ip: content.ip,
        action: content.action, object_type: content.objectType, object_id: content.objectId, changes: JSON.stringify(content.changes), prev_hash: prev, hash,
      });
      prev = hash;
    }
    await db.insertInto('audit_log').values(rows).execute();
  }
  const loadMs = performance.now() - t0;
  // As autovacuum would after a load like this: the planner needs row counts to pick the index.
  if (database.kind === 'postgres') await sql`analyze audit_log`.execute(db);
  else await sql`analyze`.execute(db);

  const appends = 2000;
  const t1 = performance.now();
  for (let i = 0; i < appends; i++) {
    await db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: 'bench.append', objectType: 'bench', changes: { i } }));
  }
  const appendMs = performance.now() - t1;

  const t2 = performance.now();
  const verified = await verifyChain(db);
  const verifyMs = performance.now() - t2;
  if (!verified.ok) throw new Error('chain broken in benchmark');

  const admin = { ...SYSTEM_ACTOR, kind: 'user' as const, userId: 'a', institutionId: 'i-aoba', institutionKind: 'member' as const, roles: ['admin' as const] };
  const queries = 200;
  const t3 = performance.now();
  for (let i = 0; i < queries; i++) await listAudit(db, admin, { action: 'institution.' }, 50);
  const listMs = (performance.now() - t3) / queries;

  console.log(
    `${label.padEnd(10)} entries=${N + appends}  bulk-load ${(N / (loadMs / 1000)).toFixed(0)}/s  ` +
      `append (service, 1 txn each) ${(appends / (appendMs / 1000)).toFixed(0)}/s  ` +
      `verify ${(verified.checked / (verifyMs / 1000)).toFixed(0)} entries/s (${(verifyMs / 1000).toFixed(2)} s)  ` +
      `filtered first page ${listMs.toFixed(2)} ms`,
  );
  await db.destroy();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-'));
await run('sqlite', { kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
if (process.env.BENCH_PG_URL) await run('postgres', { kind: 'postgres', url: process.env.BENCH_PG_URL });
fs.rmSync(dir, { recursive: true, force: true });
