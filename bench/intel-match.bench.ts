/**
 * Indicator matching figures: 1,000,000 indicators (IPv4 addresses and CIDRs, IPv6 addresses
 * and prefixes) loaded from blocklist text, 4 member institutions with a few hundred prefixes,
 * and 5,000,000 synthetic flows in FlowBatches. Reports load time (parse + index build), the
 * memory of the parsed indicators and of the index, lookups/s and matching flows/s on one core.
 * Run: `npm run bench -- intel-match` (sizes with BENCH_INTEL_INDICATORS, BENCH_INTEL_FLOWS).
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { FlowBatch } from '../src/core/flows/batch.ts';
import { parseBlocklist } from '../src/core/intel/blocklist.ts';
import { formatIPv4, formatIPv6, parseIpLike } from '../src/core/intel/ip.ts';
import { FlowMatcher, Sightings, buildIndicatorIndex, buildMemberSet, type MemberPrefixes } from '../src/core/intel/matcher.ts';

const N_INDICATORS = Number(process.env.BENCH_INTEL_INDICATORS ?? 1_000_000);
const N_FLOWS = Number(process.env.BENCH_INTEL_FLOWS ?? 5_000_000);
const BATCH = 65_536;
/** Share of flows whose external side is a listed address (planted hits), as on a busy backbone day. */
const PLANTED_HIT_RATE = 0.002;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mem = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

// mulberry32: a small seeded PRNG so every run sees the same data.
let seed = 0x5eed1234;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const u32 = () => (rand() * 4294967296) >>> 0;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
/** A global-unicast-looking IPv6 address (2000::/3) as four words. */
const v6Words = (): [number, number, number, number] => [(0x20000000 | (u32() & 0x1fffffff)) >>> 0, u32(), u32(), u32()];

// 1. Indicators as a blocklist: 70 % IPv4 addresses, 15 % IPv4 CIDRs (mostly /22-/30, 1 % /16-/21, as feeds list them),
//    10 % IPv6 addresses, 5 % IPv6 prefixes (/32-/64).
const lines: string[] = ['# synthetic benchmark list'];
for (let i = 0; i < N_INDICATORS; i++) {
  const r = rand();
  if (r < 0.7) lines.push(formatIPv4(u32()));
  else if (r < 0.85) {
    const len = rand() < 0.01 ? 16 + Math.floor(rand() * 6) : 22 + Math.floor(rand() * 9);
    lines.push(`${formatIPv4((u32() & (0xffffffff << (32 - len))) >>> 0)}/${len}`);
  } else if (r < 0.95) lines.push(formatIPv6(v6Words()));
  else {
    const w = v6Words();
    const len = 32 + Math.floor(rand() * 33);
    w[1] = len >= 64 ? w[1] : len === 32 ? 0 : (w[1] & (0xffffffff << (64 - len))) >>> 0;
    lines.push(`${formatIPv6([w[0], w[1], 0, 0])}/${len}`);
  }
}
const text = lines.join('\n');
lines.length = 0;

const m0 = mem();
const t0 = performance.now();
const parsed = parseBlocklist(text, { source: 'bench' });
const parseMs = performance.now() - t0;
const m1 = mem();
const t1 = performance.now();
const index = buildIndicatorIndex(parsed.indicators);
const buildMs = performance.now() - t1;
const m2 = mem();
const set = index.addresses;
console.log(
  `indicators ${parsed.indicators.length.toLocaleString()} (${parsed.errors.length} errors, ${parsed.warnings.length} warnings) from ${(text.length / 1048576).toFixed(0)} MB of text: ` +
    `parse ${(parseMs / 1000).toFixed(2)} s, index build ${(buildMs / 1000).toFixed(2)} s, load total ${((parseMs + buildMs) / 1000).toFixed(2)} s (target < 5 s)`,
);
console.log(
  `memory: Indicator objects ${mb(m1 - m0)}, index ${mb(m2 - m1)} (typed arrays ${mb(set.byteLength)}; ${set.intervals.v4.toLocaleString()} IPv4 + ` +
    `${set.intervals.v6.toLocaleString()} IPv6 intervals), both ${mb(m2 - m0)} (target < 1 GB)`,
);

// 2. Members: 4 institutions, ~100 prefixes each in 133.0.0.0/8-ish academic space and 2001:2f8::/29-ish.
const members: MemberPrefixes[] = ['i-sakura', 'i-minato', 'i-aoba', 'i-hibari'].map((institution, k) => {
  const prefixes: string[] = [];
  for (let j = 0; j < 80; j++) {
    const len = 16 + Math.floor(rand() * 9);
    prefixes.push(`${formatIPv4(((133 << 24) | ((k * 64 + j) << 16) | (u32() & 0xffff)) & (0xffffffff << (32 - len)))}/${len}`);
  }
  for (let j = 0; j < 20; j++) prefixes.push(`${formatIPv6([0x200102f8 + k, ((j << 16) | (u32() & 0xff00)) >>> 0, 0, 0])}/48`);
  return { institution, prefixes };
});
const memberSet = buildMemberSet(members).addresses;
const memberRanges = members.flatMap((m) => m.prefixes.map((p) => parseIpLike(p)!));

// 3. Flows: 80 % IPv4; one side inside a member prefix (95 %), the other a random or (planted) listed address.
const listed4 = parsed.indicators.filter((i) => i.type === 'ipv4').map((i) => parseIpLike(i.value)!.lo);
const listed6 = parsed.indicators.filter((i) => i.type === 'ipv6').map((i) => parseIpLike(i.value)!.lo);
const ranges4 = memberRanges.filter((r) => r.family === 4);
const ranges6 = memberRanges.filter((r) => r.family === 6);
const t2 = performance.now();
const batches: FlowBatch[] = [];
for (let done = 0; done < N_FLOWS; ) {
  const b = new FlowBatch(Math.min(BATCH, N_FLOWS - done));
  while (!b.full) {
    const row = b.next();
    const v4 = rand() < 0.8;
    const inside = rand() < 0.95;
    const memberSide = rand() < 0.5 ? b.src : b.dst;
    const other = memberSide === b.src ? b.dst : b.src;
    const w = row * 4;
    b.family[row] = v4 ? 4 : 6;
    if (inside) {
      const r = pick(v4 ? ranges4 : ranges6);
      const span = v4 ? r.hi[3] - r.lo[3] : 0xffffffff;
      memberSide.set([r.lo[0], r.lo[1], r.lo[2], v4 ? r.lo[3] + Math.floor(rand() * span) : u32()], w);
      if (!v4) memberSide[w + 2] = u32();
    } else memberSide.set(v4 ? [0, 0, 0xffff, u32()] : v6Words(), w);
    const planted = rand() < PLANTED_HIT_RATE;
    other.set(planted ? pick(v4 ? listed4 : listed6) : v4 ? [0, 0, 0xffff, u32()] : v6Words(), w);
    b.srcPort[row] = 1024 + (u32() % 60000);
    b.dstPort[row] = pick([443, 80, 53, 22, 8080]);
    b.start[row] = Date.UTC(2026, 10, 24) + row;
  }
  batches.push(b);
  done += b.length;
}
console.log(`flows ${N_FLOWS.toLocaleString()} in ${batches.length} batches generated in ${((performance.now() - t2) / 1000).toFixed(1)} s`);

// 4. Lookups/s: the indicator set over every destination address (random data, few hits).
const out = new Int32Array(BATCH);
const lookupRates: number[] = [];
for (let round = 0; round < 3; round++) {
  const t = performance.now();
  for (const b of batches) set.lookupBatch(b, 'dst', out);
  lookupRates.push(N_FLOWS / ((performance.now() - t) / 1000));
}
const lookupRate = Math.max(...lookupRates);

// 5. Matching flows/s on one core: both sides against the members, the other side against the indicators.
const matcher = new FlowMatcher(memberSet, set, { validUntil: index.validUntil });
const sightings = new Sightings(2 * BATCH);
const matchRates: number[] = [];
let found = 0;
for (let round = 0; round < 3; round++) {
  found = 0;
  const t = performance.now();
  for (const b of batches) {
    sightings.clear();
    matcher.match(b, sightings);
    found += sightings.length;
  }
  matchRates.push(N_FLOWS / ((performance.now() - t) / 1000));
}
const matchRate = Math.max(...matchRates);
const fmt = (r: number) => `${(r / 1e6).toFixed(2)} M/s`;
console.log(`indicator lookups ${fmt(lookupRate)} (rounds: ${lookupRates.map(fmt).join(', ')})`);
console.log(
  `matching ${fmt(matchRate)} flows per core (rounds: ${matchRates.map(fmt).join(', ')}); target 2 M/s: ${(matchRate / 2e6).toFixed(1)}×; ` +
    `backbone average 47,000 flows/s: ${(matchRate / 47_000).toFixed(0)}× headroom`,
);
console.log(`sightings ${found.toLocaleString()} (${((found / N_FLOWS) * 100).toFixed(2)} % of flows)`);
