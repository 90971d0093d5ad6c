/**
 * The live pipeline end to end, on both engines: Debian's nfcapd writes a capture file from
 * NetFlow v5 (a member host contacting a planted C2 indicator, a scanner probing another member
 * host, and unrelated traffic), Debian's nfreplay replays it as NetFlow v9 into the server's
 * collector on 127.0.0.1, the matcher (built from the indicators and the address registry in the
 * database) finds the sightings, the flow-alert service groups them, and the outbox worker
 * delivers the urgent alert to a real SMTP server (smtp-server); the non-urgent one waits in the
 * operator's review queue, unmailed. Also: odd flows and failing consumers do not stop the pipeline.
 *
 * Without nfdump's tools the nfreplay suite is skipped locally and fails under CI (.ci/run installs nfdump).
 */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBatch } from '../src/core/flows/batch.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Db } from '../src/server/db/index.ts';
import { escalationJob } from '../src/server/flows/escalation.ts';
import { PeriodicRunner } from '../src/server/platform/periodic.ts';
import { FlowPipeline, registerPipeline } from '../src/server/flows/pipeline.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { startServer } from '../src/server/main.ts';
import { OutboxWorker } from '../src/server/platform/outbox/worker.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from './support/app.ts';
import { describeEngines } from './support/db.ts';
import { type V5Flow, startNfcapd, sendPackets, v5Packet } from './flow-files/nfdump.ts';
import { multipart } from './support/multipart.ts';

const missing = ['nfcapd', 'nfreplay', 'nfdump']
  .filter((tool) => spawnSync(tool, ['-V']).error)
  .map((tool) => `${tool} is not installed (Debian package \`nfdump\`)`)[0] ?? '';
if (missing && process.env.CI) throw new Error(`${missing}: CI must run the nfreplay pipeline test (apt-get install -y nfdump)`);
if (missing) console.warn(`\n!! live flow pipeline test with nfreplay SKIPPED: ${missing}\n`);

const ip = (s: string) => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const MEMBER_PREFIX = '10.77.0.0/16';
const INFECTED = '10.77.1.23';
const PROBED = '10.77.1.50';
const C2 = '198.18.200.5';
const SCANNER = '198.18.201.9';

/** A real SMTP server that keeps what it receives. */
interface Mail { to: string; subject: string; text: string }

function decodeWords(s: string): string {
  return s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

function parseMail(raw: string): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let text = raw.slice(split + 4).replace(/\r\n/g, '\n');
  const cte = headers.get('content-transfer-encoding');
  if (cte === 'quoted-printable') text = Buffer.from(text.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  else if (cte === 'base64') text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { to: headers.get('to') ?? '', subject: decodeWords(headers.get('subject') ?? ''), text: text.trimEnd() };
}

async function startSmtp() {
  const sink = { mails: [] as Mail[], port: 0, close: () => Promise.resolve() };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
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

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The capture: an established HTTPS session from INFECTED to the C2 (urgent), a SYN from the
 * scanner to PROBED's SSH port (low: review), and 300 unrelated flows from another network.
 */
function capturePackets(unixSecs: number): Uint8Array[] {
  const uptime = 3_600_000;
  const flows: V5Flow[] = [
    { src: ip(INFECTED), dst: ip(C2), srcPort: 51_234, dstPort: 443, proto: 6, tcpFlags: 0x1b, packets: 24, bytes: 9_400, first: uptime - 8_000, last: uptime - 2_000 },
    { src: ip(SCANNER), dst: ip(PROBED), srcPort: 40_000, dstPort: 22, proto: 6, tcpFlags: 0x02, packets: 1, bytes: 60, first: uptime - 5_000, last: uptime - 5_000 },
  ];
  let x = 7;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  for (let i = 0; i < 300; i++) {
    flows.push({ src: ip('10.99.0.0') + (rnd() & 0xffff), dst: ip('100.64.0.0') + (rnd() & 0x3fffff), srcPort: 1024 + (rnd() % 60_000), dstPort: 443, proto: 6, tcpFlags: 0x1b, packets: 10, bytes: 4_000, first: uptime - 9_000, last: uptime - 1_000 });
  }
  const packets: Uint8Array[] = [];
  for (let i = 0; i < flows.length; i += 30) packets.push(v5Packet(flows.slice(i, i + 30), i, unixSecs, uptime));
  return packets;
}

const FLOWS_IN_CAPTURE = 302;

describe.skipIf(!!missing)(`live flow pipeline fed by nfreplay${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dir = '';
  let file = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-pipeline-'));
    const nfcapd = await startNfcapd(path.join(dir, 'cap'));
    await sendPackets(capturePackets(Math.floor(Date.now() / 1000)), [nfcapd.port], 0);
    await new Promise((r) => setTimeout(r, 300));
    file = (await nfcapd.stop())[0]!;
    const info = spawnSync('nfdump', ['-r', file, '-I'], { encoding: 'utf8' }).stdout;
    expect(Number(/^Flows: (\d+)/m.exec(info)?.[1])).toBe(FLOWS_IN_CAPTURE);
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describeEngines('collector → matcher → alerts → e-mail', (engine) => {
    let h: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let operator: Client;
    let sakuraId: string;
    let pipeline: FlowPipeline;
    const upload = (c: Client, url: string, filename: string, content: string) => {
      const m = multipart(filename, content);
      return h.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
    };

    beforeAll(async () => {
      smtp = await startSmtp();
      h = await createTestApp(engine, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
      operator = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
      sakuraId = (await h.t.db.selectFrom('institutions').select('id').where('code', '=', 'sakura').executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => {
      await pipeline?.stop();
      await h?.close();
      await smtp?.close();
    });

    it('replays NetFlow v9 into the collector and mails the urgent alert to the member CSIRT; the low one waits for review', async () => {
      pipeline = new FlowPipeline(h.deps, { collector: { port: 0, flushMs: 50 }, checkMs: 0 });
      const port = await pipeline.start();
      registerPipeline(h.deps, pipeline);
      expect(port).toBeGreaterThan(0);
      expect(await pipeline.check()).toBe(false);

      // Plant the indicators and register the member's prefix through the API, as an operator would.
      const c2 = (await operator.request('POST', '/api/v1/intel/sources', { name: 'C2 テスト', defaultCategory: 'c2', defaultConfidence: 90 })).json().id;
      expect((await upload(operator, `/api/v1/intel/sources/${c2}/import`, 'c2.txt', `# C2\n${C2}\n`)).json()).toMatchObject({ added: 1 });
      const scan = (await operator.request('POST', '/api/v1/intel/sources', { name: 'スキャナ テスト', defaultCategory: 'scanner', defaultConfidence: 60 })).json().id;
      expect((await upload(operator, `/api/v1/intel/sources/${scan}/import`, 'scan.txt', `${SCANNER}\n`)).json()).toMatchObject({ added: 1 });
      expect((await operator.request('POST', `/api/v1/institutions/${sakuraId}/networks`, { kind: 'prefix', value: MEMBER_PREFIX })).statusCode).toBeLessThan(300);
      // The change is seen by the cheap check, once.
      expect(await pipeline.check()).toBe(true);
      expect(await pipeline.check()).toBe(false);
      expect(pipeline.stats().lastRebuild).toMatchObject({ invalidPrefixes: 0 });
      expect(pipeline.stats().lastRebuild!.addresses).toBeGreaterThanOrEqual(2);

      // A garbage datagram is counted and dropped.
      const junk = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => junk.send(Buffer.from('not netflow at all'), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
      junk.close();

      const r = spawnSync('nfreplay', ['-r', file, '-H', '127.0.0.1', '-p', String(port), '-v', '9', '-d', '100'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      await waitFor(() => (pipeline.stats().collector?.flows ?? 0) >= FLOWS_IN_CAPTURE, 'the replayed flows');
      const stats = await pipeline.stop();
      expect(stats).toMatchObject({ flows: FLOWS_IN_CAPTURE, sightings: 2, ingested: 2, alertsCreated: 2, alertsSent: 1, errors: 0, rejected: 0, lost: 0, overflow: 0, queued: 0 });
      expect(stats.collector).toMatchObject({ flows: FLOWS_IN_CAPTURE, malformed: 1, dropped: 0 });

      // The operator sees the pipeline; a member does not.
      const status = await operator.request('GET', '/api/v1/flows/pipeline');
      expect(status.statusCode).toBe(200);
      expect(status.json().stats).toMatchObject({ ingested: 2, alertsSent: 1 });
      const member = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
      expect((await member.request('GET', '/api/v1/flows/pipeline')).statusCode).toBe(403);

      // The outbox worker delivers the urgent alert to Sakura's CSIRT contacts through real SMTP.
      const report = await new OutboxWorker(h.deps).runOnce();
      expect(report.failed + report.dead).toBe(0);
      const alertMails = smtp.mails.filter((m) => m.subject.includes(INFECTED));
      expect(alertMails.map((m) => m.to).sort()).toEqual(['coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
      for (const m of alertMails) {
        expect(m.subject).toContain(C2);
        expect(m.text).toContain(INFECTED);
        expect(m.text).toContain(C2);
      }
      expect(alertMails[0]!.subject).toMatch(/緊急|urgent/);
      expect(smtp.mails.some((m) => m.subject.includes(PROBED) || m.text.includes(PROBED))).toBe(false);

      const queue = (await operator.request('GET', '/api/v1/flows/review')).json();
      expect(queue.items.filter((a: { internalHost: string }) => a.internalHost.startsWith('10.77.'))).toEqual([
        expect.objectContaining({ internalHost: PROBED, remoteAddress: SCANNER, status: 'review', urgency: 'low' }),
      ]);
      const mine = (await member.request('GET', '/api/v1/flows/alerts')).json();
      expect(mine.items).toEqual([expect.objectContaining({ internalHost: INFECTED, remoteAddress: C2, status: 'received', urgency: 'urgent' })]);

      // Not acknowledged within the hour: the escalation runner tells the backup contacts, once.
      h.clock.advanceMinutes(61);
      const runner = new PeriodicRunner(h.deps, escalationJob);
      expect(await runner.runOnce()).toEqual([mine.items[0].id]);
      expect(await runner.runOnce()).toEqual([]);
      smtp.mails.length = 0;
      await new OutboxWorker(h.deps).runOnce();
      const overdue = smtp.mails.filter((m) => m.subject.includes(INFECTED));
      expect(overdue.length).toBeGreaterThan(0);
      expect(overdue.every((m) => /期限超過|OVERDUE/.test(m.subject))).toBe(true);
      expect(overdue.map((m) => m.to)).toContain('ciso@sakura-tech.example');
    });
  });
});

/** Rows for the robustness test: the member prefix and indicators are those planted above. */
function oddBatch(): FlowBatch {
  const b = new FlowBatch(10);
  const v4 = (src: string, dst: string, start: number, end: number) => {
    const i = b.next();
    b.family[i] = 4;
    b.setIPv4(b.src, i, ip(src));
    b.setIPv4(b.dst, i, ip(dst));
    b.proto[i] = 6;
    b.tcpFlags[i] = 0x1b;
    b.packets[i] = 10;
    b.bytes[i] = 5_000;
    b.start[i] = start;
    b.end[i] = end;
    return i;
  };
  const now = Date.parse('2026-11-24T03:00:00Z');
  v4(INFECTED, C2, 0, 0); // no times
  v4(INFECTED, C2, NaN, NaN); // not a time: the matcher's expiry check never passes it, so no sighting
  v4(INFECTED, C2, 1e300, -5); // garbage times
  const r = v4(SCANNER, PROBED, now, now); // inbound, odd counters
  b.proto[r] = 255;
  b.bytes[r] = 1e20;
  b.packets[r] = 0;
  const g = b.next(); // random IPv6 words
  b.family[g] = 6;
  b.src.set([0xdeadbeef, 1, 2, 3], g * 4);
  b.dst.set([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], g * 4);
  const z = b.next(); // family 0 (unknown), all zero
  b.family[z] = 0;
  return b;
}

describeEngines('live flow pipeline: odd flows, failing consumers, changing intelligence', (engine) => {
  let h: TestApp;
  let operator: Client;
  let src: string;

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2026-11-24T03:00:00Z');
    operator = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    src = (await operator.request('POST', '/api/v1/intel/sources', { name: 'c2', defaultCategory: 'c2', defaultConfidence: 90 })).json().id;
    const m = multipart('list.txt', `${C2}\n${SCANNER}\n`);
    await h.app.inject({ method: 'POST', url: `/api/v1/intel/sources/${src}/import`, payload: m.payload, headers: { ...m.headers, cookie: operator.cookie, 'x-csrf-token': operator.csrf } });
    const sakura = (await h.t.db.selectFrom('institutions').select('id').where('code', '=', 'sakura').executeTakeFirstOrThrow()).id;
    await operator.request('POST', `/api/v1/institutions/${sakura}/networks`, { kind: 'prefix', value: MEMBER_PREFIX });
  });
  afterAll(() => h?.close());

  it('matches what it can in a batch of odd flows and stores the sightings', async () => {
    const p = new FlowPipeline(h.deps, { checkMs: 0 });
    await p.start();
    p.consume(oddBatch());
    const stats = await p.stop();
    expect(stats).toMatchObject({ flows: 6, sightings: 3, ingested: 3, badTimes: 2, errors: 0, rejected: 0, lost: 0 });
  });

  it('counts a failing database and a throwing consumer, and keeps going', async () => {
    let failDb = false;
    let failClock = false;
    const db = new Proxy(h.deps.db, {
      get(target, prop) {
        if (prop === 'transaction' && failDb) throw new Error('database is down (test)');
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Db;
    const deps: Deps = {
      ...h.deps, db,
      now: () => {
        if (failClock) throw new Error('clock broke (test)');
        return h.deps.now();
      },
    };
    const p = new FlowPipeline(deps, { checkMs: 0, attempts: 2, retryMs: 1 });
    await p.start();

    failDb = true;
    p.consume(oddBatch());
    await p.drain();
    expect(p.stats()).toMatchObject({ sightings: 3, ingested: 0, lost: 3, errors: 2 });

    failDb = false;
    failClock = true;
    p.consume(oddBatch()); // throws inside: counted, nothing escapes
    failClock = false;
    expect(p.stats().errors).toBe(3);
    expect(p.stats().lastError?.message).toContain('clock broke');

    p.consume(oddBatch());
    const stats = await p.stop();
    expect(stats).toMatchObject({ ingested: 3, lost: 3, errors: 3 });
  });

  it('stops matching a disabled source after the change check, and matches it again once enabled', async () => {
    const p = new FlowPipeline(h.deps, { checkMs: 0 });
    await p.start();
    expect((await operator.request('POST', `/api/v1/intel/sources/${src}/disable`)).statusCode).toBe(204);
    expect(await p.check()).toBe(true);
    p.consume(oddBatch());
    await p.drain();
    expect(p.stats()).toMatchObject({ flows: 6, sightings: 0 });
    expect((await operator.request('POST', `/api/v1/intel/sources/${src}/enable`)).statusCode).toBe(204);
    expect(await p.check()).toBe(true);
    p.consume(oddBatch());
    expect(await p.stop()).toMatchObject({ flows: 12, sightings: 3, ingested: 3, errors: 0 });
  });

  it('maps hosts by the most specific prefix, as the ingest checks them; a prefix removed before the next check drops its sightings', async () => {
    const ids = Object.fromEntries((await h.t.db.selectFrom('institutions').select(['id', 'code']).execute()).map((i) => [i.code, i.id]));
    const hostsOf = async (institution: string) =>
      (await h.t.db.selectFrom('flow_alerts').select('internal_host').where('institution_id', '=', institution).execute()).map((r) => r.internal_host).sort();
    // Minato registers a block inside Sakura's 10.77.0.0/16 that holds both planted hosts.
    const added = (await operator.request('POST', `/api/v1/institutions/${ids.minato}/networks`, { kind: 'prefix', value: '10.77.1.0/24' })).json();
    const p = new FlowPipeline(h.deps, { checkMs: 0 });
    await p.start();
    expect(p.stats().lastRebuild).toMatchObject({ prefixes: 8, invalidPrefixes: 0 });
    p.consume(oddBatch());
    await p.drain();
    expect(p.stats()).toMatchObject({ sightings: 3, ingested: 3, rejected: 0 });
    expect(await hostsOf(ids.minato!)).toEqual([INFECTED, PROBED]);

    // Removed, and flows arrive before the change check: the ingest refuses them (nothing written), the pipeline counts them.
    expect((await operator.request('DELETE', `/api/v1/networks/${added.id}`)).statusCode).toBe(204);
    const alerts = (await h.t.db.selectFrom('flow_alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    p.consume(oddBatch());
    await p.drain();
    expect(p.stats()).toMatchObject({ sightings: 6, ingested: 3, rejected: 3 });
    expect(p.stats().lastError?.message).toContain('登録済みアドレス範囲にない');
    expect((await h.t.db.selectFrom('flow_alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n).toBe(alerts);
    // After the check, Sakura's prefix holds them again.
    expect(await p.check()).toBe(true);
    p.consume(oddBatch());
    expect(await p.stop()).toMatchObject({ sightings: 9, ingested: 6, rejected: 3 });
    expect(await hostsOf(ids.minato!)).toEqual([INFECTED, PROBED]);
    expect(await hostsOf(ids.sakura!)).toEqual(expect.arrayContaining([INFECTED, PROBED]));
  });

  it('prefers the most confident indicator for an address, and leaves expired ones out of a rebuild', async () => {
    const weak = (await operator.request('POST', '/api/v1/intel/sources', { name: 'weak', defaultCategory: 'scanner', defaultConfidence: 20 })).json().id;
    const m = multipart('weak.txt', `${C2}\n`);
    await h.app.inject({ method: 'POST', url: `/api/v1/intel/sources/${weak}/import`, payload: m.payload, headers: { ...m.headers, cookie: operator.cookie, 'x-csrf-token': operator.csrf } });
    const idOf = async (source: string) =>
      (await h.t.db.selectFrom('indicators').select('id').where('source_id', '=', source).where('value', '=', C2).executeTakeFirstOrThrow()).id;
    const [strongId, weakId] = [await idOf(src), await idOf(weak)];
    const alertsFor = async (indicator: string) =>
      Number((await h.t.db.selectFrom('flow_alerts').select((eb) => eb.fn.countAll().as('n')).where('indicator_id', '=', indicator).executeTakeFirstOrThrow()).n);

    const p = new FlowPipeline(h.deps, { checkMs: 0 });
    await p.start();
    p.consume(oddBatch());
    await p.drain();
    expect(await alertsFor(weakId)).toBe(0);
    expect(await alertsFor(strongId)).toBeGreaterThan(0);

    // The confident one expires: the next rebuild leaves it out and the weak one matches.
    await h.t.db.updateTable('indicators').set({ valid_until: '2026-11-24T02:00:00.000Z' }).where('id', '=', strongId).execute();
    await p.reload();
    expect(p.stats().lastRebuild).toMatchObject({ indicators: 2, addresses: 2 });
    p.consume(oddBatch());
    expect(await p.stop()).toMatchObject({ errors: 0, rejected: 0 });
    expect(await alertsFor(weakId)).toBeGreaterThan(0);
  });

  it('tells the operator when no collector is configured', async () => {
    const res = await operator.request('GET', '/api/v1/flows/pipeline');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ configured: false, listen: null, stats: null });
  });
});

describe('the server runs the pipeline when RENKEI_COLLECTOR_PORT is set', () => {
  it('starts the collector with the server and, on close, matches and stores the last partial batch', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-serve-pipeline-'));
    try {
      const config = loadConfig({ PORT: '0', RENKEI_DATA_DIR: dataDir, RENKEI_DEMO: '1', RENKEI_LOG_LEVEL: 'silent', RENKEI_COLLECTOR_PORT: '0' });
      expect(config.collector).toEqual({ host: '127.0.0.1', port: 0 });
      expect(loadConfig({}).collector).toBeUndefined();
      const server = await startServer(config, { webDir: dataDir, worker: false });
      const pipeline = server.pipeline!;
      expect(pipeline.port).toBeGreaterThan(0);
      // One flow from a demo member host (Sakura, 192.0.2.0/25) to an address no indicator names.
      await sendPackets([v5Packet([{ src: ip('192.0.2.10'), dst: ip('100.64.1.1'), srcPort: 50_000, dstPort: 443, proto: 6, tcpFlags: 0x1b, packets: 5, bytes: 900, first: 1000, last: 2000 }], 0, Math.floor(Date.now() / 1000), 3000)], [pipeline.port], 0);
      await waitFor(() => pipeline.stats().collector!.flows === 1, 'the flow');
      await server.close(); // as on SIGTERM: the partial batch is flushed, matched and drained
      expect(pipeline.stats()).toMatchObject({ running: false, flows: 1, sightings: 0, errors: 0 });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
