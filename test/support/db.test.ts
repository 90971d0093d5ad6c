import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../src/server/db/index.ts';
import { createTestDb, describeEngines, type TestDb } from './db.ts';

const institution = {
  id: 'inst-1',
  code: 'test-u',
  kind: 'member',
  name_ja: 'テスト大学',
  name_en: 'Test University',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
} as const;

describeEngines('test database harness', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(() => t?.destroy());

  it('runs on the requested engine', async () => {
    const version = engine === 'postgres' ? sql<{ v: string }>`select version() as v` : sql<{ v: string }>`select sqlite_version() as v`;
    const { rows } = await version.execute(t.db);
    if (engine === 'postgres') expect(rows[0]?.v).toMatch(/^PostgreSQL/);
    else expect(rows[0]?.v).toMatch(/^3\./);
  });

  it('has run the migrations: institutions exists and is empty', async () => {
    const tables = (await t.db.introspection.getTables()).map((x) => x.name);
    expect(tables).toContain('institutions');
    const { n } = await t.db.selectFrom('institutions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
  });

  it('leaves nothing behind after a rolled-back transaction', async () => {
    const rollback = new Error('rollback');
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('institutions').values(institution).execute();
        expect(await trx.selectFrom('institutions').select('id').execute()).toHaveLength(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await t.db.selectFrom('institutions').select('id').execute()).toHaveLength(0);
  });

  it('lets a second instance open the same database (restart)', async () => {
    await t.db.insertInto('institutions').values(institution).execute();
    const again = createDb(t.database);
    try {
      expect(await again.selectFrom('institutions').select('code').execute()).toEqual([{ code: 'test-u' }]);
    } finally {
      await again.destroy();
    }
  });
});
