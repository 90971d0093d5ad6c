/**
 * The collector with `worker: true`: socket and decoder in a worker thread, batches in shared
 * memory, `onBatch` on this thread. Real datagrams over 127.0.0.1; the same outcomes as the
 * in-thread collector (collector.test.ts): the 92 real exporter packets from ../shared/fixtures
 * (skipped without them), nfreplay's v5 and v9, consumer lag and a port already taken.
 */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBatch, formatAddress } from '../../core/flows/batch.ts';
import { FlowDecoder } from '../../core/flows/decoder.ts';
import { GROUPS, HAVE_FIXTURES, SKIP_REASON, readFixture, runGroup } from '../../core/flows/fixtures.test-support.ts';
import { nfdumpToolsMissing, sendPackets, startNfcapd, syntheticV5 } from '../../../test/flow-files/nfdump.ts';
import { Collector } from './collector.ts';
import { warmUpDecoder, warmUpPackets } from './warm-up.ts';

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function sendFrom(packets: Uint8Array[], port: number): Promise<void> {
  const s = dgram.createSocket('udp4');
  for (const p of packets) await new Promise<void>((resolve, reject) => s.send(p, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  await new Promise<void>((resolve) => s.close(() => resolve()));
}

describe('Collector in a worker thread', () => {
  it('hands over batches with their rows, counts malformed packets, and keeps its stats after stop', async () => {
    const seen: { length: number; first: string; exporter: number }[] = [];
    const c = new Collector({
      port: 0,
      flushMs: 0,
      worker: true,
      onBatch: (b) => void seen.push({ length: b.length, first: formatAddress(b.src, 0, b.family[0]!), exporter: b.exporter[0]! }),
    });
    const port = await c.start();
    expect(port).toBeGreaterThan(0);
    expect(c.port).toBe(port);
    const packets = syntheticV5(4, 5);
    await sendFrom([new Uint8Array([0, 5]), new Uint8Array([0, 7, 0, 0, 0, 0]), ...packets], port);
    await waitFor(() => c.packets === 6);
    expect(c.stats()).toMatchObject({ packets: 6, flows: 120, delivered: 0, malformed: 2 });
    const stats = await c.stop();
    expect(stats).toMatchObject({ packets: 6, flows: 120, delivered: 120, malformed: 2, dropped: 0, exporters: 1, batches: 1 });
    expect(stats.malformedByReason).toEqual({ 'short-header': 1, 'bad-version': 1 });
    expect(stats.recvBufferSize).toBeGreaterThan(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.length).toBe(120);
    expect(seen[0]!.first).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(c.stats()).toMatchObject({ packets: 6, delivered: 120 });
  });

  it('lets the consumer lag by the ring, then counts flows as dropped', async () => {
    let release: () => void = () => {};
    const batches: number[] = [];
    const c = new Collector({
      port: 0,
      batchSize: 60,
      flushMs: 0,
      worker: true,
      ringSize: 3,
      onBatch: (b) => {
        batches.push(b.length);
        // Only the first batch is slow.
        return batches.length === 1 ? new Promise<void>((r) => (release = r)) : undefined;
      },
    });
    const port = await c.start();
    // 6 packets × 30 flows: the first 60 are held by the consumer, the next 60 wait in the ring
    // (its third batch is the one being filled), the last 60 find no free batch and are dropped.
    await sendFrom(syntheticV5(6, 9), port);
    await waitFor(() => c.packets === 6);
    expect(c.stats()).toMatchObject({ flows: 180, delivered: 120, dropped: 60 });
    release();
    await waitFor(() => batches.length === 2);
    await c.idle();
    await sendFrom(syntheticV5(1, 20), port);
    await waitFor(() => c.packets === 7);
    const stats = await c.stop();
    expect(stats).toMatchObject({ flows: 210, delivered: 150, dropped: 60, batches: 3 });
    expect(batches).toEqual([60, 60, 30]);
  });

  it('rejects start with the bind error when the port is taken, and refuses an injected clock', async () => {
    const taken = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', () => resolve()));
    const c = new Collector({ port: taken.address().port, worker: true, onBatch: () => {} });
    await expect(c.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    await expect(new Collector({ port: 0, worker: true, now: () => 0, onBatch: () => {} }).start()).rejects.toThrow(/now/);
  });

  it('warms up on synthetic v5, v9 and IPFIX packets that all decode', () => {
    const decoder = new FlowDecoder();
    const batch = new FlowBatch(20_000);
    for (const p of warmUpPackets()) decoder.decode(p, { id: 0, key: 'test:0' }, Date.UTC(2026, 0, 1), batch);
    expect(decoder.totals).toMatchObject({ malformed: 0, overflow: 0, flows: 1280 });
    expect(decoder.totals.waiting).toBe(0);
    expect(warmUpDecoder(1)).toBeGreaterThanOrEqual(1280);
  });

  it.skipIf(!HAVE_FIXTURES)(`decodes the real fixture packets as the in-thread collector does${SKIP_REASON}`, async () => {
    const run = async (worker: boolean) => {
      const rows: string[] = [];
      const c = new Collector({
        port: 0,
        flushMs: 0,
        worker,
        onBatch: (b) => {
          for (let i = 0; i < b.length; i++) rows.push(`${formatAddress(b.src, i, b.family[i]!)}>${formatAddress(b.dst, i, b.family[i]!)} ${b.start[i]} ${b.bytes[i]} ${b.sampling[i]}`);
        },
      });
      const port = await c.start();
      let sent = 0;
      // One socket per exporter group, in capture order (templates before data).
      for (const files of Object.values(GROUPS)) {
        await sendFrom(files.map(readFixture), port);
        sent += files.length;
      }
      await waitFor(() => c.packets === sent);
      return { stats: await c.stop(), rows, sent };
    };
    let expectedFlows = 0;
    for (const files of Object.values(GROUPS)) expectedFlows += runGroup(files).decoder.totals.flows;
    const inThread = await run(false);
    const inWorker = await run(true);
    expect(inWorker.stats).toMatchObject({ packets: inWorker.sent, flows: expectedFlows, malformed: inThread.stats.malformed, exporters: Object.keys(GROUPS).length });
    expect(inWorker.rows).toEqual(inThread.rows);
    expect(expectedFlows).toBeGreaterThan(100);
  });
});

// Synthetic packets only: the nfdump tools are needed, not ../shared.
const nfMissing = nfdumpToolsMissing() || (spawnSync('nfreplay', ['-V']).error ? 'nfreplay is not installed (Debian package `nfdump`)' : '');

describe.skipIf(!!nfMissing)(`Collector in a worker thread fed by Debian's nfreplay${nfMissing ? ` (skipped: ${nfMissing})` : ''}`, () => {
  let dir = '';
  let file = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-collector-worker-'));
    const nfcapd = await startNfcapd(path.join(dir, 'cap'));
    await sendPackets(syntheticV5(200, 21), [nfcapd.port], 0);
    await new Promise((r) => setTimeout(r, 300));
    file = (await nfcapd.stop())[0]!;
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const version of ['5', '9']) {
    it(`receives every flow of an nfcapd file replayed as NetFlow v${version}`, async () => {
      let delivered = 0;
      const c = new Collector({ port: 0, worker: true, batchSize: 1000, onBatch: (b) => void (delivered += b.length) });
      const port = await c.start();
      const r = spawnSync('nfreplay', ['-r', file, '-H', '127.0.0.1', '-p', String(port), '-v', version, '-d', '100'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      await waitFor(() => c.stats().flows >= 6000);
      const stats = await c.stop();
      expect(stats.flows).toBe(6000);
      expect(delivered).toBe(6000);
      expect(stats.batches).toBeGreaterThan(1);
      expect(stats).toMatchObject({ malformed: 0, sequenceLost: 0, dropped: 0 });
      if (version === '9') expect(stats.templates).toBeGreaterThan(0);
    });
  }
});
