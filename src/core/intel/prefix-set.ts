/**
 * An immutable set of address prefixes and ranges, each with a uint32 payload (an indicator
 * or institution index), answering "which entry holds this address" with the MOST SPECIFIC
 * one: the smallest containing entry; between entries of equal size, the one added first.
 *
 * Built once: nested and overlapping entries are flattened by a sweep into sorted disjoint
 * intervals, each carrying the payload of its most specific entry, so a lookup is one binary
 * search. IPv4 intervals live in Uint32Arrays (start, end) with a 65,536-slot index on the
 * top 16 bits that narrows the search to one bucket; IPv6 intervals are four words per bound
 * with the same index on the top 16 bits of word 0. An IPv6 entry that overlaps the
 * IPv4-mapped block ::ffff:0:0/96 is also clipped into the IPv4 table (keeping its size as
 * its specificity), so IPv4 and IPv6 agree on one 128-bit address space.
 */
import { WORDS_PER_ADDRESS, type FlowBatch } from '../flows/batch.ts';
import { type IpAddress, type Words, describeIpError, isMapped, parseAddress, parseIpLike } from './ip.ts';

const NONE = -1;
const MAPPED_LO = 0xffffn << 32n;
const MAPPED_HI = MAPPED_LO | 0xffffffffn;
const MAX128 = (1n << 128n) - 1n;

const toBig = (w: Words): bigint => (BigInt(w[0]) << 96n) | (BigInt(w[1]) << 64n) | (BigInt(w[2]) << 32n) | BigInt(w[3]);

/** Growable column of numbers backed by a typed array. */
class Column<T extends Uint32Array | Int32Array | Float64Array> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

interface Flat<P> {
  starts: P[] | Uint32Array;
  ends: P[] | Uint32Array;
  payloads: Int32Array;
  count: number;
}

/**
 * The sweep: entries sorted by start; a min-heap of the entries covering the current point,
 * ordered by (size, insertion order). Each step emits the best entry's run up to where it
 * ends or the next entry starts. Adjacent runs of the same payload are merged.
 */
function flatten<P extends number | bigint>(
  n: number, order: ArrayLike<number>, lo: ArrayLike<P>, hi: ArrayLike<P>, size: ArrayLike<number>, seq: ArrayLike<number>,
  payload: ArrayLike<number>, inc: (x: P) => P, dec: (x: P) => P, max: P, out: { starts: P[] | Uint32Array; ends: P[] | Uint32Array },
): Flat<P> {
  const heap = new Int32Array(n);
  let heapSize = 0;
  const better = (a: number, b: number) => size[a]! < size[b]! || (size[a] === size[b] && seq[a]! < seq[b]!);
  const push = (e: number) => {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(e, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = e;
  };
  const pop = () => {
    const e = heap[--heapSize]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heapSize) break;
      if (c + 1 < heapSize && better(heap[c + 1]!, heap[c]!)) c++;
      if (!better(heap[c]!, e)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    if (heapSize > 0) heap[i] = e;
  };
  const payloads = new Int32Array(2 * n + 1);
  let count = 0;
  let i = 0;
  let p = lo[0]!;
  for (;;) {
    if (heapSize === 0) {
      if (i >= n) break;
      p = lo[order[i]!]!;
    }
    while (i < n && lo[order[i]!]! <= p) push(order[i++]!);
    while (heapSize > 0 && hi[heap[0]!]! < p) pop();
    if (heapSize === 0) continue;
    const best = heap[0]!;
    let end = hi[best]!;
    if (i < n && dec(lo[order[i]!]!) < end) end = dec(lo[order[i]!]!);
    if (count > 0 && payloads[count - 1] === payload[best] && inc(out.ends[count - 1] as P) === p) out.ends[count - 1] = end;
    else {
      out.starts[count] = p;
      out.ends[count] = end;
      payloads[count++] = payload[best]!;
    }
    if (end === max) break;
    p = inc(end);
  }
  return { starts: out.starts, ends: out.ends, payloads, count };
}

/** Index over the top 16 bits: slot k holds the number of intervals starting below k << 16. */
function topIndex(count: number, top16: (j: number) => number): Uint32Array {
  const index = new Uint32Array(65537);
  let j = 0;
  for (let k = 0; k <= 65536; k++) {
    while (j < count && top16(j) < k) j++;
    index[k] = j;
  }
  return index;
}

export class PrefixSetBuilder {
  private v4Lo = new Column(new Uint32Array(64));
  private v4Hi = new Column(new Uint32Array(64));
  private v4Size = new Column(new Float64Array(64));
  private v4Seq = new Column(new Uint32Array(64));
  private v4Payload = new Column(new Int32Array(64));
  private v6: { lo: bigint; hi: bigint; seq: number; payload: number }[] = [];
  private seq = 0;

  get size(): number {
    return this.seq;
  }

  /** An IPv4 interval given as unsigned 32-bit numbers (the fast path for bulk loads). */
  addV4(lo: number, hi: number, payload: number, size = hi - lo + 1, seq = this.seq++): void {
    this.v4Lo.push(lo);
    this.v4Hi.push(hi);
    this.v4Size.push(size);
    this.v4Seq.push(seq);
    this.v4Payload.push(payload);
  }

  /** Any interval of the 128-bit space (IPv4 as ::ffff:a.b.c.d). */
  addRange(lo: Words, hi: Words, payload: number): void {
    if (payload < 0 || payload > 0x7fffffff || !Number.isInteger(payload)) throw new RangeError(`payload ${payload} is not a non-negative int32`);
    if (isMapped(lo) && isMapped(hi)) {
      if (lo[3] > hi[3]) throw new RangeError('range start is after its end');
      return this.addV4(lo[3], hi[3], payload);
    }
    const a = toBig(lo);
    const b = toBig(hi);
    if (a > b) throw new RangeError('range start is after its end');
    const seq = this.seq++;
    this.v6.push({ lo: a, hi: b, seq, payload });
    if (a <= MAPPED_HI && b >= MAPPED_LO) {
      const clipLo = a > MAPPED_LO ? Number(a - MAPPED_LO) : 0;
      const clipHi = b < MAPPED_HI ? Number(b - MAPPED_LO) : 0xffffffff;
      this.addV4(clipLo, clipHi, payload, Number(b - a + 1n), seq);
    }
  }

  /** An address, CIDR (`10.0.0.0/8`, host bits ignored) or range (`a-b`) in text; throws on anything else. */
  add(text: string, payload: number): void {
    const p = parseIpLike(text);
    if (!p) throw new SyntaxError(describeIpError(text));
    this.addRange(p.lo, p.hi, payload);
  }

  build(): PrefixSet {
    const n4 = this.v4Lo.length;
    const lo4 = this.v4Lo.data;
    const hi4 = this.v4Hi.data;
    // Sort by start: pack (start, entry) into one float64 when it fits in 53 bits (2M entries), else a comparator.
    let order: Uint32Array;
    const bits = Math.max(1, Math.ceil(Math.log2(n4 + 1)));
    if (bits <= 21) {
      const keys = new Float64Array(n4);
      const scale = 2 ** bits;
      for (let i = 0; i < n4; i++) keys[i] = lo4[i]! * scale + i;
      keys.sort();
      order = new Uint32Array(n4);
      for (let i = 0; i < n4; i++) order[i] = keys[i]! % scale;
    } else {
      order = new Uint32Array(n4).map((_, i) => i);
      order.sort((a, b) => lo4[a]! - lo4[b]!);
    }
    const v4 = flatten<number>(n4, order, lo4, hi4, this.v4Size.data, this.v4Seq.data, this.v4Payload.data, (x) => x + 1, (x) => x - 1, 0xffffffff, {
      starts: new Uint32Array(2 * n4 + 1),
      ends: new Uint32Array(2 * n4 + 1),
    });
    const e6 = this.v6;
    const order6 = e6.map((_, i) => i).sort((a, b) => (e6[a]!.lo < e6[b]!.lo ? -1 : e6[a]!.lo > e6[b]!.lo ? 1 : 0));
    const v6 = flatten<bigint>(
      e6.length, order6, e6.map((e) => e.lo), e6.map((e) => e.hi), e6.map((e) => Number(e.hi - e.lo + 1n)), e6.map((e) => e.seq),
      e6.map((e) => e.payload), (x) => x + 1n, (x) => x - 1n, MAX128, { starts: [], ends: [] },
    );
    const w6 = (list: bigint[] | Uint32Array) => {
      const out = new Uint32Array(v6.count * 4);
      for (let j = 0; j < v6.count; j++) {
        const x = list[j] as bigint;
        for (let k = 0; k < 4; k++) out[j * 4 + k] = Number((x >> BigInt(96 - 32 * k)) & 0xffffffffn);
      }
      return out;
    };
    return new PrefixSet(
      this.seq,
      (v4.starts as Uint32Array).slice(0, v4.count), (v4.ends as Uint32Array).slice(0, v4.count), v4.payloads.slice(0, v4.count),
      w6(v6.starts), w6(v6.ends), v6.payloads.slice(0, v6.count),
    );
  }
}

export class PrefixSet {
  readonly v4Index: Uint32Array;
  readonly v6Index: Uint32Array;

  constructor(
    /** Entries added (before flattening). */
    readonly entries: number,
    readonly v4Starts: Uint32Array, readonly v4Ends: Uint32Array, readonly v4Payloads: Int32Array,
    readonly v6Starts: Uint32Array, readonly v6Ends: Uint32Array, readonly v6Payloads: Int32Array,
  ) {
    this.v4Index = topIndex(v4Starts.length, (j) => v4Starts[j]! >>> 16);
    this.v6Index = topIndex(v6Payloads.length, (j) => v6Starts[j * 4]! >>> 16);
  }

  /** Builds from text entries (address, CIDR or range) with their payloads; throws on bad text. */
  static from(entries: Iterable<readonly [string, number]>): PrefixSet {
    const b = new PrefixSetBuilder();
    for (const [text, payload] of entries) b.add(text, payload);
    return b.build();
  }

  /** Disjoint intervals after flattening (IPv4, IPv6). */
  get intervals(): { v4: number; v6: number } {
    return { v4: this.v4Payloads.length, v6: this.v6Payloads.length };
  }

  get byteLength(): number {
    return [this.v4Starts, this.v4Ends, this.v4Payloads, this.v6Starts, this.v6Ends, this.v6Payloads, this.v4Index, this.v6Index]
      .reduce((sum, a) => sum + a.byteLength, 0);
  }

  /** Payload of the most specific entry holding the IPv4 address `x` (unsigned 32-bit), or -1. */
  lookupV4(x: number): number {
    const starts = this.v4Starts;
    const k = x >>> 16;
    let lo = this.v4Index[k]!;
    let hi = this.v4Index[k + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    const j = lo - 1;
    return j >= 0 && this.v4Ends[j]! >= x ? this.v4Payloads[j]! : NONE;
  }

  /** Payload for a 128-bit address in words; IPv4-mapped addresses use the IPv4 table. */
  lookupV6(a: number, b: number, c: number, d: number): number {
    if (a === 0 && b === 0 && c === 0xffff) return this.lookupV4(d);
    const s = this.v6Starts;
    let lo = this.v6Index[a >>> 16]!;
    let hi = this.v6Index[(a >>> 16) + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const w = mid * 4;
      // starts[mid] <= x, compared word by word (rarely past the first word).
      const le = s[w]! !== a ? s[w]! < a : s[w + 1]! !== b ? s[w + 1]! < b : s[w + 2]! !== c ? s[w + 2]! < c : s[w + 3]! <= d;
      if (le) lo = mid + 1;
      else hi = mid;
    }
    const j = lo - 1;
    if (j < 0) return NONE;
    const e = this.v6Ends;
    const w = j * 4;
    const ge = e[w]! !== a ? e[w]! > a : e[w + 1]! !== b ? e[w + 1]! > b : e[w + 2]! !== c ? e[w + 2]! > c : e[w + 3]! >= d;
    return ge ? this.v6Payloads[j]! : NONE;
  }

  /** Payload for row `row` of a FlowBatch address column. */
  lookupAt(column: Uint32Array, row: number, family: number): number {
    const w = row * WORDS_PER_ADDRESS;
    if (family === 4) return this.lookupV4(column[w + 3]!);
    return this.lookupV6(column[w]!, column[w + 1]!, column[w + 2]!, column[w + 3]!);
  }

  lookup(address: IpAddress | string): number {
    const a = typeof address === 'string' ? parseAddress(address) : address;
    if (!a) throw new SyntaxError(describeIpError(String(address)));
    const w = a.words;
    return this.lookupV6(w[0], w[1], w[2], w[3]);
  }

  /** Fills `out[row]` with the payload (or -1) for each row in [from, to) of one address column: the hot path. */
  lookupBatch(batch: FlowBatch, column: 'src' | 'dst', out: Int32Array, from = 0, to = batch.length): void {
    const col = batch[column];
    const family = batch.family;
    for (let row = from; row < to; row++) {
      const w = row * WORDS_PER_ADDRESS;
      out[row] = family[row] === 4 ? this.lookupV4(col[w + 3]!) : this.lookupV6(col[w]!, col[w + 1]!, col[w + 2]!, col[w + 3]!);
    }
  }
}
