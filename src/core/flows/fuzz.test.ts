/**
 * Mutation fuzzing: thousands of bit flips, byte overwrites, truncations and extensions of
 * real export packets (and synthetic ones, so this runs without ../shared too), fed to
 * decoders that learned the unmutated templates first. The decoder must not throw, must not
 * hit its internal-error guard, and its counters must add up. Seeded, so runs repeat.
 */
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { FlowDecoder, MAX_FLOWS_PER_PACKET, Malformed } from './decoder.ts';
import { GROUPS, HAVE_FIXTURES, readFixture } from './fixtures.test-support.ts';
import { type FieldSpec, dataSet, ipfixOptionsTemplateSet, ipfixPacket, ipfixTemplateSet, record, v5Packet, v9Packet, v9TemplateSet } from './synth.ts';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(packet: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = packet.slice();
  const kinds = 1 + int(3);
  for (let k = 0; k < kinds; k++) {
    switch (int(6)) {
      case 0: // bit flips
        for (let i = 0, n = 1 + int(8); i < n && b.length; i++) b[int(b.length)]! ^= 1 << int(8);
        break;
      case 1: // bytes set to 0x00 / 0xff / random, biased to headers and set headers
        for (let i = 0, n = 1 + int(4); i < n && b.length; i++) b[int(Math.min(b.length, rnd() < 0.5 ? 64 : b.length))] = [0, 0xff, int(256)][int(3)]!;
        break;
      case 2: // truncation
        b = b.subarray(0, int(b.length + 1));
        break;
      case 3: // extension with random bytes
        b = Uint8Array.from([...b, ...Array.from({ length: int(64) }, () => int(256))]);
        break;
      case 4: // a 16-bit length or count somewhere set to an extreme
        if (b.length >= 2) new DataView(b.buffer, b.byteOffset).setUint16(int(b.length - 1), [0, 1, 3, 4, 65535, int(65536)][int(6)]!);
        break;
      default: // a chunk copied over another place (duplicated set headers, shifted records)
        if (b.length > 8) b.copyWithin(int(b.length), int(b.length), int(b.length));
    }
  }
  return b;
}

function synthetic(): Uint8Array[][] {
  const A: FieldSpec[] = [
    { id: 8, length: 4 }, { id: 12, length: 4 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 4, length: 1 }, { id: 1, length: 8 },
    { id: 2, length: 4 }, { id: 22, length: 4 }, { id: 21, length: 4 },
  ];
  const V: FieldSpec[] = [{ id: 27, length: 16 }, { id: 28, length: 16 }, { id: 82, length: 65535 }, { id: 1, length: 4, enterprise: 29305 }, { id: 152, length: 8 }];
  const opt: FieldSpec[] = [{ id: 302, length: 4 }, { id: 305, length: 4 }, { id: 306, length: 4 }, { id: 160, length: 8 }];
  const recs = Array.from({ length: 10 }, (_, i) => record(A, [`10.0.0.${i}`, '192.0.2.1', 1000 + i, 443, 6, 1e6, 10, 5000, 9000]));
  const vrecs = Array.from({ length: 5 }, (_, i) => record(V, ['2001:db8::1', `2001:db8::${i + 2}`, 'x'.repeat(i * 90), 7, 1.7e12]));
  return [
    [v5Packet({ sysUptimeMs: 9000, unixSecs: 1e9, sequence: 5, sampling: 100 }, Array.from({ length: 30 }, (_, i) => ({
      src: `10.0.0.${i}`, dst: '10.0.1.1', srcPort: i, dstPort: 80, proto: 6, packets: 1, bytes: 40, first: 1000, last: 2000,
    })))],
    [v9Packet({ sysUptimeMs: 9000, unixSecs: 1e9, sequence: 1, sourceId: 0 }, [v9TemplateSet([{ id: 256, fields: A }]), dataSet(256, recs)])],
    [ipfixPacket({ exportSecs: 1e9, sequence: 0, domain: 1 }, [
      ipfixTemplateSet([{ id: 256, fields: V }]), ipfixOptionsTemplateSet(257, 1, opt), dataSet(257, [record(opt, [1, 1, 99, 1.6e12])]), dataSet(256, vrecs),
    ])],
  ];
}

describe('fuzzing with mutated packets', () => {
  it('never throws, drops malformed packets whole, and keeps its counters consistent', () => {
    const rnd = prng(0x5eed);
    const groups = [...synthetic(), ...(HAVE_FIXTURES ? Object.values(GROUPS).map((files) => files.map(readFixture)) : [])];
    const out = new FlowBatch(4 * MAX_FLOWS_PER_PACKET);
    let calls = 0;
    let flows = 0;
    let ok = 0;
    let waiting = 0;
    let buffered = 0;
    let badRows = 0;
    for (const [g, packets] of groups.entries()) {
      const decoder = new FlowDecoder({ pendingPerTemplate: 2 });
      const exporter = { id: g, key: `fuzz-${g}` };
      let local = 0;
      const feed = (p: Uint8Array, at: number) => {
        if (out.capacity - out.length < 2 * MAX_FLOWS_PER_PACKET) out.clear();
        const before = out.length;
        const r = decoder.decode(p, exporter, at, out);
        calls++;
        local++;
        flows += r.flows;
        waiting += r.waiting;
        buffered += r.buffered;
        expect(r.overflow).toBe(0);
        expect(r.buffered).toBeLessThanOrEqual(r.waiting);
        if (r.malformed !== Malformed.NONE) {
          expect(out.length).toBe(before);
          expect(r.flows).toBe(0);
        } else {
          ok++;
          expect(out.length - before).toBe(r.flows);
        }
        for (let i = before; i < out.length; i++) {
          const family = out.family[i];
          if ((family !== 4 && family !== 6) || out.sampling[i]! < 1 || out.exporter[i] !== g || Number.isNaN(out.start[i]! + out.end[i]!)) badRows++;
        }
      };
      for (const p of packets) feed(p, 0); // learn the real templates first
      const rounds = Math.max(60, Math.ceil(400 / packets.length));
      for (let round = 0; round < rounds; round++) {
        for (const p of packets) feed(mutate(p, rnd), round * 1000);
        if (round % 10 === 0) for (const p of packets) feed(p, round * 1000);
      }
      expect(decoder.internalErrors).toBe(0);
      const t = decoder.totals;
      expect(t.packets).toBe(local);
      expect(Array.from(t.malformedByReason).reduce((a, b) => a + b, 0)).toBe(t.malformed);
      expect(t.malformedByReason[Malformed.INTERNAL]).toBe(0);
      expect(t.released).toBeLessThanOrEqual(t.buffered);
      expect(decoder.templateCount).toBeLessThanOrEqual(decoder.limits.maxTemplates);
    }
    expect(badRows).toBe(0);
    // 92 real packets with ../shared; the synthetic ones alone without it.
    expect(calls).toBeGreaterThan(HAVE_FIXTURES ? 5000 : 1000);
    expect(ok).toBeGreaterThan(0);
    expect(calls - ok).toBeGreaterThan(0);
    expect(flows).toBeGreaterThan(0);
    expect(buffered).toBeLessThanOrEqual(waiting);
  });
});
