import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestDb, createTestDb, describeEngines } from './support/db.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/renkei.js');

async function renkei(args: string[], env: Record<string, string>, input?: string) {
  const child = run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', RENKEI_LOG_LEVEL: 'warn', ...env }, timeout: 60_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

it('lists its subcommands', async () => {
  const { code, stdout } = await renkei(['--help'], {});
  expect(code).toBe(0);
  for (const sub of ['serve', 'migrate', 'users', 'audit']) expect(stdout).toContain(sub);
});

it('refuses bad configuration on stderr with a non-zero exit code', async () => {
  const { code, stderr } = await renkei(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://x' });
  expect(code).toBe(2);
  expect(stderr).toContain('PORT');
  expect(stderr).toContain('DATABASE_URL');
});

describeEngines('renkei CLI on an empty installation', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine, { migrate: false });
  });
  afterAll(() => t.destroy());

  it('migrates, creates the first administrator, and verifies the audit log until it is tampered with', async () => {
    const env = { DATABASE_URL: t.url!, RENKEI_DEMO: '0' };
    expect((await renkei(['migrate'], env)).stdout).toContain('applied');
    expect((await renkei(['migrate'], env)).stdout).toContain('already up to date');

    const weak = await renkei(['users', 'create-admin', '--email', 'root@renkei.example'], env, 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('パスワード');

    const created = await renkei(['users', 'create-admin', '--email', 'Root@Renkei.example', '--name', '初期 管理者'], env, 'a-long-and-fine-passphrase\n');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('root@renkei.example');
    const user = await t.db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['email', 'role']).executeTakeFirstOrThrow();
    expect(user).toEqual({ email: 'root@renkei.example', role: 'admin' });

    const ok = await renkei(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('2 entries verified');

    await sql`update audit_log set changes = '{"email":"evil@x.example"}' where seq = 2`.execute(t.db);
    const broken = await renkei(['audit', 'verify', '--json'], env);
    expect(broken.code).toBe(3);
    expect(JSON.parse(broken.stdout).firstBreak).toMatchObject({ seq: 2, reason: 'hash-mismatch' });
  });
});
