/**
 * The UDP collector with real packets over 127.0.0.1: the 92 real export packets from
 * ../shared/fixtures/netflow (each exporter group from its own socket, so templates are kept
 * per exporter), and Debian's nfreplay replaying an nfcapd file as NetFlow v5 and v9; flow
 * counts must equal what a FlowDecoder and `nfdump -I` report for the same input.
 */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBatch, formatAddress } from '../../core/flows/batch.ts';
import { GROUPS, HAVE_FIXTURES, SKIP_REASON, readFixture, runGroup } from '../../core/flows/fixtures.test-support.ts';
import { nfdumpToolsMissing, sendPackets, startNfcapd, syntheticV5 } from '../../../test/flow-files/nfdump.ts';
import { Collector, kernelDrops } from './collector.ts';

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

describe('Collector', () => {
  it('hands over batches, counts malformed packets and keeps running', async () => {
    const seen: number[] = [];
    const c = new Collector({ port: 0, flushMs: 0, onBatch: (b) => void seen.push(b.length) });
    const port = await c.start();
    expect(port).toBeGreaterThan(0);
    const packets = syntheticV5(4, 5);
    await sendFrom([new Uint8Array([0, 5]), new Uint8Array([0, 7, 0, 0, 0, 0]), ...packets], port);
    await waitFor(() => c.packets === 6);
    const stats = await c.stop();
    expect(stats).toMatchObject({ packets: 6, flows: 120, delivered: 120, malformed: 2, dropped: 0, exporters: 1 });
    expect(stats.malformedByReason).toEqual({ 'short-header': 1, 'bad-version': 1 });
    expect(seen).toEqual([120]);
    expect(stats.recvBufferSize).toBeGreaterThan(0);
  });

  it('counts flows as dropped while an async consumer lags, never blocks the socket', async () => {
    let release: () => void = () => {};
    const batches: number[] = [];
    const c = new Collector({
      port: 0,
      batchSize: 60,
      flushMs: 0,
      onBatch: (b) => {
        batches.push(b.length);
        // Only the first batch is slow.
        return batches.length === 1 ? new Promise<void>((r) => (release = r)) : undefined;
      },
    });
    const port = await c.start();
    // 4 packets × 30 flows: first 60 handed over, next 60 dropped (consumer still busy).
    await sendFrom(syntheticV5(4, 9), port);
    await waitFor(() => c.packets === 4);
    expect(c.stats()).toMatchObject({ flows: 120, delivered: 60, dropped: 60 });
    release();
    await c.idle();
    await sendFrom(syntheticV5(1, 10), port);
    await waitFor(() => c.packets === 5);
    const stats = await c.stop();
    expect(stats).toMatchObject({ flows: 150, delivered: 90, dropped: 60 });
    expect(batches).toEqual([60, 30]);
  });

  it('counts v5 sequence gaps as lost flows', async () => {
    const c = new Collector({ port: 0, onBatch: () => {} });
    const port = await c.start();
    const p = syntheticV5(5, 2);
    await sendFrom([p[0]!, p[1]!, p[4]!], port); // packets 2 and 3 (60 flows) missing
    await waitFor(() => c.packets === 3);
    const stats = await c.stop();
    expect(stats.sequenceLost).toBe(60);
  });

  it('reads the kernel drop counter of its socket', async () => {
    const c = new Collector({ port: 0, onBatch: () => {} });
    const port = await c.start();
    if (os.platform() === 'linux') expect(kernelDrops(port)).toBe(0);
    await c.stop();
  });

  it.skipIf(!HAVE_FIXTURES)(`decodes the real fixture packets sent over UDP as a FlowDecoder does${SKIP_REASON}`, async () => {
    let expectedFlows = 0;
    let expectedMalformed = 0;
    for (const files of Object.values(GROUPS)) {
      const run = runGroup(files);
      expectedFlows += run.decoder.totals.flows;
      expectedMalformed += run.decoder.totals.malformed;
    }
    const rows: string[] = [];
    const c = new Collector({
      port: 0,
      flushMs: 0,
      onBatch: (b: FlowBatch) => {
        for (let i = 0; i < b.length; i++) rows.push(`${formatAddress(b.src, i, b.family[i]!)}>${formatAddress(b.dst, i, b.family[i]!)}`);
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
    const stats = await c.stop();
    expect(stats.packets).toBe(sent);
    expect(stats.exporters).toBe(Object.keys(GROUPS).length);
    expect(stats.flows).toBe(expectedFlows);
    expect(stats.malformed).toBe(expectedMalformed);
    expect(rows.length).toBe(expectedFlows);
    expect(expectedFlows).toBeGreaterThan(100);
  });
});

// Synthetic packets only: the nfdump tools are needed, not ../shared.
const nfMissing = nfdumpToolsMissing() || (spawnSync('nfreplay', ['-V']).error ? 'nfreplay is not installed (Debian package `nfdump`)' : '');
if (nfMissing && process.env.CI) throw new Error(`${nfMissing}: CI must run the nfreplay test (apt-get install -y nfdump)`);

describe.skipIf(!!nfMissing)(`Collector fed by Debian's nfreplay${nfMissing ? ` (skipped: ${nfMissing})` : ''}`, () => {
  let dir = '';
  let file = '';
  let nfdumpFlows = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-collector-'));
    const nfcapd = await startNfcapd(path.join(dir, 'cap'));
    await sendPackets(syntheticV5(200, 21), [nfcapd.port], 0);
    await new Promise((r) => setTimeout(r, 300));
    const files = await nfcapd.stop();
    file = files[0]!;
    const info = spawnSync('nfdump', ['-r', file, '-I'], { encoding: 'utf8' }).stdout;
    nfdumpFlows = Number(/^Flows: (\d+)/m.exec(info)?.[1]);
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const version of ['5', '9']) {
    it(`receives every flow of an nfcapd file replayed as NetFlow v${version}`, async () => {
      expect(nfdumpFlows).toBe(6000);
      let delivered = 0;
      const c = new Collector({ port: 0, onBatch: (b) => void (delivered += b.length) });
      const port = await c.start();
      const r = spawnSync('nfreplay', ['-r', file, '-H', '127.0.0.1', '-p', String(port), '-v', version, '-d', '100'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      await waitFor(() => c.stats().flows >= nfdumpFlows);
      const stats = await c.stop();
      expect(stats.flows).toBe(nfdumpFlows);
      expect(delivered).toBe(nfdumpFlows);
      expect(stats).toMatchObject({ malformed: 0, sequenceLost: 0, dropped: 0 });
      if (version === '9') expect(stats.templates).toBeGreaterThan(0);
    });
  }
});
