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

it('serves on an empty SQLite data directory, answers /readyz, and shuts down cleanly on SIGTERM', async () => {
  const { spawn } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-serve-'));
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', RENKEI_DATA_DIR: dataDir, RENKEI_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`exited early:\n${out}`)));
    });
    expect(out).toContain('Renkei デモ環境');
    expect((await (await fetch(`${url}/readyz`)).json()).status).toBe('ready');
    expect(fs.existsSync(path.join(dataDir, 'renkei.sqlite'))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('shutting down');
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
