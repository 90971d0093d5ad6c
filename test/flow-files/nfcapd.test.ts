/**
 * The nfcapd reader against the real thing: Debian's nfcapd 1.7 collects the 92 real export
 * packets of ../shared/fixtures/netflow (and synthetic v5) into capture files — uncompressed,
 * LZ4 (`-y`), sampled (`-s 10`) —, nfdump converts them (`-y`, `-z`, `-j`), and every flow
 * Renkei reads must equal what `nfdump -r FILE -o json` prints for it.
 *
 * Without nfdump or the fixtures the suite is skipped locally and fails under CI (.ci/run
 * installs nfdump).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBatch, formatAddress } from '../../src/core/flows/batch.ts';
import { parseAddressInto, parseTcpFlags } from '../../src/core/flow-files/fields.ts';
import { NfcapdReader, readNfcapd, type NfcapdReport } from '../../src/core/flow-files/nfcapd.ts';
import { readFlowText } from '../../src/core/flow-files/csv.ts';
import { fixturePackets, nfdump, nfdumpJson, nfdumpMissing, nfdumpVersion, sendPackets, startNfcapd, syntheticV5, type NfdumpRecord } from './nfdump.ts';

const missing = nfdumpMissing();
// ../shared may be absent anywhere (skip); nfdump may not be absent on CI, which installs it.
if (missing && process.env.CI && !missing.startsWith('NetFlow fixtures')) throw new Error(`${missing}: CI must run the nfdump comparison (.ci/run installs the nfdump package)`);
if (missing) console.warn(`\n!! nfcapd reader tests against nfdump SKIPPED: ${missing}\n`);

/** Reads files through the streaming reader in odd-sized chunks (so blocks straddle chunks). */
function readChunked(file: string, chunk = 65_521): { rows: FlowBatch[]; report: NfcapdReport } {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const rows: FlowBatch[] = [];
  const reader = new NfcapdReader((b) => rows.push(b), { batchSize: 1000 });
  for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  return { rows, report: reader.end() };
}

/** A u64 counter as nfdump printed it, divided by the sampling rate (rounding up, as nfcapd scaled down), rounded to a double once. */
const count = (s: string | undefined, divide = 1n) => (s === undefined ? 0 : Number((BigInt(s) + divide - 1n) / divide));

/**
 * nfdump's `first`/`last` ("2015-05-13T11:20:26.232", UTC; the year may have more digits for
 * garbage counters) back to epoch ms, exactly (BigInt), then rounded to a double once as the reader does.
 */
function nfdumpTime(s: string | undefined): number {
  const m = /^(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(s ?? '');
  if (!m) return NaN;
  const [y0, mo, d] = [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)];
  // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
  const y = mo <= 2n ? y0 - 1n : y0;
  const era = (y >= 0n ? y : y - 399n) / 400n;
  const yoe = y - era * 400n;
  const doy = (153n * (mo > 2n ? mo - 3n : mo + 9n) + 2n) / 5n + d - 1n;
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  const days = era * 146097n + doe - 719468n;
  const ms = (((days * 24n + BigInt(m[4]!)) * 60n + BigInt(m[5]!)) * 60n + BigInt(m[6]!)) * 1000n + BigInt(m[7]!);
  return Number(ms);
}

/** What nfdump printed for a record, in the reader's terms (see the module comment of nfcapd.ts). */
function expectedRow(r: NfdumpRecord, fam: number, sampling: number): string {
  const both = r.src4_addr !== undefined && r.src6_addr !== undefined;
  let addrs: string;
  if (fam === 4 && both) {
    // Both address elements, the IPv6 one empty: the reader takes the IPv4 one. nfdump prints
    // both from one union (IPv6 bytes overlay the IPv4 field), so only "::" can be checked.
    addrs = r.src6_addr === '::' && r.dst6_addr === '::' ? 'v4-of-both' : `v6 not empty: ${r.src6_addr} ${r.dst6_addr}`;
  } else {
    addrs = `${addressKey(fam === 6 ? r.src6_addr : (r.src4_addr ?? r.src6_addr))} ${addressKey(fam === 6 ? r.dst6_addr : (r.dst4_addr ?? r.dst6_addr))}`;
  }
  const ports = r.icmp_type !== undefined ? `icmp ${Number(r.icmp_type) * 256 + Number(r.icmp_code)}` : `${r.src_port ?? 0} ${r.dst_port ?? 0}`;
  const s = BigInt(sampling);
  if (s > 1n && (r.sampled !== '1' || BigInt(r.in_packets ?? '0') % s !== 0n)) return `sampling ${sampling} does not divide ${r.in_packets} (sampled ${r.sampled})`;
  const packets = count(r.in_packets, s) + count(r.out_packets);
  const bytes = count(r.in_bytes, s) + count(r.out_bytes);
  const flags = r.tcp_flags === undefined ? '' : parseTcpFlags(r.tcp_flags);
  return `${addrs} ${ports} ${r.proto} ${flags} ${packets} ${bytes} ${nfdumpTime(r.first)} ${nfdumpTime(r.last)}`;
}

function actualRow(b: FlowBatch, i: number, r: NfdumpRecord): string {
  const fam = b.family[i]!;
  const both = r.src4_addr !== undefined && r.src6_addr !== undefined;
  const addrs = fam === 4 && both ? 'v4-of-both' : `${rowAddressKey(b.src, i)} ${rowAddressKey(b.dst, i)}`;
  const ports = r.icmp_type !== undefined ? `icmp ${b.dstPort[i]}` : `${b.srcPort[i]} ${b.dstPort[i]}`;
  const flags = r.tcp_flags === undefined ? '' : b.tcpFlags[i];
  return `${addrs} ${ports} ${b.proto[i]} ${flags} ${b.packets[i]} ${b.bytes[i]} ${b.start[i]} ${b.end[i]}`;
}

const scratch = new Uint32Array(4);
const addressKey = (text: string | undefined) => (parseAddressInto(text ?? '', scratch, 0) ? rowAddressKey(scratch, 0) : `bad address ${text}`);
const rowAddressKey = (col: Uint32Array, row: number) => Array.from(col.subarray(row * 4, row * 4 + 4), (w) => w.toString(16)).join(':');

/** Compares every row with nfdump's record at the same position; returns the number compared. */
function expectSameFlows(batches: FlowBatch[], recs: NfdumpRecord[]): number {
  let n = 0;
  const mismatches: string[] = [];
  for (const b of batches) {
    for (let i = 0; i < b.length; i++, n++) {
      const r = recs[n] ?? {};
      const want = expectedRow(r, b.family[i]!, b.sampling[i]!);
      const got = actualRow(b, i, r);
      if (want !== got && mismatches.length < 10) mismatches.push(`flow ${n} (${formatAddress(b.src, i, b.family[i]!)}):\n  nfdump ${want}\n  renkei ${got}\n  ${JSON.stringify(r)}`);
    }
  }
  expect(mismatches).toEqual([]);
  expect(n).toBe(recs.length);
  return n;
}

/** Rows as text with times cut to `unit` ms (nfdump's CSV prints whole seconds). */
function rowTexts(batches: FlowBatch[], unit: number): string[] {
  return batches.flatMap((x) =>
    Array.from({ length: x.length }, (_, i) => {
      const t = (v: number) => Math.floor(v / unit) * unit;
      return `${formatAddress(x.src, i, x.family[i]!)} ${formatAddress(x.dst, i, x.family[i]!)} ${x.srcPort[i]} ${x.dstPort[i]} ${x.proto[i]} ${x.tcpFlags[i]} ${x.packets[i]} ${x.bytes[i]} ${t(x.start[i]!)} ${t(x.end[i]!)}`;
    }),
  );
}

describe.skipIf(!!missing)(`nfcapd files from ${missing ? 'nfdump' : nfdumpVersion()}`, () => {
  let dir: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-nfcapd-'));
    // Three collectors receive the same packets: plain, LZ4, and with a default sampling rate.
    const plain = await startNfcapd(path.join(dir, 'plain'));
    const lz4 = await startNfcapd(path.join(dir, 'lz4'), ['-y']);
    const sampled = await startNfcapd(path.join(dir, 'sampled'), ['-s', '10']);
    const big = await startNfcapd(path.join(dir, 'big'), ['-y']);
    const ports = [plain.port, lz4.port, sampled.port];
    await sendPackets(fixturePackets(), ports, 2);
    await sendPackets(syntheticV5(40), ports, 1);
    // ~36 000 synthetic flows: more than one 1 MiB data block.
    await sendPackets(syntheticV5(1200, 7), [big.port], 0.2);
    for (const [name, c] of Object.entries({ plain, lz4, sampled, big })) {
      const out = await c.stop();
      expect(out.length, `${name}: ${c.log()}`).toBeGreaterThan(0);
      // A run crossing nfcapd's 5-minute rotation leaves two files: merge them (nfdump keeps record order).
      files[name] = out.length === 1 ? out[0]! : path.join(dir, `${name}.merged`);
      if (out.length > 1) nfdump(['-R', `${out[0]}:${path.basename(out.at(-1)!)}`, '-w', files[name]!, ...(name === 'plain' || name === 'sampled' ? [] : ['-y'])]);
    }
    nfdump(['-r', files.plain!, '-y', '-w', (files.converted = path.join(dir, 'converted.lz4'))]);
    nfdump(['-r', files.plain!, '-z', '-w', (files.lzo = path.join(dir, 'converted.lzo'))]);
    nfdump(['-r', files.plain!, '-j', '-w', (files.bz2 = path.join(dir, 'converted.bz2'))]);
  }, 120_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['plain', 'lz4', 'converted', 'sampled', 'big'])('%s: every flow equals nfdump -o json', (name) => {
    const file = files[name]!;
    const { rows, report } = readChunked(file);
    expect(report.fatal).toBeUndefined();
    expect(report.complete).toBe(true);
    expect(report.nfdumpVersion).toMatch(/^1\.7\./);
    expect(report.compression).toBe(name === 'plain' || name === 'sampled' ? 'none' : 'LZ4');
    const recs = nfdumpJson(file);
    expect(recs.length).toBeGreaterThan(name === 'big' ? 30_000 : 600);
    expect(expectSameFlows(rows, recs)).toBe(recs.length);
    // The appendix stat record counts the same flows.
    expect(report.stat?.flows).toBe(recs.length);
    if (name === 'big') expect(report.blocks.read).toBeGreaterThan(2);
    if (name === 'sampled') {
      expect(report.records.unscaled).toBeGreaterThan(600);
      const rates = new Set(rows.flatMap((b) => [...b.sampling.subarray(0, b.length)]));
      // `-s 10`: nfcapd records a default sampler (packet interval 1, space 9) and scales by 10.
      expect([...rates]).toEqual([10]);
    }
  });

  it('reads the same flows from the uncompressed and the LZ4 files, and in one piece as in chunks', () => {
    const a = readNfcapd(new Uint8Array(fs.readFileSync(files.plain!))).batches;
    const b = readChunked(files.converted!, 4096).rows;
    expect(rowTexts(b, 1)).toEqual(rowTexts(a, 1));
  });

  it.each([
    ['csv', 1000],
    ['json', 1],
  ])('nfdump -o %s of the same file reads as the same flows (times to %i ms)', (form, unit) => {
    const bin = rowTexts(readNfcapd(new Uint8Array(fs.readFileSync(files.big!))).batches, unit);
    const text = nfdump(['-r', files.big!, '-o', form]);
    const { batches, report } = readFlowText(text);
    expect(report).toMatchObject({ format: form === 'csv' ? 'csv' : 'jsonl', complete: true, skipped: 0 });
    expect(rowTexts(batches, unit)).toEqual(bin);
  });

  it('nfdump -o csv/json of the fixture flows: every record is read or skipped with a reason', () => {
    const total = nfdumpJson(files.plain!).length;
    for (const form of ['csv', 'json']) {
      const { report } = readFlowText(nfdump(['-r', files.plain!, '-o', form]));
      // Some fixture packets carry garbage timestamps (years beyond 275 760) and raw bytes in NSEL user names.
      expect(report.flows + report.skipped, form).toBe(total);
      expect(report.flows, form).toBeGreaterThan(total * 0.8);
      for (const i of report.issues) expect(i.message, form).toMatch(/^(開始時刻|終了時刻)「.*」は時刻として読めません。この行を読み飛ばしました \/ (start|end) time ".*" is not a time: skipped$|^JSON として読めません（.*）。この行を読み飛ばしました \/ not valid JSON \(.*\): skipped$/);
    }
  });

  it.each([
    ['lzo', 'LZO'],
    ['bz2', 'BZ2'],
  ])('%s: reports each block as unsupported, with its number', (name, label) => {
    const { report } = readNfcapd(new Uint8Array(fs.readFileSync(files[name]!)));
    expect(report.compression).toBe(label);
    expect(report.flows).toBe(0);
    expect(report.complete).toBe(false);
    expect(report.blocks.skipped).toBe(report.blocks.read);
    expect(report.issues[0]!.message).toMatch(new RegExp(`^ブロック 0（オフセット 40）: ${label} で圧縮されたブロックには対応していません.* / block 0 at offset 40: ${label}-compressed blocks are not supported`));
    expect(report.issues[0]!.message).toContain('nfdump -r FILE -y -w NEW');
  });

  it('a truncated file: the blocks before the cut are read, the error names the offset', () => {
    const whole = new Uint8Array(fs.readFileSync(files.big!));
    const full = readNfcapd(whole).report;
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const { report } = readNfcapd(cut);
    expect(report.complete).toBe(false);
    expect(report.fatal?.message).toMatch(/^ファイルが途中で終わっています: ブロック \d+ に \d+ バイト必要ですが、残りは \d+ バイトです \/ truncated: block \d+ needs \d+ bytes, the file ends after \d+/);
    expect(report.fatal?.offset).toBeGreaterThan(40);
    expect(report.fatal?.offset).toBeLessThan(cut.length);
    expect(report.flows).toBeGreaterThan(0);
    expect(report.flows).toBeLessThan(full.flows);
    expect(report.blocks.read).toBeLessThan(full.blocks.read);
  });

  it('a corrupt LZ4 block is skipped and named; the others are read', () => {
    const bytes = new Uint8Array(fs.readFileSync(files.big!));
    const first = new DataView(bytes.buffer, bytes.byteOffset + 40, 12);
    const size = first.getUint32(4, true);
    // Garble the middle of block 0's compressed data.
    for (let i = 40 + 12 + (size >> 1); i < 40 + 12 + (size >> 1) + 64; i++) bytes[i] = 0xff;
    const { report } = readNfcapd(bytes);
    const full = readNfcapd(new Uint8Array(fs.readFileSync(files.big!))).report;
    expect(report.complete).toBe(false);
    expect(report.issues[0]!.message).toMatch(/^(ブロック 0（オフセット 40）: オフセット \d+ で LZ4 データが壊れています|ブロック 0 のレコード \d+（ブロック 0（オフセット 40）、展開後のデータの \d+ バイト目）).* \/ .*block 0 at offset 40(: LZ4 data corrupt at offset \d+|, byte \d+ of the decompressed data)/);
    expect(report.flows).toBeLessThan(full.flows);
    expect(report.flows).toBeGreaterThan(0);
  });

  it('never throws on a damaged real LZ4 file (random byte changes)', () => {
    const good = new Uint8Array(fs.readFileSync(files.lz4!));
    let x = 987;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), x % n);
    for (let k = 0; k < 300; k++) {
      const bytes = good.slice();
      for (let j = 1 + rnd(8); j > 0; j--) bytes[40 + rnd(bytes.length - 40)] = rnd(256);
      expect(() => readNfcapd(bytes)).not.toThrow();
    }
  });
});
