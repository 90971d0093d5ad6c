import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDb, describeEngines, type TestDb } from '../../../../test/support/db.ts';
import type { Actor } from '../../../core/access.ts';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../../../core/backoff.ts';
import { verifyWebhook } from '../../../core/webhook-signature.ts';
import { loadConfig } from '../../config.ts';
import { createDb, type Db } from '../../db/index.ts';
import type { Deps } from '../deps.ts';
import { enqueueEmail, enqueueWebhooks, myPreferences, notifyUsers, setMyPreferences } from './service.ts';
import { OutboxWorker } from './worker.ts';
import { SecretBox } from '../secret-box.ts';

/** A real SMTP server that keeps what it receives (headers parsed by hand: no mailparser here). */
interface Mail { messageId: string; to: string; subject: string; text: string }

function parseMail(raw: string): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let text = raw.slice(split + 4).replace(/\r\n/g, '\n');
  if (headers.get('content-transfer-encoding') === 'quoted-printable') {
    text = Buffer.from(text.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return { messageId: headers.get('message-id') ?? '', to: headers.get('to') ?? '', subject: headers.get('subject') ?? '', text: text.trimEnd() };
}

async function startSmtp() {
  const sink = { mails: [] as Mail[], rejected: 0, reject: false, port: 0, close: () => Promise.resolve() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (!sink.reject) return cb();
      sink.rejected++;
      cb(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        sink.mails.push(parseMail(Buffer.concat(chunks).toString('utf8')));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** A real HTTP receiver for webhooks; answers /fail with 500 and holds /slow until `gate` resolves. */
interface HookRequest { path: string; headers: http.IncomingHttpHeaders; body: string }

async function startReceiver() {
  const sink = {
    requests: [] as HookRequest[],
    status: 200,
    gate: Promise.resolve(),
    arrived: (_path: string) => {},
    base: '',
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '';
      sink.requests.push({ path, headers: req.headers, body });
      sink.arrived(path);
      void (path === '/slow' ? sink.gate : Promise.resolve()).then(() => {
        res.statusCode = path === '/fail' ? 500 : sink.status;
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return sink;
}

const T0 = '2026-01-01T00:00:00.000Z';
const INST = { id: 'inst-1', code: 'test-u', kind: 'member', name_ja: 'テスト大学', name_en: 'Test University', created_at: T0, updated_at: T0 } as const;
const user = (id: string, locale: 'ja' | 'en', status: 'active' | 'deactivated' = 'active') =>
  ({ id, institution_id: INST.id, email: `${id}@test-u.ac.jp`, display_name: id, locale, status, created_at: T0, updated_at: T0, deactivated_at: status === 'active' ? null : T0 }) as const;
const USERS = [user('alice', 'ja'), user('bob', 'en'), user('carol', 'en', 'deactivated')];
const actorFor = (id: string): Actor => ({ kind: 'user', userId: id, institutionId: INST.id, institutionKind: 'member', roles: ['staff'], label: `${id}@test-u.ac.jp`, ip: null });

describeEngines('outbox delivery', (engine) => {
  let t: TestDb;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  const clock = { now: new Date() };
  const extraDbs: Db[] = [];
  const workers: OutboxWorker[] = [];

  const box = new SecretBox(randomBytes(32));
  const depsFor = (db: Db): Deps => {
    const config = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), RENKEI_LOG_LEVEL: 'silent' });
    return { db, config: { ...config, database: t.database }, log: pino({ level: 'silent' }), now: () => clock.now, box };
  };
  const workerOn = (db: Db) => workers[workers.push(new OutboxWorker(depsFor(db))) - 1]!;
  const openDb = () => extraDbs[extraDbs.push(createDb(t.database)) - 1]!;
  const outboxRow = (id: string) => t.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const moveClockPast = (iso: string) => (clock.now = new Date(Date.parse(iso) + 1_000));
  const email = (subject: string) => ({ to: 'someone@example.org', subject, text: `Body of ${subject}` });

  beforeAll(async () => {
    [t, smtp, hooks] = await Promise.all([createTestDb(engine), startSmtp(), startReceiver()]);
    await t.db.insertInto('institutions').values(INST).execute();
    await t.db.insertInto('users').values(USERS).execute();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(extraDbs.map((db) => db.destroy()));
    await Promise.all([t?.destroy(), smtp?.close(), hooks?.close()]);
  });
  beforeEach(async () => {
    await t.db.deleteFrom('outbox').execute();
    await t.db.deleteFrom('webhooks').execute();
    Object.assign(smtp, { mails: [], rejected: 0, reject: false });
    Object.assign(hooks, { requests: [], status: 200, gate: Promise.resolve(), arrived: () => {} });
    clock.now = new Date();
  });

  it('restart between commit and delivery delivers exactly once', async () => {
    // First "process": commits a change together with its e-mail, then dies before any worker ran.
    const crashed = createDb(t.database);
    const outboxId = await crashed.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ display_name: 'Alice Renamed' }).where('id', '=', 'alice').execute();
      return enqueueEmail(trx, 'account.security', { to: 'alice@test-u.ac.jp', subject: 'Your profile changed', text: 'Hello Alice' }, clock.now);
    });
    await crashed.destroy();

    // After the restart: two workers on two connections race for the message; then a later pass.
    const [a, b] = [workerOn(openDb()), workerOn(openDb())];
    const reports = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await a.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(await b.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });

    expect(smtp.mails).toEqual([{ messageId: `<${outboxId}@renkei.outbox>`, to: 'alice@test-u.ac.jp', subject: 'Your profile changed', text: 'Hello Alice' }]);
    expect(await outboxRow(outboxId)).toMatchObject({ status: 'sent', attempts: 0, lease_until: null, last_error: null, sent_at: clock.now.toISOString() });
    const alice = await t.db.selectFrom('users').select('display_name').where('id', '=', 'alice').executeTakeFirstOrThrow();
    expect(alice.display_name).toBe('Alice Renamed');
  });

  it('a rolled-back transaction enqueues nothing', async () => {
    const boom = new Error('rollback');
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ display_name: 'Never' }).where('id', '=', 'bob').execute();
        await enqueueEmail(trx, 'account.security', email('never'), clock.now);
        await notifyUsers(trx, 'account.security', ['alice', 'bob'], () => ({ subject: 'never', text: 'never' }), clock.now);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await t.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    expect(await workerOn(t.db).runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.mails).toEqual([]);
  });

  it('a refused e-mail is retried after the backoff, then delivered', async () => {
    smtp.reject = true;
    const id = await t.db.transaction().execute((trx) => enqueueEmail(trx, 'account.security', email('retry me'), clock.now));
    const worker = workerOn(t.db);
    const failedAt = clock.now.getTime();

    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const failed = await outboxRow(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lease_until: null, sent_at: null });
    expect(failed.last_error).toMatch(/451/);
    const delay = Date.parse(failed.next_attempt_at) - failedAt;
    expect(delay).toBeGreaterThanOrEqual(retryDelayMs(1, () => 0));
    expect(delay).toBeLessThanOrEqual(retryDelayMs(1, () => 1));

    // Not due yet: another pass leaves it alone, even though the server would now accept.
    smtp.reject = false;
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.rejected).toBe(1);

    moveClockPast(failed.next_attempt_at);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(smtp.mails.map((m) => [m.messageId, m.subject])).toEqual([[`<${id}@renkei.outbox>`, 'retry me']]);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} failed attempts and marks the message dead`, async () => {
    smtp.reject = true;
    const id = await t.db.transaction().execute((trx) => enqueueEmail(trx, 'account.security', email('doomed'), clock.now));
    const worker = workerOn(t.db);
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      const last = attempt === MAX_DELIVERY_ATTEMPTS;
      expect(await worker.runOnce()).toEqual({ sent: 0, failed: last ? 0 : 1, dead: last ? 1 : 0 });
      const row = await outboxRow(id);
      expect(row).toMatchObject({ attempts: attempt, status: last ? 'dead' : 'pending' });
      moveClockPast(row.next_attempt_at);
    }
    smtp.reject = false;
    clock.now = new Date(clock.now.getTime() + 7 * 24 * 3_600_000);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.rejected).toBe(MAX_DELIVERY_ATTEMPTS);
    expect(smtp.mails).toEqual([]);
    expect(await outboxRow(id)).toMatchObject({ status: 'dead', attempts: MAX_DELIVERY_ATTEMPTS });
  });

  const addWebhook = (id: string, path: string, eventTypes: string[], disabled = false) =>
    t.db
      .insertInto('webhooks')
      .values({ id, institution_id: INST.id, url: `${hooks.base}${path}`, secret: box.seal(`secret-of-${id}`), event_types: JSON.stringify(eventTypes), created_at: T0, disabled_at: disabled ? T0 : null })
      .execute();

  it('delivers signed webhooks to the subscribed, active endpoints only', async () => {
    await addWebhook('wh-incidents', '/incidents', ['incident.created']);
    await addWebhook('wh-all', '/all', ['*']);
    await addWebhook('wh-other', '/other', ['incident.closed']);
    await addWebhook('wh-disabled', '/disabled', ['*'], true);
    const data = { incidentId: 'i-1', title: '不正アクセス' };
    const queued = await t.db.transaction().execute((trx) => enqueueWebhooks(trx, INST.id, 'incident.created', data, clock.now));
    expect(queued).toBe(2);

    expect(await workerOn(t.db).runOnce()).toEqual({ sent: 2, failed: 0, dead: 0 });
    expect(hooks.requests.map((r) => r.path).sort()).toEqual(['/all', '/incidents']);
    const nowSeconds = Math.floor(clock.now.getTime() / 1000);
    for (const req of hooks.requests) {
      const secret = req.path === '/all' ? 'secret-of-wh-all' : 'secret-of-wh-incidents';
      const ts = Number(req.headers['x-renkei-timestamp']);
      const sig = String(req.headers['x-renkei-signature']);
      expect(verifyWebhook(secret, ts, req.body, sig, nowSeconds)).toBe(true);
      expect(verifyWebhook(secret, ts, req.body.replace('i-1', 'i-2'), sig, nowSeconds)).toBe(false);
      expect(verifyWebhook('secret-of-wh-other', ts, req.body, sig, nowSeconds)).toBe(false);
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['x-renkei-event']).toBe('incident.created');
      const delivery = String(req.headers['x-renkei-delivery']);
      expect(JSON.parse(req.body)).toEqual({ id: delivery, event: 'incident.created', data });
      expect(await outboxRow(delivery)).toMatchObject({ channel: 'webhook', status: 'sent' });
    }
  });

  it('retries a webhook the receiver answered with HTTP 500, re-signed at the new time', async () => {
    await addWebhook('wh-flaky', '/flaky', ['*']);
    hooks.status = 500;
    await t.db.transaction().execute((trx) => enqueueWebhooks(trx, INST.id, 'incident.updated', { incidentId: 'i-2' }, clock.now));
    const worker = workerOn(t.db);

    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const id = String(hooks.requests[0]?.headers['x-renkei-delivery']);
    const failed = await outboxRow(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'webhook answered HTTP 500' });

    hooks.status = 204;
    moveClockPast(failed.next_attempt_at);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(hooks.requests.map((r) => r.headers['x-renkei-delivery'])).toEqual([id, id]);
    const retry = hooks.requests[1]!;
    const nowSeconds = Math.floor(clock.now.getTime() / 1000);
    expect(Number(retry.headers['x-renkei-timestamp'])).toBe(nowSeconds);
    expect(verifyWebhook('secret-of-wh-flaky', nowSeconds, retry.body, String(retry.headers['x-renkei-signature']), nowSeconds)).toBe(true);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a worker with a stale batch does not resend a message another worker has just failed', async () => {
    await addWebhook('wh-slow', '/slow', ['slow']);
    await addWebhook('wh-fail', '/fail', ['fail']);
    await t.db.transaction().execute(async (trx) => {
      await enqueueWebhooks(trx, INST.id, 'slow', {}, new Date(clock.now.getTime() - 2_000));
      await enqueueWebhooks(trx, INST.id, 'fail', {}, new Date(clock.now.getTime() - 1_000));
    });
    let release = () => {};
    hooks.gate = new Promise<void>((resolve) => (release = resolve));
    const slowArrived = new Promise<void>((resolve) => (hooks.arrived = (p) => p === '/slow' && resolve()));

    // Worker B reads both messages, then hangs on the first; meanwhile worker A fails the second.
    const b = workerOn(openDb()).runOnce();
    await slowArrived;
    expect(await workerOn(openDb()).runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    release();
    expect(await b).toEqual({ sent: 1, failed: 0, dead: 0 });

    expect(hooks.requests.map((r) => r.path)).toEqual(['/slow', '/fail']);
    const failId = String(hooks.requests[1]?.headers['x-renkei-delivery']);
    expect(await outboxRow(failId)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('notifyUsers honours preferences, mandatory events and deactivation, in each user\'s language', async () => {
    const deps = depsFor(t.db);
    // Bob switches both off; the mandatory security notices cannot be switched off.
    await setMyPreferences(deps, actorFor('bob'), [
      { eventType: 'platform.digest', email: false },
      { eventType: 'account.security', email: false },
    ]);
    const prefs = await myPreferences(deps, actorFor('bob'));
    expect(prefs.find((p) => p.eventType === 'platform.digest')).toMatchObject({ email: false, mandatory: false });
    expect(prefs.find((p) => p.eventType === 'account.security')).toMatchObject({ email: true, mandatory: true });

    const render = (topic: string) => (locale: 'ja' | 'en') => ({ subject: `[${locale}] ${topic}`, text: `${topic} in ${locale}` });
    const everyone = USERS.map((u) => u.id);
    const counts = await t.db.transaction().execute(async (trx) => [
      await notifyUsers(trx, 'platform.digest', everyone, render('digest'), clock.now),
      await notifyUsers(trx, 'account.security', everyone, render('security'), clock.now),
    ]);
    expect(counts).toEqual([1, 2]);
    await expect(t.db.transaction().execute((trx) => notifyUsers(trx, 'no.such.event', ['alice'], render('x')))).rejects.toThrow(/Unregistered/);

    expect(await workerOn(t.db).runOnce()).toEqual({ sent: 3, failed: 0, dead: 0 });
    expect(smtp.mails.map((m) => `${m.to} ${m.subject}`).sort()).toEqual([
      'alice@test-u.ac.jp [ja] digest',
      'alice@test-u.ac.jp [ja] security',
      'bob@test-u.ac.jp [en] security',
    ]);
    expect(smtp.mails.find((m) => m.to === 'bob@test-u.ac.jp')?.text).toBe('security in en');
  });
});
