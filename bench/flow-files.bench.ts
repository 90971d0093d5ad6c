/**
 * Flow file import figures, side by side with Debian's nfdump on the same files.
 *
 * Debian's nfcapd collects N synthetic NetFlow v5 flows (sent over 127.0.0.1, paced) into an
 * uncompressed capture file; `nfdump -y` converts it to LZ4. Then, per file:
 *   - Renkei's NfcapdReader from memory (flows/s per core: one thread, CPU time measured)
 *     and streamed from disk in 1 MiB chunks;
 *   - `nfdump -r FILE -q -o null` and with a filter (`proto tcp and port 443`), timed with
 *     bash's `time` (wall, user, sys: nfdump 1.7 reads and decompresses in its own threads);
 * plus the CSV (nfdump -o csv) and Zeek conn.log readers on 500 000 lines.
 *
 * Run: `npm run bench -- flow-files` (N with BENCH_FLOWS_N, default 3 000 000).
 */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFlowText } from '../src/core/flow-files/csv.ts';
import { NfcapdReader } from '../src/core/flow-files/nfcapd.ts';
import { ZeekConnReader } from '../src/core/flow-files/zeek.ts';
import { nfdump, nfdumpMissing, nfdumpVersion, startNfcapd, syntheticV5 } from '../test/flow-files/nfdump.ts';

const N = Number(process.env.BENCH_FLOWS_N ?? 3_000_000);
const NATIONAL = 4.1e9 / 86_400; // flows/s of the national backbone, on average
const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function makeCapture(dir: string): Promise<{ plain: string; lz4: string; sentFlows: number }> {
  const collector = await startNfcapd(path.join(dir, 'collect'));
  const packets = syntheticV5(Math.ceil(N / 30), 11);
  const sock = dgram.createSocket('udp4');
  for (let i = 0; i < packets.length; i++) {
    sock.send(packets[i]!, collector.port, '127.0.0.1');
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1)); // ~1.5 M flows/s at most
  }
  await new Promise((r) => setTimeout(r, 300));
  sock.close();
  const files = await collector.stop();
  const plain = path.join(dir, 'flows.nfcapd');
  if (files.length === 1) fs.renameSync(files[0]!, plain);
  else nfdump(['-R', `${files[0]}:${path.basename(files.at(-1)!)}`, '-w', plain]);
  const lz4 = path.join(dir, 'flows.lz4.nfcapd');
  nfdump(['-r', plain, '-y', '-w', lz4]);
  return { plain, lz4, sentFlows: packets.length * 30 };
}

/** Parses the bytes `runs` times after warming up; median wall and CPU seconds. */
function timeRenkei(bytes: Uint8Array, runs = 5): { flows: number; wall: number; cpu: number } {
  let flows = 0;
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < runs + 2; k++) {
    flows = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const reader = new NfcapdReader((b) => (flows += b.length), { reuseBatch: true });
    for (let i = 0; i < bytes.length; i += 1 << 20) reader.push(bytes.subarray(i, i + (1 << 20)));
    const report = reader.end();
    if (!report.complete) throw new Error(`reader: ${report.fatal?.message ?? report.issues[0]?.message}`);
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (k >= 2) (walls.push(wall), cpus.push((c.user + c.system) / 1e6));
  }
  return { flows, wall: median(walls), cpu: median(cpus) };
}

async function timeStream(file: string): Promise<{ flows: number; wall: number }> {
  let flows = 0;
  const t0 = performance.now();
  const reader = new NfcapdReader((b) => (flows += b.length), { reuseBatch: true });
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) reader.push(chunk as Buffer);
  reader.end();
  return { flows, wall: (performance.now() - t0) / 1000 };
}

/** bash `time` around an nfdump command: median of 3 (wall, user+sys). */
function timeNfdump(args: string[]): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  const cmd = `TIMEFORMAT='%R %U %S'; time nfdump ${args.map((a) => `'${a}'`).join(' ')} > /dev/null`;
  for (let k = 0; k < 3; k++) {
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`nfdump ${args.join(' ')}: ${r.stderr}`);
    walls.push(Number(m[1]));
    cpus.push(Number(m[2]) + Number(m[3]));
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function zeekText(lines: number): string {
  const out = ['#separator \\x09', '#path\tconn', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents'];
  for (let i = 0; i < lines; i++) {
    out.push(`${1714564800 + i / 1000}\tC${i}\t10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\t${1024 + (i % 60000)}\t198.51.100.${i % 250}\t443\ttcp\tssl\t1.234567\t1200\t56000\tSF\tT\tF\t0\tShADadFf\t40\t3280\t45\t58340\t(empty)`);
  }
  return out.join('\n') + '\n';
}

const missing = nfdumpMissing();
if (missing) {
  console.log(`skipped: ${missing}`);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-flows-'));
  try {
    const t0 = performance.now();
    const { plain, lz4, sentFlows } = await makeCapture(dir);
    console.log(`${nfdumpVersion()}; ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}; Node ${process.version}`);
    console.log(`capture: ${sentFlows} v5 flows sent to nfcapd in ${((performance.now() - t0) / 1000).toFixed(1)} s (incl. LZ4 conversion)`);

    const rows: string[] = [];
    for (const [label, file] of [['uncompressed', plain], ['LZ4', lz4]] as const) {
      const bytes = new Uint8Array(fs.readFileSync(file));
      const r = timeRenkei(bytes);
      const s = await timeStream(file);
      const nfNull = timeNfdump(['-r', file, '-q', '-o', 'null']);
      const nfFilter = timeNfdump(['-r', file, '-q', '-o', 'null', 'proto tcp and port 443']);
      const perCore = r.flows / r.cpu;
      rows.push(
        `${label} file: ${r.flows} flows, ${(bytes.length / 2 ** 20).toFixed(0)} MiB (${(bytes.length / r.flows).toFixed(1)} B/flow)`,
        `  Renkei NfcapdReader, in memory      ${fmt(r.flows / r.wall)} flows/s wall, ${fmt(perCore)} flows/s per core (${r.wall.toFixed(3)} s)`,
        `  Renkei NfcapdReader, streamed file  ${fmt(s.flows / s.wall)} flows/s wall (${s.wall.toFixed(3)} s)`,
        `  nfdump -q -o null                   ${fmt(r.flows / nfNull.wall)} flows/s wall, ${fmt(r.flows / nfNull.cpu)} flows/s per CPU-second (${nfNull.wall.toFixed(3)} s, cpu ${nfNull.cpu.toFixed(3)} s)`,
        `  nfdump -q -o null 'proto tcp and port 443'  ${fmt(r.flows / nfFilter.wall)} flows/s wall, ${fmt(r.flows / nfFilter.cpu)} per CPU-second`,
        `  ratio Renkei/nfdump (-o null): wall ${(nfNull.wall / r.wall).toFixed(2)}×, per core ${(perCore / (r.flows / nfNull.cpu)).toFixed(2)}×; headroom over 47 000 flows/s: ${Math.floor(perCore / NATIONAL)}× per core`,
      );
    }
    console.log(rows.join('\n'));

    // Text formats on 500 000 lines.
    const csv = nfdump(['-r', plain, '-q', '-c', '500000', '-o', 'csv']);
    const timeText = (label: string, run: () => number, size: number) => {
      run();
      const ts: number[] = [];
      let flows = 0;
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        flows = run();
        ts.push((performance.now() - t) / 1000);
      }
      console.log(`  ${label.padEnd(36)}${fmt(flows / median(ts))} lines/s (${flows} flows, ${(size / 2 ** 20).toFixed(0)} MiB, ${median(ts).toFixed(3)} s)`);
    };
    console.log('text formats (one core):');
    timeText('CSV (nfdump -q -o csv, 48 columns)', () => readFlowText(csv, { reuseBatch: true }).report.flows, csv.length);
    const zeek = zeekText(500_000);
    timeText('Zeek conn.log TSV', () => {
      let n = 0;
      const r = new ZeekConnReader((b) => (n += b.length), { reuseBatch: true });
      r.push(zeek);
      r.end();
      return n;
    }, zeek.length);
    const jsonl = csv
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const c = l.split(',');
        return JSON.stringify({ first: c[0], last: c[1], src: c[3], dst: c[4], sport: Number(c[5]), dport: Number(c[6]), proto: c[7], packets: Number(c[11]), bytes: Number(c[12]) });
      })
      .join('\n');
    timeText('JSON lines', () => readFlowText(jsonl, { reuseBatch: true }).report.flows, jsonl.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
