/**
 * `renkei flows match` and `renkei flows collect` as a user runs them: the real CLI
 * (bin/renkei.js) as a child process, on small real files (an nfcapd file written by Debian's
 * nfcapd, a Zeek conn.log, CSV, JSON lines) and real UDP packets.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type V5Flow, startNfcapd, v5Packet } from './flow-files/nfdump.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/renkei.js');

async function renkei(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', TZ: 'UTC' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

/**
 * Five flows (times 2026-11-24T01:00:0Xs UTC): sakura's 192.0.2.10 twice to the listed
 * 203.0.113.5 (one alert, two sightings), 45.0.0.9 (inside the listed 45.0.0.0/24) into
 * aoba's 198.51.100.7, and two flows with nothing to find (a member to an unlisted address;
 * a non-member to the listed address).
 */
const FLOWS = [
  { src: '192.0.2.10', dst: '203.0.113.5', sp: 50000, dp: 443, proto: 6, pkts: 10, bytes: 5000 },
  { src: '192.0.2.10', dst: '203.0.113.5', sp: 50001, dp: 443, proto: 6, pkts: 3, bytes: 180 },
  { src: '45.0.0.9', dst: '198.51.100.7', sp: 40000, dp: 22, proto: 6, pkts: 6, bytes: 400 },
  { src: '192.0.2.11', dst: '8.8.8.8', sp: 53000, dp: 53, proto: 17, pkts: 1, bytes: 70 },
  { src: '10.0.0.1', dst: '203.0.113.5', sp: 41000, dp: 443, proto: 6, pkts: 2, bytes: 120 },
];
const T0 = Date.UTC(2026, 10, 24, 1, 0, 0);
const EXPECTED = {
  flows: 5,
  malformed: 0,
  sightings: 3,
  alerts: 2,
  byInstitution: { sakura: { sightings: 2, alerts: 1, hosts: 1 }, aoba: { sightings: 1, alerts: 1, hosts: 1 } },
};
/**
 * DNS queries (Zeek dns.log, times T0 + i s): sakura's 192.0.2.10 asks twice for names under
 * the listed c2.evil.example (one alert), aoba's 198.51.100.7 once (in capitals, with the root
 * dot); a non-member's query, a name that only ends like the indicator, and a line without a
 * query (malformed, line 14) find nothing.
 */
const DNS: [string, string, string][] = [
  ['192.0.2.10', 'www.c2.evil.example', 'NOERROR'],
  ['192.0.2.10', 'c2.evil.example', 'NOERROR'],
  ['198.51.100.7', 'C2.Evil.Example.', 'NXDOMAIN'],
  ['10.0.0.1', 'c2.evil.example', 'NOERROR'],
  ['192.0.2.11', 'notc2.evil.example', 'NOERROR'],
  ['192.0.2.12', '-', '-'],
];
const ip4 = (s: string) => s.split('.').reduce((a, b) => (a << 8) | Number(b), 0) >>> 0;

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-flows-cli-'));
  fs.writeFileSync(file('members.json'), JSON.stringify([
    { institution: 'sakura', prefixes: ['192.0.2.0/25', '2001:db8:100::/48'] },
    { institution: 'aoba', prefixes: ['198.51.100.0/24'] },
  ]));
  fs.writeFileSync(file('blocklist.txt'), '# 検証用の一覧\n203.0.113.5\n45.0.0.0/24 ; scanner range\n2001:db8:dead::/48\n');
  fs.writeFileSync(file('flows.csv'), ['start,src,dst,sport,dport,proto,packets,bytes', ...FLOWS.map((f, i) => `${new Date(T0 + i * 1000).toISOString()},${f.src},${f.dst},${f.sp},${f.dp},${f.proto === 6 ? 'TCP' : 'UDP'},${f.pkts},${f.bytes}`)].join('\n') + '\n');
  fs.writeFileSync(file('flows.jsonl'), FLOWS.map((f, i) => JSON.stringify({ time: new Date(T0 + i * 1000).toISOString(), src: f.src, dst: f.dst, sport: f.sp, dport: f.dp, proto: f.proto, packets: f.pkts, bytes: f.bytes })).join('\n') + '\n');
  fs.writeFileSync(file('domains.txt'), '# C2 domains\nc2.evil.example\n');
  fs.writeFileSync(
    file('dns.log'),
    [
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tdns',
      '#open\t2026-11-24-01-00-00',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected',
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool',
      ...DNS.map(([client, query, rcode], i) => [(T0 + i * 1000) / 1000, `D${i}`, client, 40000 + i, '192.0.2.53', 53, 'udp', 100 + i, '0.010000', query, query === '-' ? '-' : 1, query === '-' ? '-' : 'C_INTERNET', 1, 'A', rcode === 'NXDOMAIN' ? 3 : 0, rcode, 'F', 'F', 'T', 'T', 0, rcode === 'NOERROR' ? '203.0.113.5' : '-', rcode === 'NOERROR' ? '60.000000' : '-', 'F'].join('\t')),
      '#close\t2026-11-24-01-00-10',
    ].join('\n') + '\n',
  );
  fs.writeFileSync(
    file('conn.log'),
    [
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
      ...FLOWS.map((f, i) => [(T0 + i * 1000) / 1000, `C${i}`, f.src, f.sp, f.dst, f.dp, f.proto === 6 ? 'tcp' : 'udp', '-', '1.5', f.bytes, 0, 'SF', 'T', 'F', 0, 'ShADadFf', f.pkts, f.bytes, 0, 0, '(empty)'].join('\t')),
      '#close\t2026-11-24-01-00-10',
    ].join('\n') + '\n',
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('renkei flows match', () => {
  for (const [name, format] of [['flows.csv', 'csv'], ['flows.jsonl', 'jsonl'], ['conn.log', 'zeek']] as const) {
    it(`matches a ${format} file: exact summary, and with --sightings one JSON line per sighting`, async () => {
      const r = await renkei(['flows', 'match', '--indicators', file('blocklist.txt'), '--members', file('members.json'), file(name)]);
      expect(r.stderr).toContain('blocklist');
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      const summary = lastJson(r.stdout);
      expect(summary).toMatchObject(EXPECTED);
      expect(typeof summary.seconds).toBe('number');
      expect(summary.flowsPerSecond).toBeGreaterThan(0);

      const s = await renkei(['flows', 'match', '--sightings', '--format', format, '--indicators', file('blocklist.txt'), '--members', file('members.json'), file(name)]);
      expect(s.code).toBe(0);
      const lines = s.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(4);
      expect(lines.at(-1)).toMatchObject(EXPECTED);
      expect(lines.slice(0, 3)).toEqual([
        { kind: 'flow', time: new Date(T0).toISOString(), institution: 'sakura', internalHost: '192.0.2.10', internalPort: 50000, externalHost: '203.0.113.5', externalPort: 443, proto: 6, bytes: 5000, packets: 10, indicator: '203.0.113.5', category: null, direction: 'outbound' },
        expect.objectContaining({ time: new Date(T0 + 1000).toISOString(), internalHost: '192.0.2.10', internalPort: 50001, bytes: 180 }),
        { kind: 'flow', time: new Date(T0 + 2000).toISOString(), institution: 'aoba', internalHost: '198.51.100.7', internalPort: 22, externalHost: '45.0.0.9', externalPort: 40000, proto: 6, bytes: 400, packets: 6, indicator: '45.0.0.0/24', category: null, direction: 'inbound' },
      ]);
    });
  }

  it('adds up several inputs of different formats', async () => {
    const r = await renkei(['flows', 'match', '--indicators', file('blocklist.txt'), '--members', file('members.json'), file('flows.csv'), file('conn.log')]);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ flows: 10, sightings: 6, alerts: 2, byInstitution: { sakura: { sightings: 4, alerts: 1, hosts: 1 }, aoba: { sightings: 2, alerts: 1, hosts: 1 } } });
  });

  it('matches DNS logs against the domain indicators (--dns), with or without flow files', async () => {
    const args = ['flows', 'match', '--indicators', file('blocklist.txt'), file('domains.txt'), '--members', file('members.json')];
    const r = await renkei([...args, '--dns', file('dns.log')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(lastJson(r.stdout)).toMatchObject({
      flows: 0, dnsQueries: 5, malformed: 1, sightings: 3, alerts: 2,
      byInstitution: { sakura: { sightings: 2, alerts: 1, hosts: 1 }, aoba: { sightings: 1, alerts: 1, hosts: 1 } },
    });
    expect(r.stderr).toContain('1 domains indexed for the DNS logs');
    expect(r.stderr).toMatch(/dns .*dns\.log: zeek, 5 queries, 1 skipped/);
    expect(r.stderr).toContain('line 14: 問い合わせ名がありません。この行を読み飛ばしました / no query name: skipped');

    const both = await renkei(['flows', 'match', '--sightings', '--indicators', file('blocklist.txt'), file('domains.txt'), '--members', file('members.json'), '--dns-format', 'zeek', '--dns', file('dns.log'), '--', file('flows.csv')]);
    expect(both.code).toBe(0);
    const lines = both.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toMatchObject({
      flows: 5, dnsQueries: 5, malformed: 1, sightings: 6, alerts: 4,
      byInstitution: { sakura: { sightings: 4, alerts: 2, hosts: 1 }, aoba: { sightings: 2, alerts: 2, hosts: 1 } },
    });
    expect(lines.slice(0, 3).map((l) => l.kind)).toEqual(['flow', 'flow', 'flow']);
    expect(lines.slice(3, 6)).toEqual([
      { kind: 'dns', time: new Date(T0).toISOString(), institution: 'sakura', internalHost: '192.0.2.10', query: 'www.c2.evil.example', rcode: 'NOERROR', indicator: 'c2.evil.example', category: null, direction: 'outbound' },
      expect.objectContaining({ kind: 'dns', internalHost: '192.0.2.10', query: 'c2.evil.example' }),
      { kind: 'dns', time: new Date(T0 + 2000).toISOString(), institution: 'aoba', internalHost: '198.51.100.7', query: 'c2.evil.example', rcode: 'NXDOMAIN', indicator: 'c2.evil.example', category: null, direction: 'outbound' },
    ]);

    fs.writeFileSync(file('dns.csv'), 'ts,client,query\n2026-11-24T01:00:00Z,192.0.2.10,c2.evil.example\n2026-11-24T01:00:01Z,,c2.evil.example\n');
    const csv = await renkei([...args, '--dns', file('dns.csv')]);
    expect(csv.code).toBe(0);
    expect(lastJson(csv.stdout)).toMatchObject({ dnsQueries: 1, malformed: 1, sightings: 1, alerts: 1 });
    expect(csv.stderr).toContain('line 3: クライアントのアドレスがありません。この行を読み飛ばしました / no client address: skipped');
  });

  it('counts malformed lines and still matches the rest', async () => {
    fs.writeFileSync(file('some-bad.csv'), fs.readFileSync(file('flows.csv'), 'utf8') + 'yesterday,not-an-address,203.0.113.5,1,2,TCP,1,1\n');
    const r = await renkei(['flows', 'match', '--indicators', file('blocklist.txt'), '--members', file('members.json'), file('some-bad.csv')]);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ ...EXPECTED, malformed: 1 });
    expect(r.stderr).toContain('line 7');
  });

  describe.skipIf(spawnSync('nfcapd', ['-V']).error !== undefined)('on a file written by Debian nfcapd (skipped when the nfdump package is not installed)', () => {
    it('reads the nfcapd file and finds the same sightings', async () => {
      const nfcapd = await startNfcapd(file('nfcapd'));
      const v5: V5Flow[] = FLOWS.map((f, i) => ({ src: ip4(f.src), dst: ip4(f.dst), srcPort: f.sp, dstPort: f.dp, proto: f.proto, tcpFlags: f.proto === 6 ? 0x1b : 0, packets: f.pkts, bytes: f.bytes, first: 60_000 + i * 1000, last: 60_500 + i * 1000 }));
      // Exported at T0 + 10 s, sysUptime 70 000 ms: flow i (first = 60 000 + i s of uptime) started at T0 + i s.
      const packet = v5Packet(v5, 0, (T0 + 10_000) / 1000, 70_000);
      const sock = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => sock.send(packet, nfcapd.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
      sock.close();
      await new Promise((r) => setTimeout(r, 300));
      const [capture] = await nfcapd.stop();
      expect(capture).toBeDefined();

      const r = await renkei(['flows', 'match', '--sightings', '--indicators', file('blocklist.txt'), '--members', file('members.json'), capture!]);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.at(-1)).toMatchObject(EXPECTED);
      expect(lines[0]).toEqual({ kind: 'flow', time: new Date(T0).toISOString(), institution: 'sakura', internalHost: '192.0.2.10', internalPort: 50000, externalHost: '203.0.113.5', externalPort: 443, proto: 6, bytes: 5000, packets: 10, indicator: '203.0.113.5', category: null, direction: 'outbound' });
      expect(lines[2]).toMatchObject({ institution: 'aoba', externalHost: '45.0.0.9', direction: 'inbound' });
    });
  });

  describe('refuses bad input with exit code 2, a message on stderr and nothing on stdout', () => {
    const cases: [string, () => string[], RegExp][] = [
      ['a missing flow file', () => ['--indicators', file('blocklist.txt'), '--members', file('members.json'), file('nope.csv')], /見つかりません.*nope\.csv/],
      ['a missing indicator file', () => ['--indicators', file('nope.txt'), '--members', file('members.json'), file('flows.csv')], /indicators: ファイルが見つかりません/],
      ['a members file that is not JSON', () => ['--indicators', file('blocklist.txt'), '--members', file('flows.csv'), file('flows.csv')], /members: .*JSON として読めません/],
      ['members that are not the expected shape', () => ['--indicators', file('blocklist.txt'), '--members', file('members-shape.json'), file('flows.csv')], /\[0\]\.prefixes は文字列の配列です/],
      ['a member prefix that is not an address', () => ['--indicators', file('blocklist.txt'), '--members', file('members-prefix.json'), file('flows.csv')], /members: .*sakura/],
      ['an indicator file with nothing usable', () => ['--indicators', file('useless.txt'), '--members', file('members.json'), file('flows.csv')], /使える指標がありません/],
      ['a flow file of unknown format', () => ['--indicators', file('blocklist.txt'), '--members', file('members.json'), file('unknown.bin')], /形式を判別できません/],
      ['an empty flow file', () => ['--indicators', file('blocklist.txt'), '--members', file('members.json'), file('empty.csv')], /空のファイル/],
      ['an unknown --format', () => ['--format', 'pcap', '--indicators', file('blocklist.txt'), '--members', file('members.json'), file('flows.csv')], /nfcapd, zeek, csv, jsonl/],
      ['a missing --members', () => ['--indicators', file('blocklist.txt'), file('flows.csv')], /--members/],
      ['neither flow files nor --dns', () => ['--indicators', file('blocklist.txt'), '--members', file('members.json')], /フローファイルまたは --dns/],
      ['a missing DNS log', () => ['--indicators', file('domains.txt'), '--members', file('members.json'), '--dns', file('nope.log')], /dns: ファイルが見つかりません.*nope\.log/],
      ['an empty DNS log', () => ['--indicators', file('domains.txt'), '--members', file('members.json'), '--dns', file('empty.csv')], /dns: 空のファイル/],
      ['a DNS log of unknown format', () => ['--indicators', file('domains.txt'), '--members', file('members.json'), '--dns', file('unknown.bin')], /DNS ログの形式を判別できません/],
      ['a conn.log given as the DNS log', () => ['--indicators', file('domains.txt'), '--members', file('members.json'), '--dns', file('conn.log')], /conn\.log で、dns\.log ではありません/],
      ['an unknown --dns-format', () => ['--dns-format', 'pcap', '--indicators', file('domains.txt'), '--members', file('members.json'), '--dns', file('dns.log')], /zeek, csv, jsonl/],
    ];
    beforeAll(() => {
      fs.writeFileSync(file('members-shape.json'), JSON.stringify([{ institution: 'sakura', prefixes: '192.0.2.0/25' }]));
      fs.writeFileSync(file('members-prefix.json'), JSON.stringify([{ institution: 'sakura', prefixes: ['192.0.2.300/25'] }]));
      fs.writeFileSync(file('useless.txt'), 'not an address\nneither is this one!\n');
      fs.writeFileSync(file('unknown.bin'), Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05]));
      fs.writeFileSync(file('empty.csv'), '');
    });
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const r = await renkei(['flows', 'match', ...args()]);
        expect(r.stderr).toMatch(message);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
      });
    }
  });
});

describe('renkei flows collect', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('listens on the port it reports, counts the NetFlow it receives and prints a final stats line on SIGTERM', async () => {
    child = spawn(process.execPath, [BIN, 'flows', 'collect', '--port', '0', '--stats-seconds', '3600'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const t0 = Date.now();
    let port = 0;
    while (!port) {
      const m = /collecting on udp 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) port = Number(m[1]);
      else if (child.exitCode !== null || Date.now() - t0 > 30_000) throw new Error(`collect did not start: ${stderr}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(port).toBeGreaterThan(0);

    const v5: V5Flow[] = FLOWS.map((f, i) => ({ src: ip4(f.src), dst: ip4(f.dst), srcPort: f.sp, dstPort: f.dp, proto: f.proto, tcpFlags: 0, packets: f.pkts, bytes: f.bytes, first: 60_000 + i, last: 60_001 + i }));
    const sock = dgram.createSocket('udp4');
    for (let seq = 0; seq < 3; seq++) {
      const packet = v5Packet(v5, seq * v5.length, T0 / 1000, 70_000);
      await new Promise<void>((resolve, reject) => sock.send(packet, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
    // A datagram that is no NetFlow at all: counted as malformed, never fatal.
    await new Promise<void>((resolve, reject) => sock.send(Buffer.from('hello'), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    sock.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(stdout).toBe('');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const stats = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(stats).toMatchObject({ port, final: true, packets: 4, flows: 15, delivered: 15, malformed: 1, sequenceLost: 0, dropped: 0, exporters: 1 });
    expect(stats.kernelDrops === null || stats.kernelDrops === 0).toBe(true);
  });

  it('refuses a port it cannot use with exit code 2', async () => {
    const busy = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => busy.bind(0, '127.0.0.1', () => resolve()));
    try {
      const r = await renkei(['flows', 'collect', '--port', String(busy.address().port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('待ち受けできません');
      expect(r.stdout).toBe('');
    } finally {
      busy.close();
    }
    const bad = await renkei(['flows', 'collect', '--port', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('0〜65535');
  });
});
