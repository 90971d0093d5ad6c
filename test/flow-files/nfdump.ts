/**
 * Driving Debian's nfdump tools from tests and benchmarks: start `nfcapd` on a free UDP port,
 * send it NetFlow over 127.0.0.1, stop it (SIGTERM makes it close and rename its file), and
 * read its files back with `nfdump -o json`. Also synthesises NetFlow v5 packets.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/netflow');

/** Why the nfdump tests cannot run here ('' when they can). */
/** Why Debian's nfdump tools cannot run here ('' when they can). */
export function nfdumpToolsMissing(): string {
  const v = spawnSync('nfdump', ['-V'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) return 'nfdump is not installed (Debian package `nfdump`)';
  if (spawnSync('nfcapd', ['-V']).error) return 'nfcapd is not installed (Debian package `nfdump`)';
  return '';
}

/** Why the comparisons with nfdump on the real fixture packets cannot run here ('' when they can). */
export function nfdumpMissing(): string {
  return nfdumpToolsMissing() || (fs.existsSync(FIXTURES) ? '' : `NetFlow fixtures not found at ${FIXTURES} (../shared is absent)`);
}

export function nfdumpVersion(): string {
  return spawnSync('nfdump', ['-V'], { encoding: 'utf8' }).stdout.trim();
}

export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface Collector {
  port: number;
  dir: string;
  proc: ChildProcess;
  log: () => string;
  /** SIGTERM, wait for exit; returns the finished capture files (oldest first). */
  stop: () => Promise<string[]>;
}

/** Starts `nfcapd -b 127.0.0.1 -p PORT -w DIR …extra` and waits until it listens. */
export async function startNfcapd(dir: string, extra: string[] = []): Promise<Collector> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freeUdpPort();
  const args = ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-B', '8000000', ...extra];
  const proc = spawn('nfcapd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const t0 = Date.now();
  while (!out.includes('Startup nfcapd')) {
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) throw new Error(`nfcapd ${args.join(' ')} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    dir,
    proc,
    log: () => out,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
      return fs
        .readdirSync(dir)
        .filter((f) => /^nfcapd\.\d{12}$/.test(f))
        .sort()
        .map((f) => path.join(dir, f));
    },
  };
}

/** Sends each packet to each port in order, pausing `gapMs` between packets. */
export async function sendPackets(packets: Uint8Array[], ports: number[], gapMs = 1): Promise<void> {
  const s = dgram.createSocket('udp4');
  for (const p of packets) {
    for (const port of ports) await new Promise<void>((resolve, reject) => s.send(p, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  await new Promise<void>((resolve) => s.close(() => resolve()));
}

/** All fixture packets, twice (the second round decodes data whose template came later in the first). */
export function fixturePackets(): Uint8Array[] {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.dat')).sort();
  const packets = files.map((f) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, f))));
  return [...packets, ...packets];
}

export type NfdumpRecord = Record<string, string>;

/**
 * `TZ=UTC nfdump -r FILE -o json`, split into records of raw value strings (quotes removed;
 * numbers kept as text so 64-bit counters stay exact). nfdump 1.7.1's JSON is not always valid
 * JSON (raw bytes in user names), hence no JSON.parse.
 */
export function nfdumpJson(file: string, extra: string[] = []): NfdumpRecord[] {
  const res = spawnSync('nfdump', ['-r', file, '-o', 'json', ...extra], { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 30, encoding: 'latin1' });
  if (res.status !== 0) throw new Error(`nfdump -r ${file} failed: ${res.stderr}`);
  const text = res.stdout.trim();
  if (!text.startsWith('[')) return [];
  return text
    .split(/\n\},?\n?/)
    .map((chunk) => {
      const rec: NfdumpRecord = {};
      for (const m of chunk.matchAll(/^\t"([a-z0-9_]+)" : (.*?),?$/gm)) rec[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
      return rec;
    })
    .filter((r) => r.type !== undefined);
}

/** Runs nfdump with args; throws with its output when it fails. */
export function nfdump(args: string[]): string {
  const res = spawnSync('nfdump', args, { env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (res.status !== 0) throw new Error(`nfdump ${args.join(' ')} failed (${res.status}): ${res.stderr}${res.stdout}`);
  return res.stdout;
}

export interface V5Flow {
  src: number;
  dst: number;
  srcPort: number;
  dstPort: number;
  proto: number;
  tcpFlags: number;
  packets: number;
  bytes: number;
  /** sysUptime ms at flow start / end. */
  first: number;
  last: number;
}

/** A NetFlow v5 export packet (24-byte header + 48 bytes per flow, at most 30 flows). */
export function v5Packet(flows: V5Flow[], seq: number, unixSecs: number, uptimeMs: number, samplingInterval = 0): Uint8Array {
  const buf = new Uint8Array(24 + 48 * flows.length);
  const dv = new DataView(buf.buffer);
  dv.setUint16(0, 5);
  dv.setUint16(2, flows.length);
  dv.setUint32(4, uptimeMs);
  dv.setUint32(8, unixSecs);
  dv.setUint32(12, 0);
  dv.setUint32(16, seq);
  dv.setUint16(22, samplingInterval & 0x3fff);
  flows.forEach((f, i) => {
    const o = 24 + 48 * i;
    dv.setUint32(o, f.src >>> 0);
    dv.setUint32(o + 4, f.dst >>> 0);
    dv.setUint32(o + 16, f.packets);
    dv.setUint32(o + 20, f.bytes);
    dv.setUint32(o + 24, f.first);
    dv.setUint32(o + 28, f.last);
    dv.setUint16(o + 32, f.srcPort);
    dv.setUint16(o + 34, f.dstPort);
    dv.setUint8(o + 37, f.tcpFlags);
    dv.setUint8(o + 38, f.proto);
  });
  return buf;
}

/** `count` pseudo-random v5 packets of 30 flows each (deterministic for a given seed). */
export function syntheticV5(count: number, seed = 1): Uint8Array[] {
  let x = seed >>> 0 || 1;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  const unix = 1_767_225_600; // 2026-01-01T00:00:00Z
  const packets: Uint8Array[] = [];
  for (let p = 0; p < count; p++) {
    const uptime = 3_600_000 + p * 10;
    const flows: V5Flow[] = [];
    for (let i = 0; i < 30; i++) {
      const proto = [6, 6, 6, 17, 17, 1][rnd() % 6]!;
      const first = uptime - 1 - (rnd() % 60_000);
      flows.push({
        src: (10 << 24) | (rnd() & 0xffffff),
        dst: rnd(),
        srcPort: proto === 1 ? 0 : 1024 + (rnd() % 60000),
        dstPort: proto === 1 ? 0x0800 : [22, 53, 80, 443, 123][rnd() % 5]!,
        proto,
        tcpFlags: proto === 6 ? [0x02, 0x12, 0x1b, 0x14][rnd() % 4]! : 0,
        packets: 1 + (rnd() % 1000),
        bytes: 40 + (rnd() % 1_000_000),
        first,
        last: first + (rnd() % (uptime - first)),
      });
    }
    packets.push(v5Packet(flows, p * 30, unix + Math.floor(p / 100), uptime));
  }
  return packets;
}
