import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from './support/db.ts';
import { DEMO_PASSWORD, type TestApp, createTestApp, signIn } from './support/app.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/renkei.js');

async function renkei(args: string[], env: Record<string, string>) {
  const { stdout } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', RENKEI_LOG_LEVEL: 'warn', RENKEI_DEMO: '0', ...env }, timeout: 60_000 });
  return stdout;
}

describeEngines('renkei incidents overdue', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await createTestApp(engine); // the real clock: the CLI runs with it too
  });
  afterAll(() => h?.close());

  it('mails each overdue mandatory report once, however often cron runs it', async () => {
    const staff = await signIn(h.app, 'staff@aoba-intl.example', DEMO_PASSWORD);
    const admin = await signIn(h.app, 'admin@aoba-intl.example', DEMO_PASSWORD);
    expect((await staff.request('POST', '/api/v1/incidents/reports', { subject: 'USBメモリを紛失しました', description: '学生の成績一覧が入っていました' })).statusCode).toBe(201);
    const id = (await admin.request('GET', '/api/v1/incidents')).json().items[0].id;
    const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600_000).toISOString();
    const triaged = await admin.request('PATCH', `/api/v1/incidents/${id}`, { isIncident: true, category: 'lost_device', severity: 'medium', awareAt: tenDaysAgo, personalData: { involved: true, count: 80, kinds: ['student_records'] } });
    expect(triaged.json().obligations.map((o: { kind: string; overdue: boolean }) => [o.kind, o.overdue])).toEqual([['ciso', true], ['mext', true]]);

    const env = { DATABASE_URL: h.t.url! };
    const first = JSON.parse(await renkei(['incidents', 'overdue', '--json'], env));
    expect(first.notified.map((n: { kind: string }) => n.kind).sort()).toEqual(['ciso', 'mext']);
    expect(first.notified.every((n: { emails: number }) => n.emails === 3)).toBe(true); // CISO, CSIRT and the coordinator (CSIRT)
    expect(await renkei(['incidents', 'overdue'], env)).toContain('期限超過の報告はありません');
    const mails = await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'incidents.deadline_overdue').execute();
    expect(mails).toHaveLength(6);
  }, 120_000);
});
