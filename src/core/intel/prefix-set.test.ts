import { describe, expect, it } from 'vitest';
import { FlowBatch } from '../flows/batch.ts';
import { type Words, compareWords, formatIPv4, formatIPv6, parseIpLike } from './ip.ts';
import { PrefixSet, PrefixSetBuilder } from './prefix-set.ts';

/** mulberry32: seeded, so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('most specific match', () => {
  const set = PrefixSet.from([
    ['10.0.0.0/8', 0],
    ['10.1.0.0/16', 1],
    ['10.1.2.3', 2],
    ['2001:db8::/32', 3],
    ['2001:db8:1::/48', 4],
    ['2001:db8:1::1', 5],
  ]);

  it.each([
    ['10.1.2.3', 2], ['10.1.2.2', 1], ['10.1.2.4', 1], ['10.1.255.255', 1], ['10.2.0.0', 0], ['10.0.0.0', 0], ['10.255.255.255', 0],
    ['9.255.255.255', -1], ['11.0.0.0', -1], ['2001:db8:1::1', 5], ['2001:db8:1::2', 4], ['2001:db8:2::', 3], ['2001:db9::', -1], ['::', -1],
  ])('%s → %i', (address, payload) => expect(set.lookup(address)).toBe(payload));

  it('finds IPv4 written IPv4-mapped', () => {
    expect(set.lookup('::ffff:10.1.2.3')).toBe(2);
    expect(set.lookupV6(0, 0, 0xffff, 0x0a010203)).toBe(2);
  });

  it('does not depend on the order entries were added', () => {
    const reversed = PrefixSet.from([['10.1.2.3', 2], ['10.1.0.0/16', 1], ['10.0.0.0/8', 0]]);
    expect(['10.1.2.3', '10.1.9.9', '10.9.9.9'].map((a) => reversed.lookup(a))).toEqual([2, 1, 0]);
  });

  it('flattens into disjoint intervals (a lookup is one binary search)', () => {
    expect(set.intervals).toEqual({ v4: 5, v6: 5 });
  });

  it('takes the smaller of partly overlapping ranges, and the first added between equals', () => {
    const s = PrefixSet.from([['10.0.0.0-10.0.0.99', 0], ['10.0.0.50-10.0.0.200', 1], ['10.0.0.60-10.0.0.70', 2], ['10.0.0.60-10.0.0.70', 3]]);
    expect(['10.0.0.10', '10.0.0.55', '10.0.0.65', '10.0.0.99', '10.0.0.100', '10.0.0.201'].map((a) => s.lookup(a))).toEqual([0, 0, 2, 0, 1, -1]);
  });

  it('covers the ends of the address space', () => {
    const s = PrefixSet.from([['0.0.0.0/0', 0], ['255.255.255.255', 1], ['0.0.0.0', 2], ['::/0', 3], ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 4]]);
    expect(['0.0.0.0', '0.0.0.1', '255.255.255.254', '255.255.255.255'].map((a) => s.lookup(a))).toEqual([2, 0, 0, 1]);
    expect(['::', '2001:db8::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'].map((a) => s.lookup(a))).toEqual([3, 3, 3, 4]);
  });

  it('lets an IPv6 prefix over the mapped block answer for IPv4 addresses, behind more specific IPv4 entries', () => {
    const s = PrefixSet.from([['::ffff:0:0/96', 0], ['192.0.2.0/24', 1], ['::/64', 2]]);
    expect(s.lookup('198.51.100.1')).toBe(0);
    expect(s.lookup('192.0.2.1')).toBe(1);
    expect(s.lookup('::1')).toBe(2);
  });

  it('is empty when nothing was added', () => {
    const s = new PrefixSetBuilder().build();
    expect(s.lookup('10.0.0.1')).toBe(-1);
    expect(s.lookup('2001:db8::1')).toBe(-1);
  });

  it('rejects malformed text and bad payloads', () => {
    expect(() => PrefixSet.from([['10.0.0.0/33', 0]])).toThrow(/CIDR/);
    expect(() => new PrefixSetBuilder().addRange([0, 0, 0, 2], [0, 0, 0, 1], 0)).toThrow(/after/);
    expect(() => new PrefixSetBuilder().add('10.0.0.1', -1)).toThrow(/payload/);
  });
});

describe('against a brute-force reference on random data (seeded)', () => {
  type Entry = { lo: Words; hi: Words; size: number; order: number; payload: number };
  const reference = (entries: Entry[], w: Words) => {
    let best: Entry | undefined;
    for (const e of entries) {
      if (compareWords(e.lo, w) > 0 || compareWords(e.hi, w) < 0) continue;
      if (!best || e.size < best.size || (e.size === best.size && e.order < best.order)) best = e;
    }
    return best ? best.payload : -1;
  };

  for (const seed of [1, 2, 3, 42]) {
    it(`seed ${seed}: single lookups and batch lookups agree with the reference`, () => {
      const rand = prng(seed);
      // A narrow universe (10.0.0.0/16 and 2001:db8::/112) so entries nest and overlap a lot.
      const v4 = () => (0x0a000000 | Math.floor(rand() * 65536)) >>> 0;
      const v6 = (): Words => [0x20010db8, 0, 0, Math.floor(rand() * 65536)];
      const texts: string[] = [];
      for (let i = 0; i < 400; i++) {
        const r = rand();
        if (r < 0.3) texts.push(formatIPv4(v4()));
        else if (r < 0.55) texts.push(`${formatIPv4(v4())}/${16 + Math.floor(rand() * 17)}`);
        else if (r < 0.7) {
          const [a, b] = [v4(), v4()].sort((x, y) => x - y);
          texts.push(`${formatIPv4(a!)}-${formatIPv4(b!)}`);
        } else if (r < 0.85) texts.push(`${formatIPv6(v6())}/${112 + Math.floor(rand() * 17)}`);
        else {
          const [a, b] = [v6(), v6()].sort(compareWords);
          texts.push(`${formatIPv6(a!)}-${formatIPv6(b!)}`);
        }
      }
      const entries: Entry[] = texts.map((t, order) => {
        const p = parseIpLike(t)!;
        const size = Number(p.hi[3]) - Number(p.lo[3]) + 1 + (p.hi[2] - p.lo[2]) * 2 ** 32;
        return { lo: p.lo, hi: p.hi, size, order, payload: (order * 7) % 1000 };
      });
      const set = PrefixSet.from(texts.map((t, i) => [t, entries[i]!.payload] as const));

      const batch = new FlowBatch(3000);
      const expected: number[] = [];
      while (!batch.full) {
        const row = batch.next();
        const isV4 = rand() < 0.6;
        const w: Words = isV4 ? [0, 0, 0xffff, v4()] : v6();
        batch.family[row] = isV4 ? 4 : 6;
        batch.dst.set(w, row * 4);
        expected.push(reference(entries, w));
        expect(set.lookupV6(w[0], w[1], w[2], w[3])).toBe(expected[row]);
      }
      const out = new Int32Array(batch.length);
      set.lookupBatch(batch, 'dst', out);
      expect([...out]).toEqual(expected);
      expect(expected.filter((p) => p >= 0).length).toBeGreaterThan(1000);
    });
  }

  it('agrees with one-by-one lookups over the whole IPv4 space with sparse entries', () => {
    const rand = prng(7);
    const b = new PrefixSetBuilder();
    for (let i = 0; i < 5000; i++) {
      const lo = Math.floor(rand() * 2 ** 32);
      b.addV4(lo, Math.min(0xffffffff, lo + Math.floor(rand() * 2 ** 20)), i);
    }
    const set = b.build();
    const batch = new FlowBatch(5000);
    while (!batch.full) batch.setIPv4(batch.src, batch.next(), Math.floor(rand() * 2 ** 32));
    batch.family.fill(4);
    const out = new Int32Array(batch.length);
    set.lookupBatch(batch, 'src', out);
    for (let row = 0; row < batch.length; row++) expect(out[row]).toBe(set.lookupAt(batch.src, row, 4));
  });
});
