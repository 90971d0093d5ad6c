/**
 * Flows: Renkei side by side with Debian's nfdump on the same input (`npm run bench:flows`).
 *
 * Data (seeded, regenerated each run in a temp dir; nothing is written into the repository):
 *   - members: the demo's four institutions (documentation ranges 192.0.2.0/24, 198.51.100.0/24,
 *     203.0.113.0/24, 2001:db8:x00::/48) plus one 133.x.0.0/16 each, as member universities hold;
 *   - indicators: a blocklist of N_IND entries, 70 % IPv4 addresses, 15 % IPv4 CIDRs (/22-/30,
 *     1 % /16-/21), 10 % IPv6 addresses, 5 % IPv6 prefixes (/32-/64), none inside a member range;
 *   - flows: N_FLOWS NetFlow v9 records (80 % IPv4, 20 % IPv6; 95 % with one side in a member
 *     range; 0.3 % of those talk to a listed address or into a listed range) sent over 127.0.0.1
 *     to Debian's nfcapd, which writes the capture file both tools then read.
 *
 * a. File matching: `renkei flows match` as a child process (end to end: Node start-up,
 *    indicator load, read + decode + match), Renkei in-process (read + decode + match, and the
 *    matching step alone over decoded batches, CPU time of this one thread), and
 *    `nfdump -r FILE -f FILTER -q -o null` with FILTER = `ip in [ members ] and ip in [ indicators ]`
 *    (the same rule as Renkei's: indicators and members are disjoint). nfdump's filter compile time
 *    is measured on a 1-flow file. Repeated with the first 10 k and 100 k indicators for scaling.
 *    Hit counts are compared on every size.
 * b. Collector: the first N_REPLAY flows of the capture replayed by `nfreplay -v 9` and `-v 5`
 *    (v5 carries IPv4 only) into Renkei's Collector in this process (matching every batch against
 *    the 1 M indicators) and, the same way, into nfcapd; sent vs received, kernel drops from
 *    /proc/net/udp. nfreplay's -d (µs between packets) is coarse (usleep: ~80 k flows/s at -d 20,
 *    flat out at -d 0), so nfreplay's datagrams are also recorded once and re-sent at set flow
 *    rates by a small busy-waiting Python sender (skipped without python3), to find where loss starts.
 *    The Collector runs twice per sender: `worker` (socket and decoder in a worker thread, as
 *    the server runs it) and `inline` (on this thread). Before this part the parsed indicators
 *    and the generated list are released, so this thread's heap holds what the server's would
 *    (the typed-array index), not a million Indicator objects. With BENCH_FLOWS_STALL=MS the
 *    paced runs are repeated while this thread is blocked for MS out of every 1000 ms (standing
 *    in for the server's own work: HTTP, database, garbage collection of a large heap). The
 *    load average is printed per run: the machine may be shared.
 * c. Memory and load time of the indicators (parse + index, heap + typed arrays after GC; peak
 *    RSS of the CLI process).
 * d. Headroom over 4.1 billion flows/day (≈ 47 454 flows/s).
 *
 * Env: BENCH_FLOWS_N (flows, default 3 000 000), BENCH_FLOWS_INDICATORS (1 000 000),
 * BENCH_FLOWS_REPLAY (flows per replay, 1 000 000), BENCH_FLOWS_DELAYS (nfreplay -d µs list,
 * default "20,0"), BENCH_FLOWS_PACED (paced flows/s list, "200000,300000,400000,600000,800000"), BENCH_FLOWS_SCALES (indicator counts for the scaling rows, "10000,100000"),
 * BENCH_FLOWS_COLLECTOR (collector modes, "worker,inline"), BENCH_FLOWS_STALL (ms of every second this
 * thread is blocked in extra paced runs, default 0 = none),
 * BENCH_FLOWS_KEEP=1 keeps the temp dir (capture, indicator list, filter files) and prints its path.
 */
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { FlowBatch } from '../src/core/flows/batch.ts';
import { v9Packet, v9TemplateSet } from '../src/core/flows/synth.ts';
import { NfcapdReader } from '../src/core/flow-files/nfcapd.ts';
import { parseBlocklist } from '../src/core/intel/blocklist.ts';
import { formatIPv4, formatIPv6, parseIpBounds } from '../src/core/intel/ip.ts';
import { FlowMatcher, Sightings, buildIndicatorIndex, buildMemberSet, type IndicatorIndex, type MemberPrefixes } from '../src/core/intel/matcher.ts';
import { Collector } from '../src/server/flows/collector.ts';

const N_FLOWS = Number(process.env.BENCH_FLOWS_N ?? 3_000_000);
const N_IND = Number(process.env.BENCH_FLOWS_INDICATORS ?? 1_000_000);
const N_REPLAY = Number(process.env.BENCH_FLOWS_REPLAY ?? 1_000_000);
const DELAYS = (process.env.BENCH_FLOWS_DELAYS ?? '20,0').split(',').map(Number);
/** BENCH_FLOWS_PARTS=collector skips the file matching runs (CLI and nfdump); "match" skips the collector. */
const PARTS = new Set((process.env.BENCH_FLOWS_PARTS ?? 'match,collector').split(','));
const PACED = (process.env.BENCH_FLOWS_PACED ?? '200000,300000,400000,600000,800000').split(',').map(Number).filter((n) => n > 0);
const MODES = (process.env.BENCH_FLOWS_COLLECTOR ?? 'worker,inline').split(',').filter((m): m is 'worker' | 'inline' => m === 'worker' || m === 'inline');
const STALL_MS = Math.min(900, Math.max(0, Number(process.env.BENCH_FLOWS_STALL ?? 0)));
const SCALES = (process.env.BENCH_FLOWS_SCALES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0 && n < N_IND);
const NATIONAL = 4.1e9 / 86_400;
const PLANT = 0.003;
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/renkei.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const MB = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const rate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);
const secs = (s: number) => `${s.toFixed(2)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
const rmemMax = () => {
  try {
    return Number(fs.readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  } catch {
    return NaN;
  }
};

function missingTools(): string {
  for (const tool of ['nfdump', 'nfcapd', 'nfreplay']) if (spawnSync(tool, ['-V']).error) return `${tool} is not installed (Debian package \`nfdump\`)`;
  if (!fs.existsSync('/usr/bin/time')) return '/usr/bin/time is not installed (Debian package `time`)';
  return '';
}

// mulberry32: seeded, so every run sees the same data.
let seed = 0x6e6664;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const u32 = () => (rand() * 4294967296) >>> 0;

// ---------------------------------------------------------------- members and indicators

const MEMBERS: MemberPrefixes[] = [
  { institution: 'sakura', prefixes: ['192.0.2.0/25', '2001:db8:100::/48', '133.1.0.0/16'] },
  { institution: 'minato', prefixes: ['192.0.2.128/25', '2001:db8:200::/48', '133.2.0.0/16'] },
  { institution: 'aoba', prefixes: ['198.51.100.0/24', '2001:db8:300::/48', '133.3.0.0/16'] },
  { institution: 'hibari', prefixes: ['203.0.113.0/24', '2001:db8:400::/48', '133.4.0.0/16'] },
];
/** Member IPv4 ranges [lo, hi] and IPv6 /48s as (word0, word1 high half). */
const M4: [number, number][] = [
  [0xc0000200, 0xc000027f], [0xc0000280, 0xc00002ff], [0xc6336400, 0xc63364ff], [0xcb007100, 0xcb0071ff],
  [0x85010000, 0x8501ffff], [0x85020000, 0x8502ffff], [0x85030000, 0x8503ffff], [0x85040000, 0x8504ffff],
];
const M6: [number, number][] = [0x100, 0x200, 0x300, 0x400].map((x) => [0x20010db8, x << 16]);
const overlaps4 = (lo: number, hi: number) => M4.some(([a, b]) => lo <= b && a <= hi);

interface Listed {
  lines: string[];
  /** For planting hits: IPv4 [lo, hi] and IPv6 (prefix words, host bits) of each entry, in list order. */
  v4: [number, number][];
  v6: [number, number, number, number, number][];
}

function makeIndicators(n: number): Listed {
  const out: Listed = { lines: [], v4: [], v6: [] };
  const v6Words = (): [number, number, number, number] => {
    for (;;) {
      const w0 = (0x20000000 | (u32() & 0x1fffffff)) >>> 0;
      if (w0 !== 0x20010db8) return [w0, u32(), u32(), u32()];
    }
  };
  while (out.lines.length < n) {
    const r = rand();
    if (r < 0.85) {
      const len = r < 0.7 ? 32 : rand() < 0.01 ? 16 + Math.floor(rand() * 6) : 22 + Math.floor(rand() * 9);
      const mask = len === 32 ? 0xffffffff : (0xffffffff << (32 - len)) >>> 0;
      const lo = (u32() & mask) >>> 0;
      const hi = (lo | (~mask >>> 0)) >>> 0;
      if (lo >>> 24 === 0 || lo >>> 28 >= 14 || overlaps4(lo, hi)) continue;
      out.lines.push(len === 32 ? formatIPv4(lo) : `${formatIPv4(lo)}/${len}`);
      out.v4.push([lo, hi]);
    } else if (r < 0.95) {
      const w = v6Words();
      out.lines.push(formatIPv6(w));
      out.v6.push([...w, 0]);
    } else {
      const w = v6Words();
      const len = 32 + Math.floor(rand() * 33);
      w[1] = len >= 64 ? w[1] : len === 32 ? 0 : (w[1] & (0xffffffff << (64 - len))) >>> 0;
      out.lines.push(`${formatIPv6([w[0], w[1], 0, 0])}/${len}`);
      out.v6.push([w[0], w[1], 0, 0, 1]);
    }
  }
  return out;
}

// ---------------------------------------------------------------- flows as NetFlow v9

const F4 = [8, 12, 7, 11, 4, 6, 2, 1, 22, 21].map((id, i) => ({ id, length: [4, 4, 2, 2, 1, 1, 4, 4, 4, 4][i]! }));
const F6 = [27, 28, 7, 11, 4, 6, 2, 1, 22, 21].map((id, i) => ({ id, length: [16, 16, 2, 2, 1, 1, 4, 4, 4, 4][i]! }));
const TEMPLATES = v9TemplateSet([{ id: 256, fields: F4 }, { id: 257, fields: F6 }]);
const REC4 = 30;
const REC6 = 54;
const PER4 = 45;
const PER6 = 25;
const UNIX0 = 1_795_996_800; // 2026-11-30T00:00:00Z

/** N v9 packets of one family's records each (templates every 64 packets); returns them with the flow count. */
function makeFlowPackets(n: number, listed: Listed): Uint8Array[] {
  const packets: Uint8Array[] = [];
  const bufs = { 4: new Uint8Array(PER4 * REC4), 6: new Uint8Array(PER6 * REC6) };
  const count = { 4: 0, 6: 0 };
  let seq = 0;
  const emit = (fam: 4 | 6) => {
    const body = bufs[fam].subarray(0, count[fam] * (fam === 4 ? REC4 : REC6));
    const set = new Uint8Array(4 + body.length + ((4 - (body.length % 4)) % 4));
    const dv = new DataView(set.buffer);
    dv.setUint16(0, fam === 4 ? 256 : 257);
    dv.setUint16(2, set.length);
    set.set(body, 4);
    const h = { sysUptimeMs: 3_600_000 + seq * 2, unixSecs: UNIX0 + Math.floor(seq / 500), sequence: seq, sourceId: 1 };
    packets.push(v9Packet(h, seq % 64 === 0 ? [TEMPLATES, set] : [set]));
    seq++;
    count[fam] = 0;
  };
  const ext4 = () => {
    for (;;) {
      const a = u32();
      if (a >>> 24 !== 0 && a >>> 28 < 14 && !overlaps4(a, a)) return a;
    }
  };
  const addr = new Uint32Array(8);
  for (let i = 0; i < n; i++) {
    const fam: 4 | 6 = rand() < 0.8 ? 4 : 6;
    const member = rand() < 0.95;
    const plant = member && rand() < PLANT;
    const memberIsSrc = rand() < 0.5;
    const m = memberIsSrc ? 0 : 4;
    const o = memberIsSrc ? 4 : 0;
    if (fam === 4) {
      if (member) {
        const [lo, hi] = M4[Math.floor(rand() * M4.length)]!;
        addr[m] = lo + Math.floor(rand() * (hi - lo + 1));
      } else addr[m] = ext4();
      if (plant) {
        const [lo, hi] = listed.v4[Math.floor(rand() * listed.v4.length)]!;
        addr[o] = lo + Math.floor(rand() * (hi - lo + 1));
      } else addr[o] = ext4();
    } else {
      if (member) {
        const [w0, w1] = M6[Math.floor(rand() * M6.length)]!;
        addr.set([w0, (w1 | (u32() & 0xffff)) >>> 0, u32(), u32()], m);
      } else addr.set([(0x24000000 | (u32() & 0x0fffffff)) >>> 0, u32(), u32(), u32()], m);
      if (plant) {
        const [w0, w1, w2, w3, isPrefix] = listed.v6[Math.floor(rand() * listed.v6.length)]!;
        addr.set(isPrefix ? [w0, w1, u32(), u32()] : [w0, w1, w2, w3], o);
      } else addr.set([(0x24000000 | (u32() & 0x0fffffff)) >>> 0, u32(), u32(), u32()], o);
    }
    const proto = [6, 6, 6, 17, 17, 1][Math.floor(rand() * 6)]!;
    const buf = bufs[fam];
    const dv = new DataView(buf.buffer, count[fam] * (fam === 4 ? REC4 : REC6));
    let p = 0;
    if (fam === 4) {
      dv.setUint32(0, addr[0]!);
      dv.setUint32(4, addr[4]!);
      p = 8;
    } else {
      for (let k = 0; k < 8; k++) dv.setUint32(k * 4, addr[k]!);
      p = 32;
    }
    const uptime = 3_600_000 + packets.length * 2;
    const first = uptime - 1 - Math.floor(rand() * 60_000);
    dv.setUint16(p, proto === 1 ? 0 : 1024 + Math.floor(rand() * 60_000));
    dv.setUint16(p + 2, proto === 1 ? 0x0800 : [443, 443, 80, 53, 22, 123][Math.floor(rand() * 6)]!);
    dv.setUint8(p + 4, proto);
    dv.setUint8(p + 5, proto === 6 ? [0x02, 0x12, 0x1b, 0x14][Math.floor(rand() * 4)]! : 0);
    const pk = 1 + Math.floor(rand() * 500);
    dv.setUint32(p + 6, pk);
    dv.setUint32(p + 10, pk * (40 + Math.floor(rand() * 1400)));
    dv.setUint32(p + 14, first);
    dv.setUint32(p + 18, first + Math.floor(rand() * (uptime - first)));
    if (++count[fam] === (fam === 4 ? PER4 : PER6)) emit(fam);
  }
  if (count[4]) emit(4);
  if (count[6]) emit(6);
  return packets;
}

/**
 * The list without entries that lie inside another listed entry (and without duplicates):
 * the same set of addresses. nfdump 1.7.1's `ip in [ … ]` tree treats overlapping entries as
 * equal and silently misses addresses when a list nests them (an address listed before the
 * /17 that holds it hides the /17), so it is given the folded list; Renkei reads the full one.
 */
function foldNested(lines: readonly string[]): string[] {
  const w = new Uint32Array(8);
  const big = (a: number, b: number, c: number, d: number) => (BigInt(a) << 96n) | (BigInt(b) << 64n) | (BigInt(c) << 32n) | BigInt(d);
  const entries = lines.map((text, i) => {
    const fam = parseIpBounds(text, w);
    return fam === 4 ? { i, lo: BigInt(w[3]!), hi: BigInt(w[7]!), fam } : { i, lo: big(w[0]!, w[1]!, w[2]!, w[3]!), hi: big(w[4]!, w[5]!, w[6]!, w[7]!), fam };
  });
  entries.sort((a, b) => a.fam - b.fam || (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.hi > b.hi ? -1 : a.hi < b.hi ? 1 : 0));
  const keep = new Uint8Array(lines.length);
  let fam = 0;
  let maxHi = -1n;
  for (const e of entries) {
    if (e.fam !== fam) (fam = e.fam), (maxHi = -1n);
    if (e.hi <= maxHi) continue;
    keep[e.i] = 1;
    maxHi = e.hi;
  }
  return lines.filter((_, i) => keep[i]);
}

/** Paces recorded datagrams to 127.0.0.1:port at `pps` packets/s (busy wait); prints the seconds it took. */
const PACER = `
import socket, struct, sys, time
data = open(sys.argv[1], 'rb').read()
pk = []
i = 0
while i < len(data):
    n = struct.unpack_from('>H', data, i)[0]
    pk.append(data[i + 2:i + 2 + n])
    i += 2 + n
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
addr = ('127.0.0.1', int(sys.argv[2]))
pps = float(sys.argv[3])
clock = time.perf_counter
t0 = clock()
for k, p in enumerate(pk):
    due = t0 + k / pps
    while clock() < due:
        pass
    s.sendto(p, addr)
print(clock() - t0)
`;

// ---------------------------------------------------------------- processes

interface Timed {
  wall: number;
  cpu: number;
  rssMB: number;
  stdout: string;
  stderr: string;
}

/** `/usr/bin/time` around a command: wall, user+sys, peak RSS. */
function timed(cmd: string, args: string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } });
  const m = /@@time (\S+) (\S+) (\S+) (\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`${cmd} ${args.slice(0, 4).join(' ')}…: ${r.stderr.slice(-2000)}`);
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMB: Number(m[4]) / 1024, stdout: r.stdout, stderr: r.stderr.slice(0, m.index) };
}

const best = (runs: Timed[]) => runs.reduce((a, b) => (b.wall < a.wall ? b : a));

/** nfdump's "Total flows processed: N, passed: M" line. */
function nfdumpPassed(file: string, filterFile: string | null): { processed: number; passed: number } {
  const args = ['-r', file, '-o', 'null', ...(filterFile ? ['-f', filterFile] : [])];
  const r = spawnSync('nfdump', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /Total flows processed: (\d+), passed: (\d+)/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`nfdump ${args.join(' ')}: ${r.stderr}${r.stdout.slice(-500)}`);
  return { processed: Number(m[1]), passed: Number(m[2]) };
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface Nfcapd {
  port: number;
  /** SIGTERM; returns the flows it reports and its files. */
  stop: () => Promise<{ flows: number; files: string[]; log: string }>;
}

async function startNfcapd(dir: string): Promise<Nfcapd> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const port = await freeUdpPort();
  const proc = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-B', '8000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const t0 = Date.now();
  while (!log.includes('Startup nfcapd')) {
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) throw new Error(`nfcapd did not start: ${log}`);
    await sleep(20);
  }
  return {
    port,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
      const flows = [...log.matchAll(/Flows: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
      const files = fs.readdirSync(dir).filter((f) => /^nfcapd\.\d{12}$/.test(f)).sort().map((f) => path.join(dir, f));
      return { flows, files, log };
    },
  };
}

/** Runs nfreplay to completion without blocking this event loop (the in-process collector must keep receiving). */
function nfreplay(file: string, port: number, version: 5 | 9, delayUs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('nfreplay', ['-r', file, '-H', '127.0.0.1', '-p', String(port), '-v', String(version), '-d', String(delayUs)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`nfreplay exited ${code}: ${err}`))));
  });
}

/** Waits until `count()` stops changing for `quietMs`. */
async function settle(count: () => number, quietMs = 300): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await sleep(quietMs);
  }
}

// ---------------------------------------------------------------- main

const missing = missingTools();
if (missing) {
  console.log(`skipped: ${missing}`);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-nfdump-'));
  try {
    await main(dir);
  } finally {
    if (process.env.BENCH_FLOWS_KEEP) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(dir: string): Promise<void> {
  const tStart = performance.now();
  const nfVersion = spawnSync('nfdump', ['-V'], { encoding: 'utf8' }).stdout.trim();
  console.log(`${nfVersion}; ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}; Node ${process.version}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  // Data.
  const listed = makeIndicators(N_IND);
  const indFile = path.join(dir, 'indicators.txt');
  fs.writeFileSync(indFile, `# synthetic benchmark blocklist\n${listed.lines.join('\n')}\n`);
  const membersFile = path.join(dir, 'members.json');
  fs.writeFileSync(membersFile, JSON.stringify(MEMBERS));
  const memberList = MEMBERS.flatMap((m) => m.prefixes).join(' ');
  const folded = new Map<number, number>();
  const filterFile = (k: number, fold = true) => {
    const f = path.join(dir, `filter-${k}${fold ? '' : '-nested'}.txt`);
    const list = fold ? foldNested(listed.lines.slice(0, k)) : listed.lines.slice(0, k);
    if (fold) folded.set(k, k - list.length);
    fs.writeFileSync(f, `ip in [ ${memberList} ] and ip in [ ${list.join(' ')} ]\n`);
    return f;
  };
  const sizes = [...SCALES, N_IND];
  const filters = new Map(sizes.map((k) => [k, filterFile(k)]));
  const nestedFilter = filterFile(N_IND, false);

  // Capture: v9 over 127.0.0.1 into Debian's nfcapd.
  const packets = makeFlowPackets(N_FLOWS, listed);
  const cap = await startNfcapd(path.join(dir, 'capture'));
  const sock = dgram.createSocket('udp4');
  const tSend = performance.now();
  for (let i = 0; i < packets.length; i++) {
    sock.send(packets[i]!, cap.port, '127.0.0.1');
    if (i % 40 === 39) await sleep(1);
  }
  await sleep(500);
  sock.close();
  const got = await cap.stop();
  const capture = path.join(dir, 'flows.nfcapd');
  if (got.files.length === 1) fs.renameSync(got.files[0]!, capture);
  else spawnSync('nfdump', ['-R', `${got.files[0]}:${path.basename(got.files.at(-1)!)}`, '-w', capture]);
  const inFile = nfdumpPassed(capture, null).processed;
  const captureBytes = fs.statSync(capture).size;
  console.log(
    `capture: ${N_FLOWS.toLocaleString()} v9 flows in ${packets.length.toLocaleString()} packets sent to nfcapd in ${secs((performance.now() - tSend) / 1000)}; ` +
      `${inFile.toLocaleString()} in the file (${MB(captureBytes)}, uncompressed)${inFile < N_FLOWS ? ' — nfcapd lost some; both tools read this same file' : ''}`,
  );
  packets.length = 0;
  const emptyFile = path.join(dir, 'one.nfcapd');
  spawnSync('nfdump', ['-r', capture, '-c', '1', '-w', emptyFile]);

  // c. Load time and memory, in process.
  const indText = fs.readFileSync(indFile, 'utf8');
  const m0 = heap();
  const tl = performance.now();
  const parsed = parseBlocklist(indText, { source: 'bench' });
  const tParse = (performance.now() - tl) / 1000;
  const m1 = heap();
  const tb = performance.now();
  const index = buildIndicatorIndex(parsed.indicators, -Infinity);
  const tBuild = (performance.now() - tb) / 1000;
  const m2 = heap();
  const memberSet = buildMemberSet(MEMBERS).addresses;

  // a. Renkei in process: read + decode into batches, then match alone; and read + decode + match streamed.
  const bytes = new Uint8Array(fs.readFileSync(capture));
  const batches: FlowBatch[] = [];
  const reader = new NfcapdReader((b) => void batches.push(b));
  for (let i = 0; i < bytes.length; i += 1 << 20) reader.push(bytes.subarray(i, i + (1 << 20)));
  const rep = reader.end();
  if (!rep.complete) throw new Error(`NfcapdReader: ${rep.fatal?.message}`);
  const flows = batches.reduce((s, b) => s + b.length, 0);
  const readOnly = () => {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = new NfcapdReader(() => {}, { reuseBatch: true });
    for (let i = 0; i < bytes.length; i += 1 << 20) r.push(bytes.subarray(i, i + (1 << 20)));
    r.end();
    return { wall: (performance.now() - t) / 1000, cpu: cpuSeconds(process.cpuUsage(c)) };
  };
  readOnly();
  const { wall: readWall, cpu: readCpu } = [readOnly(), readOnly()].reduce((a, b) => (b.cpu < a.cpu ? b : a));

  const matchAlone = (idx: IndicatorIndex) => {
    const matcher = new FlowMatcher(memberSet, idx.addresses, { validUntil: idx.validUntil });
    const out = new Sightings(2 * 65_536 + 2);
    let bestCpu = Infinity;
    let hits = 0;
    for (let round = 0; round < 3; round++) {
      hits = 0;
      const c = process.cpuUsage();
      for (const b of batches) {
        let from = 0;
        while (from < b.length) {
          out.clear();
          from = matcher.match(b, out, from);
          hits += out.length;
        }
      }
      bestCpu = Math.min(bestCpu, cpuSeconds(process.cpuUsage(c)));
    }
    return { hits, cpu: bestCpu };
  };
  const alone = matchAlone(index);

  const streamed = () => {
    const matcher = new FlowMatcher(memberSet, index.addresses, { validUntil: index.validUntil });
    const out = new Sightings(2 * 65_536 + 2);
    let hits = 0;
    const c = process.cpuUsage();
    const t = performance.now();
    const r = new NfcapdReader(
      (b) => {
        let from = 0;
        while (from < b.length) {
          out.clear();
          from = matcher.match(b, out, from);
          hits += out.length;
        }
      },
      { reuseBatch: true },
    );
    for (let i = 0; i < bytes.length; i += 1 << 20) r.push(bytes.subarray(i, i + (1 << 20)));
    r.end();
    return { hits, wall: (performance.now() - t) / 1000, cpu: cpuSeconds(process.cpuUsage(c)) };
  };
  streamed();
  const inproc = [streamed(), streamed()].reduce((a, b) => (b.cpu < a.cpu ? b : a));

  const perCoreAlone = flows / alone.cpu;
  const perCoreInproc = flows / inproc.cpu;
  if (PARTS.has('match')) {
    // a. renkei flows match, end to end (child process; best of 2).
    const cliRuns = [0, 1].map(() => timed(process.execPath, [BIN, 'flows', 'match', '--indicators', indFile, '--members', membersFile, capture]));
    const cli = best(cliRuns);
    const summary = JSON.parse(cli.stdout.trim().split('\n').at(-1)!) as { flows: number; sightings: number; alerts: number; seconds: number; flowsPerSecond: number };
    const loadLine = /loaded in ([\d.]+) s/.exec(cli.stderr);

    // a. nfdump with the same list.
    const nf = new Map<number, { compile: Timed; run: Timed; passed: number }>();
    for (const k of sizes) {
      const f = filters.get(k)!;
      const compile = best([0, 1].map(() => timed('nfdump', ['-r', emptyFile, '-f', f, '-q', '-o', 'null'])));
      const run = best([0, 1, 2].map(() => timed('nfdump', ['-r', capture, '-f', f, '-q', '-o', 'null'])));
      nf.set(k, { compile, run, passed: nfdumpPassed(capture, f).passed });
    }
    const nfNoFilter = best([0, 1, 2].map(() => timed('nfdump', ['-r', capture, '-q', '-o', 'null'])));
    const nfNested = nfdumpPassed(capture, nestedFilter).passed;

    // Renkei at the smaller sizes (load + match alone) for the scaling rows.
    const rk = new Map<number, { load: number; hits: number; cpu: number }>();
    for (const k of SCALES) {
      const t = performance.now();
      const idx = buildIndicatorIndex(parseBlocklist(listed.lines.slice(0, k).join('\n'), { source: 'bench' }).indicators, -Infinity);
      const load = (performance.now() - t) / 1000;
      rk.set(k, { load, ...matchAlone(idx) });
    }
    rk.set(N_IND, { load: tParse + tBuild, ...alone });

    const nf1m = nf.get(N_IND)!;
    const nfPerCpu = flows / nf1m.run.cpu;
    const nfMatchWall = Math.max(1e-3, nf1m.run.wall - nf1m.compile.wall);
    console.log(`\n== a. File matching: ${flows.toLocaleString()} flows (${Math.round((batches.reduce((s, b) => s + b.family.subarray(0, b.length).filter((x) => x === 6).length, 0) / flows) * 100)} % IPv6), ${N_IND.toLocaleString()} indicators ==`);
    const rows: [string, string, string, string][] = [
      ['', 'wall', 'flows/s (wall)', 'flows/s per core (CPU)'],
      ['Renkei `flows match` (Node start + 1M load + read/decode/match)', secs(cli.wall), rate(flows / cli.wall), `${rate(flows / cli.cpu)} (CPU ${secs(cli.cpu)}, peak RSS ${cli.rssMB.toFixed(0)} MB)`],
      ['  of which read + decode + match (summary.seconds)', secs(summary.seconds), rate(summary.flowsPerSecond), '(one thread)'],
      ['Renkei in process: read + decode + match', secs(inproc.wall), rate(flows / inproc.wall), rate(perCoreInproc)],
      ['Renkei in process: read + decode only', secs(readWall), rate(flows / readWall), rate(flows / readCpu)],
      ['Renkei in process: matching step alone', secs(alone.cpu), rate(perCoreAlone), `${rate(perCoreAlone)} (target 2 M/s: ${(perCoreAlone / 2e6).toFixed(1)}×)`],
      [`nfdump -f filter (${N_IND.toLocaleString()} list, incl. compile)`, secs(nf1m.run.wall), rate(flows / nf1m.run.wall), `${rate(nfPerCpu)} (CPU ${secs(nf1m.run.cpu)}, peak RSS ${nf1m.run.rssMB.toFixed(0)} MB)`],
      ['  of which filter compile (1-flow file)', secs(nf1m.compile.wall), '', `CPU ${secs(nf1m.compile.cpu)}`],
      ['  without compile (difference)', secs(nfMatchWall), rate(flows / nfMatchWall), rate(flows / Math.max(1e-3, nf1m.run.cpu - nf1m.compile.cpu))],
      ['nfdump -q -o null, no filter (read only)', secs(nfNoFilter.wall), rate(flows / nfNoFilter.wall), rate(flows / Math.max(1e-3, nfNoFilter.cpu))],
    ];
    for (const r of rows) console.log(`  ${r[0].padEnd(66)}${r[1].padStart(8)}  ${r[2].padStart(12)}  ${r[3]}`);
    console.log(`  ratio end to end, Renkei CLI / nfdump: wall ${(nf1m.run.wall / cli.wall).toFixed(2)}×, per core ${(flows / cli.cpu / nfPerCpu).toFixed(2)}×; in process per core ${(perCoreInproc / nfPerCpu).toFixed(2)}×`);
    console.log('  scaling (indicators: Renkei load | Renkei match alone per core | nfdump compile | nfdump total wall | hits Renkei / nfdump | nested entries folded for nfdump):');
    for (const k of sizes) {
      const r = rk.get(k)!;
      const n = nf.get(k)!;
      const ok = r.hits === n.passed ? 'same' : 'DIFFERENT';
      console.log(`    ${k.toLocaleString().padStart(10)}: ${secs(r.load).padStart(7)} | ${rate(flows / r.cpu).padStart(10)} | ${secs(n.compile.wall).padStart(7)} | ${secs(n.run.wall).padStart(7)} | ${r.hits} / ${n.passed} ${ok} | ${folded.get(k)}`);
    }
    const cliOk = summary.flows === flows && summary.sightings === nf1m.passed;
    console.log(`  correctness: renkei flows match ${summary.sightings} sightings (${summary.alerts} alerts) over ${summary.flows} flows; nfdump passed ${nf1m.passed} of ${flows}: ${cliOk ? 'same' : 'DIFFERENT'}`);
    console.log(`  nfdump given the unfolded list (${folded.get(N_IND)} entries nested in another): passed ${nfNested}, missing ${nf1m.passed - nfNested} flows whose address lies in a listed range that also holds a listed address`);

    console.log(`\n== c. Indicators: ${parsed.indicators.length.toLocaleString()} (${parsed.errors.length} errors) from ${MB(indText.length)} of text ==`);
    console.log(`  load in process: parse ${secs(tParse)} + index ${secs(tBuild)} = ${secs(tParse + tBuild)} (target < 5 s); CLI reported ${loadLine ? `${loadLine[1]} s` : '?'} (read + detect + parse + index)`);
    console.log(`  memory: parsed indicators ${MB(m1 - m0)} + index ${MB(m2 - m1)} = ${MB(m2 - m0)} (target < 1 GB); CLI peak RSS ${cli.rssMB.toFixed(0)} MB with ${MB(captureBytes)} of flows streamed; nfdump peak RSS ${nf1m.run.rssMB.toFixed(0)} MB`);
  }
  batches.length = 0;
  // The server keeps only the index: release the parsed indicators and the generated list.
  parsed.indicators.length = 0;
  listed.lines.length = 0;
  listed.v4.length = 0;
  listed.v6.length = 0;

  let bestZeroLoss = 0;
  type Mode = 'worker' | 'inline';
  const verdicts = new Map<string, { zero: number; loss: number; runs: string[] }>();
  const verdictOf = (mode: Mode, version: 5 | 9, stalled: boolean) => {
    const key = `${mode} v${version}${stalled ? ' stalled' : ''}`;
    if (!verdicts.has(key)) verdicts.set(key, { zero: 0, loss: 0, runs: [] });
    return verdicts.get(key)!;
  };
  if (PARTS.has('collector')) {
    // b. Collector.
    const replayFile = path.join(dir, 'replay.nfcapd');
    spawnSync('nfdump', ['-r', capture, '-c', String(N_REPLAY), '-w', replayFile]);
    const replayAll = nfdumpPassed(replayFile, null).processed;
    const v4Filter = path.join(dir, 'ipv4.txt');
    fs.writeFileSync(v4Filter, 'ipv4\n');
    const replayV4 = nfdumpPassed(replayFile, v4Filter).passed;
    const replayHits = nfdumpPassed(replayFile, filters.get(N_IND)!).passed;
    const python = !spawnSync('python3', ['-c', 'pass']).error;
    const pacer = path.join(dir, 'pacer.py');
    fs.writeFileSync(pacer, PACER);
    console.log(`\n== b. Collector: the first ${replayAll.toLocaleString()} flows of the capture (${replayV4.toLocaleString()} IPv4: all that v5 carries) replayed over 127.0.0.1 ==`);
    console.log(`  Renkei's Collector runs in this process (worker: socket + decoder in a worker thread; inline: on this thread) and matches every batch against the indicators on this thread (heap after GC ${MB(heap())}); nfcapd writes its file.`);
    console.log('  nfreplay -d N: nfreplay itself; paced: nfreplay\'s own datagrams (recorded once) re-sent at a set rate by a busy-waiting sender;');
    console.log(`  stalled: this thread blocked ${STALL_MS} ms of every 1000 ms during the run; load: 1-min load average before the run (${os.cpus().length} CPUs)`);
    console.log('  sender                  mode    v   offered      Renkei: received     lost  kernel drops  CPU/flow  sightings  load | nfcapd: received     lost');
    const matcher = new FlowMatcher(memberSet, index.addresses, { validUntil: index.validUntil });
    const out = new Sightings(2 * 65_536 + 2);
    let capacity = 0;
    const nfcapdZero = { 5: 0, 9: 0 };

    /** One replay into Renkei and one into nfcapd; `send(port)` resolves with the seconds sending took. */
    const nfcapdSeen = new Map<string, number>();
    const trial = async (label: string, mode: Mode, version: 5 | 9, expected: number, send: (port: number) => Promise<number>, stallMs = 0) => {
      let sightings = 0;
      const load = os.loadavg()[0]!;
      const collector = new Collector({
        port: 0,
        worker: mode === 'worker',
        onBatch: (b) => {
          let from = 0;
          while (from < b.length) {
            out.clear();
            from = matcher.match(b, out, from);
            sightings += out.length;
          }
        },
      });
      const port = await collector.start();
      // Blocks this thread stallMs out of every second, as a busy server (or a long GC pause) would.
      const staller = stallMs > 0 ? setInterval(() => { const t = performance.now(); while (performance.now() - t < stallMs); }, 1000) : null;
      const c = process.cpuUsage();
      const wall = await send(port);
      if (staller) clearInterval(staller);
      await settle(() => collector.packets);
      const cpu = cpuSeconds(process.cpuUsage(c));
      const s = await collector.stop();
      const lost = expected - s.delivered;
      const offered = expected / wall;
      const perFlow = cpu / Math.max(1, s.delivered);
      if (stallMs === 0) capacity = Math.max(capacity, 1 / perFlow);
      const v = verdictOf(mode, version, stallMs > 0);
      if (lost === 0) v.zero = Math.max(v.zero, offered);
      else v.loss = v.loss === 0 ? offered : Math.min(v.loss, offered);
      v.runs.push(`${rate(offered)} ${lost === 0 ? 'none' : `${((lost / expected) * 100).toFixed(1)} %`}`);

      // nfcapd once per sender setting (it does not depend on Renkei's mode).
      const ncKey = `${label} v${version}`;
      let ncFlows = nfcapdSeen.get(ncKey);
      if (ncFlows === undefined) {
        const nc = await startNfcapd(path.join(dir, 'replay-nfcapd'));
        const ncWall = await send(nc.port);
        await sleep(300);
        ncFlows = (await nc.stop()).flows;
        nfcapdSeen.set(ncKey, ncFlows);
        if (ncFlows === expected) nfcapdZero[version] = Math.max(nfcapdZero[version], expected / ncWall);
      }
      const check = lost === 0 && version === 9 ? (sightings === replayHits ? '=' : '≠') : ' ';
      console.log(
        `  ${label.padEnd(23)} ${mode.padEnd(7)} v${version} ${rate(offered).padStart(10)}   ${s.delivered.toLocaleString().padStart(16)} ${lost.toLocaleString().padStart(8)}  ${String(s.kernelDrops ?? '?').padStart(12)}  ${(perFlow * 1e9).toFixed(0).padStart(5)} ns  ${String(sightings).padStart(8)} ${check} ${load.toFixed(1).padStart(4)} | ${ncFlows.toLocaleString().padStart(16)} ${(expected - ncFlows).toLocaleString().padStart(8)}`,
      );
    };

    for (const version of [9, 5] as const) {
      const expected = version === 9 ? replayAll : replayV4;
      for (const mode of MODES) for (const delay of DELAYS) await trial(`nfreplay -d ${delay}`, mode, version, expected, (port) => nfreplay(replayFile, port, version, delay));
      if (!python) continue;
      // Record nfreplay's datagrams once (slowly, so none is lost), then pace them.
      const rec = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 << 20 });
      const chunks: Buffer[] = [];
      let recorded = 0;
      rec.on('message', (m) => {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(m.length);
        chunks.push(len, Buffer.from(m));
        recorded++;
      });
      await new Promise<void>((resolve) => rec.bind(0, '127.0.0.1', () => resolve()));
      await nfreplay(replayFile, rec.address().port, version, 20);
      await settle(() => recorded);
      rec.close();
      const recFile = path.join(dir, `nfreplay-v${version}.bin`);
      fs.writeFileSync(recFile, Buffer.concat(chunks));
      const perPacket = expected / recorded;
      // Asynchronous: the collector in this process must keep reading while the sender runs.
      const paced = (pps: number) => (port: number) =>
        new Promise<number>((resolve, reject) => {
          const p = spawn('python3', [pacer, recFile, String(port), String(pps)], { stdio: ['ignore', 'pipe', 'pipe'] });
          let text = '';
          p.stdout!.on('data', (d: Buffer) => (text += d.toString()));
          p.stderr!.on('data', (d: Buffer) => (text += d.toString()));
          p.once('error', reject);
          p.once('exit', (code) => (code === 0 ? resolve(Number(text.trim())) : reject(new Error(`pacer: ${text}`))));
        });
      for (const mode of MODES) for (const target of PACED) await trial(`paced ${rate(target)}`, mode, version, expected, paced(target / perPacket));
      if (STALL_MS > 0) for (const mode of MODES) for (const target of PACED) await trial(`paced ${rate(target)} stalled`, mode, version, expected, paced(target / perPacket), STALL_MS);
    }
    console.log(`  (= : sightings equal nfdump's count on the replay file, ${replayHits}; both collectors ask for a large receive buffer, capped by net.core.rmem_max at ${MB(2 * rmemMax())})`);
    for (const [key, v] of verdicts) {
      console.log(`  ${key}: Renkei zero loss up to ${rate(v.zero)} offered${v.loss ? `, loss from ${rate(v.loss)}` : ', no loss at any rate tried'} (lost per run: ${v.runs.join(', ')})`);
    }
    console.log(`  nfcapd: v9 zero loss up to ${rate(nfcapdZero[9])}, v5 up to ${rate(nfcapdZero[5])}`);
    console.log(`  Renkei's lowest CPU cost per received flow (receive + decode + match, all threads; per-datagram wake-ups dominate at low rates): ${rate(capacity)} on one core`);
    bestZeroLoss = verdictOf(MODES[0] ?? 'worker', 9, false).zero;
  }

  console.log('\n== d. Headroom over 4.1 billion flows/day (47 454 flows/s on average) ==');
  console.log(`  matching step alone ${Math.floor(perCoreAlone / NATIONAL)}×, file read + decode + match ${Math.floor(perCoreInproc / NATIONAL)}× (per core); ${PARTS.has('collector') ? `collector (${MODES[0] ?? 'worker'}) with zero loss: v9 ${(bestZeroLoss / NATIONAL).toFixed(1)}×, v5 ${(verdictOf(MODES[0] ?? 'worker', 5, false).zero / NATIONAL).toFixed(1)}× (one process)` : 'collector not run'}`);
  console.log(`\ntotal ${secs((performance.now() - tStart) / 1000)}`);
}
