import { Migrator } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as m001 from '../../src/server/db/migrations/2026-11-24-001-platform.ts';
import * as m002 from '../../src/server/db/migrations/2026-11-24-002-catalogs.ts';
import * as m003 from '../../src/server/db/migrations/2026-11-24-003-intel.ts';
import * as m004 from '../../src/server/db/migrations/2026-11-24-004-flows.ts';
import * as m005 from '../../src/server/db/migrations/2026-11-24-005-assessments.ts';
import * as m006 from '../../src/server/db/migrations/2026-11-24-006-incidents.ts';
import * as m007 from '../../src/server/db/migrations/2026-11-24-007-audits.ts';
import * as m008 from '../../src/server/db/migrations/2026-11-24-008-sharing.ts';
import { migrateToLatest } from '../../src/server/db/index.ts';
import { matchingReportIds } from '../../src/server/modules/sharing/repo.ts';
import { type TestDb, createTestDb, describeEngines } from '../support/db.ts';

/** Migration 009 on a database that already has shared reports: published ones enter the text index, drafts do not. */
describeEngines('migration 009 indexes the shared reports published before it', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine, { migrate: false });
    const upTo008 = { '2026-11-24-001-platform': m001, '2026-11-24-002-catalogs': m002, '2026-11-24-003-intel': m003, '2026-11-24-004-flows': m004,
      '2026-11-24-005-assessments': m005, '2026-11-24-006-incidents': m006, '2026-11-24-007-audits': m007, '2026-11-24-008-sharing': m008 };
    const r = await new Migrator({ db: t.db, provider: { getMigrations: async () => upTo008 } }).migrateToLatest();
    expect(r.error).toBeUndefined();
    const row = (id: string, status: string, body: string) => ({
      id, status, tlp: 'GREEN', title: `${id} の件名`, summary: '', body, category: null, products: '[]', cves: '[]', indicators: '[]', recipients: '[]',
      occurred_at: null, disclosed: 0, published_at: status === 'published' ? '2026-11-01T00:00:00.000Z' : null,
    });
    // As 008 left the table: no withdrawn_at yet.
    await t.db.insertInto('shared_reports').values([row('old-1', 'published', 'ＶＰＮ装置への不正ログイン'), row('old-2', 'draft', 'VPN の下書き')] as never).execute();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('migrates and finds the published report by its folded text', async () => {
    expect(await migrateToLatest(t.db)).toContain('2026-11-24-009-sharing-changes');
    expect([...(await matchingReportIds(t.db, ['vpn']))]).toEqual(['old-1']);
    expect([...(await matchingReportIds(t.db, ['不正ログイン']))]).toEqual(['old-1']);
    expect((await t.db.selectFrom('shared_reports').select(['id', 'withdrawn_at']).orderBy('id').execute())).toEqual([{ id: 'old-1', withdrawn_at: null }, { id: 'old-2', withdrawn_at: null }]);
  });
});
