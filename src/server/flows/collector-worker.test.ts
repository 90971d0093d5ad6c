/**
 * The collector with `worker: true`: socket and decoder in a worker thread, batches in shared
 * memory, `onBatch` on this thread. Real datagrams over 127.0.0.1; the same outcomes as the
 * in-thread collector (collector.test.ts), including consumer lag and a port already taken.
 */
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { FlowBatch, formatAddress } from '../../core/flows/batch.ts';
import { FlowDecoder } from '../../core/flows/decoder.ts';
import { syntheticV5 } from '../../../test/flow-files/nfdump.ts';
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
});
