/**
 * The nfcapd reader on files built here byte by byte (layout from nfdump 1.7's nffileV2.h and
 * nfxV3.h), for the cases real nfcapd output does not produce: damage, truncation, other
 * compressions, 1.6 files. Equality with nfdump itself on real files: test/flow-files.
 */
import { describe, expect, it } from 'vitest';
import { formatAddress, type FlowBatch } from '../flows/batch.ts';
import { NfcapdReader, readNfcapd } from './nfcapd.ts';

class Bytes {
  private a: number[] = [];
  u8(v: number) { this.a.push(v & 255); return this; } // prettier-ignore
  u16(v: number) { return this.u8(v).u8(v >>> 8); } // prettier-ignore
  u32(v: number) { return this.u16(v & 0xffff).u16(v >>> 16); } // prettier-ignore
  u64(v: number) { return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32)); } // prettier-ignore
  raw(b: Uint8Array | number[]) { this.a.push(...b); return this; } // prettier-ignore
  get length() { return this.a.length; } // prettier-ignore
  done() { return Uint8Array.from(this.a); } // prettier-ignore
}

interface Flow {
  v4?: [number, number];
  v6?: [number[], number[]]; // 4 big-endian words each
  ports?: [number, number];
  proto?: number;
  flags?: number;
  packets?: number;
  bytes?: number;
  first?: number;
  last?: number;
  out?: [number, number];
  exporter?: number;
  sampled?: boolean;
  noGeneric?: boolean;
}

function v3Record(f: Flow): Uint8Array {
  const el = new Bytes();
  let n = 0;
  if (!f.noGeneric) {
    n++;
    el.u16(1).u16(52).u64(f.first ?? 1_700_000_000_000).u64(f.last ?? 1_700_000_001_000).u64(0).u64(f.packets ?? 1).u64(f.bytes ?? 40);
    el.u16(f.ports?.[0] ?? 0).u16(f.ports?.[1] ?? 0).u8(f.proto ?? 6).u8(f.flags ?? 0).u8(0).u8(0);
  }
  if (f.v4) (n++, el.u16(2).u16(12).u32(f.v4[0]).u32(f.v4[1]));
  if (f.v6) {
    n++;
    el.u16(3).u16(36);
    for (const w of [f.v6[0], f.v6[1]]) el.u32(w[1]!).u32(w[0]!).u32(w[3]!).u32(w[2]!);
  }
  if (f.out) (n++, el.u16(5).u16(28).u64(1).u64(f.out[0]).u64(f.out[1]));
  const body = el.done();
  return new Bytes().u16(11).u16(12 + body.length).u16(n).u8(0).u8(0).u16(f.exporter ?? 1).u8(f.sampled ? 2 : 0).u8(9).raw(body).done();
}

const sampler = (exporter: number, id: number, packetInterval: number, spaceInterval: number) =>
  new Bytes().u16(15).u16(24).u16(exporter).u16(0).u64(id < 0 ? 2 ** 64 + id : id).u32(packetInterval).u32(spaceInterval).done();
const exporterInfo = new Bytes().u16(7).u16(32).u32(9).u64(0).u32(0x7f000001).u32(0).u16(2).u16(1).u32(42).done();
const ident = new Bytes().u16(0x8001).u16(4 + 5).raw([...'test'].map((c) => c.charCodeAt(0))).u8(0).done();

function block(records: Uint8Array[], opts: { type?: number; flags?: number; lz4?: boolean; numRecords?: number } = {}): Uint8Array {
  let body = new Bytes();
  for (const r of records) body.raw(r);
  let data = body.done();
  if (opts.lz4) {
    // A literals-only LZ4 block (valid LZ4: one sequence, no match).
    const lit = data.length;
    body = new Bytes().u8(0xf0);
    let rest = lit - 15;
    for (; rest >= 255; rest -= 255) body.u8(255);
    data = body.u8(rest).raw(data).done();
  }
  return new Bytes().u32(opts.numRecords ?? records.length).u32(data.length).u16(opts.type ?? 3).u16(opts.flags ?? 0).raw(data).done();
}

function file(blocks: Uint8Array[], opts: { compression?: number; layout?: number; numBlocks?: number; encryption?: number } = {}): Uint8Array {
  const b = new Bytes().u16(0xa50c).u16(opts.layout ?? 2).u32(0x01070100).u64(1_700_000_000).u8(opts.compression ?? 0).u8(opts.encryption ?? 0);
  b.u16(0).u32(0).u64(0).u32(5 * 1024 * 1024).u32(opts.numBlocks ?? blocks.length);
  for (const x of blocks) b.raw(x);
  return b.done();
}

const rows = (batches: FlowBatch[]) =>
  batches.flatMap((b) =>
    Array.from({ length: b.length }, (_, i) => ({
      src: formatAddress(b.src, i, b.family[i]!),
      dst: formatAddress(b.dst, i, b.family[i]!),
      family: b.family[i],
      sport: b.srcPort[i],
      dport: b.dstPort[i],
      proto: b.proto[i],
      flags: b.tcpFlags[i],
      packets: b.packets[i],
      bytes: b.bytes[i],
      start: b.start[i],
      end: b.end[i],
      sampling: b.sampling[i],
      exporter: b.exporter[i],
    })),
  );

describe('nfcapd reader (synthetic files)', () => {
  it('reads IPv4, IPv6, ICMP and bidirectional records; sets the file index', () => {
    const bytes = file([
      block([
        exporterInfo,
        v3Record({ v4: [0xc0000201, 0x0a000001], ports: [51000, 443], proto: 6, flags: 0x1b, packets: 10, bytes: 5000, first: 1_700_000_000_123, last: 1_700_000_009_999 }),
        v3Record({ v6: [[0x20010db8, 0, 0, 1], [0x20010db8, 0, 0, 2]], ports: [0, 0x0800], proto: 58 }),
        v3Record({ v4: [1, 2], out: [3, 300], packets: 2, bytes: 200 }),
        v3Record({ noGeneric: true, v4: [3, 4] }),
        v3Record({ ports: [1, 2] }), // no address: not a row
      ]),
      block([ident]),
    ]);
    const { batches, report } = readNfcapd(bytes, { fileIndex: 7 });
    expect(report).toMatchObject({ flows: 4, complete: true, nfdumpVersion: '1.7.1', compression: 'none', ident: 'test', created: 1_700_000_000_000 });
    expect(report.records).toMatchObject({ flows: 4, noAddress: 1, skipped: 0 });
    expect(report.exporters).toEqual([{ sysid: 1, version: 9, id: 42, address: '127.0.0.1' }]);
    const r = rows(batches);
    expect(r[0]).toEqual({ src: '192.0.2.1', dst: '10.0.0.1', family: 4, sport: 51000, dport: 443, proto: 6, flags: 0x1b, packets: 10, bytes: 5000, start: 1_700_000_000_123, end: 1_700_000_009_999, sampling: 1, exporter: 7 });
    expect(r[1]).toMatchObject({ src: '2001:db8::1', dst: '2001:db8::2', family: 6, dport: 0x0800, proto: 58 });
    expect(r[2]).toMatchObject({ packets: 5, bytes: 500 });
    expect(r[3]).toMatchObject({ src: '0.0.0.3', packets: 0, start: 0, proto: 0 });
  });

  it('divides sampled counts back by the rate nfcapd applied', () => {
    const { batches, report } = readNfcapd(
      file([block([sampler(1, -2, 1, 9), sampler(2, 5, 1, 99), v3Record({ v4: [1, 2], packets: 50, bytes: 4000, sampled: true }), v3Record({ v4: [1, 2], packets: 50, sampled: false }), v3Record({ v4: [1, 2], packets: 300, exporter: 2, sampled: true })])]),
    );
    expect(rows(batches).map((x) => [x.packets, x.sampling])).toEqual([[5, 10], [50, 1], [3, 100]]);
    expect(report.records.unscaled).toBe(2);
    expect(report.samplers).toHaveLength(2);
  });

  it('reads LZ4 blocks and blocks flagged uncompressed in an LZ4 file, across tiny chunks and batches', () => {
    const recs = Array.from({ length: 25 }, (_, i) => v3Record({ v4: [i, i + 1], packets: i }));
    const bytes = file([block(recs.slice(0, 10), { lz4: true }), block(recs.slice(10), { flags: 1 })], { compression: 3 });
    const got: FlowBatch[] = [];
    const reader = new NfcapdReader((b) => got.push(b), { batchSize: 7 });
    for (let i = 0; i < bytes.length; i += 3) reader.push(bytes.subarray(i, i + 3));
    const report = reader.end();
    expect(report).toMatchObject({ flows: 25, complete: true, compression: 'LZ4' });
    expect(got.map((b) => b.length)).toEqual([7, 7, 7, 4]);
    expect(rows(got).map((x) => x.packets)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('reuses one batch when asked', () => {
    const seen = new Set<FlowBatch>();
    const reader = new NfcapdReader((b) => seen.add(b), { batchSize: 2, reuseBatch: true });
    reader.push(file([block(Array.from({ length: 5 }, () => v3Record({ v4: [1, 2] })))]));
    expect(reader.end().flows).toBe(5);
    expect(seen.size).toBe(1);
  });

  it.each([
    [new Uint8Array(0), 0, /^入力が空です（nfdump のファイルではありません） \/ empty input/],
    [Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), 0, /^nfdump のファイルではありません（マジックナンバーが 0x4b50 で、0xa50c ではありません） \/ not an nfdump file \(magic 0x4b50/],
    [Uint8Array.from([0xa5, 0x0c, 0, 2]), 0, /^ビッグエンディアンの nfdump ファイル.* \/ big-endian nfdump file/],
    [file([], { layout: 1 }), 2, /^nfdump 1\.6 のファイル（レイアウト版 1）には対応していません。nfdump 1\.7 で変換してください: `nfdump -r OLD -y -w NEW` \/ nfdump 1\.6 file \(layout version 1\): not supported; convert it with nfdump 1\.7: `nfdump -r OLD -y -w NEW`/],
    [file([], { layout: 7 }), 2, /^nfdump ファイルのレイアウト版 7 は不明です \/ unknown nfdump file layout version 7$/],
    [file([]).subarray(0, 20), 0, /^ファイルが 40 バイトのファイルヘッダーの途中で終わっています（20 バイト） \/ file ends inside the 40-byte file header \(20 bytes\)$/],
    [file([], { encryption: 1 }), 17, /^暗号化された nfdump ファイル（暗号化方式 1）には対応していません \/ encrypted/],
  ])('rejects a bad header: %#', (bytes, offset, message) => {
    const { report, batches } = readNfcapd(bytes);
    expect(batches).toEqual([]);
    expect(report.complete).toBe(false);
    expect(report.fatal?.offset).toBe(offset);
    expect(report.fatal?.message).toMatch(message);
  });

  it('skips a block it cannot decompress, naming block and offset, and reads the next', () => {
    const b0 = block([v3Record({ v4: [1, 2] })]);
    const bytes = file([b0, block([v3Record({ v4: [3, 4] })], { flags: 1 })], { compression: 4 });
    const { report } = readNfcapd(bytes);
    expect(report).toMatchObject({ flows: 1, complete: false, skipped: 1, compression: 'ZSTD', blocks: { read: 2, skipped: 1 } });
    expect(report.issues[0]).toMatchObject({ block: 0, offset: 40 });
    expect(report.issues[0]!.message).toMatch(/^ブロック 0（オフセット 40）: ZSTD で圧縮されたブロックには対応していません.* \/ block 0 at offset 40: ZSTD-compressed blocks are not supported/);
  });

  it('skips the rest of a block at a record whose size is wrong, with its offset', () => {
    const bad = v3Record({ v4: [5, 6] });
    bad[2] = 200; // size beyond the block
    const bytes = file([block([v3Record({ v4: [1, 2] }), bad, v3Record({ v4: [7, 8] })]), block([v3Record({ v4: [3, 4] })])]);
    const { batches, report } = readNfcapd(bytes);
    expect(rows(batches).map((x) => x.src)).toEqual(['0.0.0.1', '0.0.0.3']);
    expect(report).toMatchObject({ flows: 2, skipped: 2, complete: false });
    const at = 40 + 12 + v3Record({ v4: [1, 2] }).length;
    expect(report.issues).toEqual([{ offset: at, block: 0, message: `ブロック 0 のレコード 1（オフセット ${at}）: レコードの大きさ 200 がブロックに収まりません。残り 2 件のレコードを読み飛ばしました / record 1 of block 0 (offset ${at}): record size 200 does not fit the block; 2 records skipped` }]);
  });

  it('reports an element list that overruns its record', () => {
    const bad = v3Record({ v4: [5, 6] });
    bad[4] = 9; // 9 elements announced
    const { report } = readNfcapd(file([block([bad])]));
    expect(report.issues[0]!.message).toMatch(/要素の並びがレコードの終わりを越えています（\d+ バイトに 9 個の要素）。.* \/ .*element list runs past the record \(9 elements in \d+ bytes\)/);
  });

  it('a cut in the middle of a block keeps the blocks before it and names the offset', () => {
    const b0 = block([v3Record({ v4: [1, 2] })]);
    const whole = file([b0, block([v3Record({ v4: [3, 4] })])]);
    const { report, batches } = readNfcapd(whole.subarray(0, whole.length - 10));
    expect(rows(batches).map((x) => x.src)).toEqual(['0.0.0.1']);
    expect(report.fatal).toEqual({ offset: 40 + b0.length, block: 1, message: `ファイルが途中で終わっています: ブロック 1 に ${whole.length - 40 - b0.length} バイト必要ですが、残りは ${whole.length - 50 - b0.length} バイトです / truncated: block 1 needs ${whole.length - 40 - b0.length} bytes, the file ends after ${whole.length - 50 - b0.length}` });
  });

  it('a file with fewer blocks than its header announces is reported', () => {
    const { report } = readNfcapd(file([block([v3Record({ v4: [1, 2] })])], { numBlocks: 3 }));
    expect(report.flows).toBe(1);
    expect(report.fatal?.message).toBe('ファイルが途中で終わっています: ヘッダーでは 3 ブロックのはずですが、1 ブロックで終わっています / truncated: the header announces 3 blocks, the file ends after 1');
  });

  it('a file still being written (0 blocks announced) is read to its end without complaint', () => {
    const { report } = readNfcapd(file([block([v3Record({ v4: [1, 2] })])], { numBlocks: 0 }));
    expect(report).toMatchObject({ flows: 1, complete: true, blocks: { declared: null, read: 1 } });
  });

  it('a corrupt block header stops reading there', () => {
    const bytes = file([block([v3Record({ v4: [1, 2] })]), new Uint8Array(12)]);
    const { report } = readNfcapd(bytes);
    expect(report.flows).toBe(1);
    expect(report.fatal?.message).toBe('ブロック 1 のヘッダーが壊れています（レコード数 0、大きさ 0、種別 0） / block 1: corrupt block header (records 0, size 0, type 0)');
  });

  it('skips blocks of a type nfdump 1.7 does not write', () => {
    const { report } = readNfcapd(file([block([v3Record({ v4: [1, 2] })], { type: 2 })]));
    expect(report.issues[0]!.message).toMatch(/^ブロック 0（オフセット 40）: ブロック種別 2 には対応していません.* \/ block 0 at offset 40: block type 2 is not supported/);
    expect(report.skipped).toBe(1);
  });

  it('never throws on damaged input: random byte changes and cuts', () => {
    const recs = Array.from({ length: 40 }, (_, i) => v3Record({ v4: [i, i + 1], out: [i, i], packets: i, sampled: i % 2 === 0 }));
    const good = [file([block([sampler(1, -1, 1, 9), exporterInfo, ...recs.slice(0, 20)]), block([ident])]), file([block(recs.slice(20), { lz4: true })], { compression: 3 })];
    let x = 12345;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), x % n);
    for (let k = 0; k < 2000; k++) {
      const bytes = good[k % 2]!.slice();
      for (let j = 1 + rnd(4); j > 0; j--) bytes[rnd(bytes.length)] = rnd(256);
      const cut = rnd(3) === 0 ? bytes.subarray(0, rnd(bytes.length)) : bytes;
      const { report } = readNfcapd(cut, { batchSize: 8 });
      expect(report.flows).toBeLessThanOrEqual(40);
    }
  });
});
