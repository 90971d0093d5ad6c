/**
 * Reader for nfdump 1.7 capture files (nfcapd.YYYYMMDDhhmm), file layout 2 ("nffile V2").
 * The layout was learnt from nfdump's nffileV2.h, nfxV3.h, id.h and nffile.c; all integers are
 * in the writer's byte order, which is little-endian on every machine nfdump runs on today
 * (the magic tells; a big-endian file is reported).
 *
 *   file header (40 bytes): u16 magic 0xA50C, u16 layout (2), u32 nfdump version, u64 created
 *     (time_t), u8 compression (0 none, 1 LZO, 2 BZ2, 3 LZ4, 4 ZSTD), u8 encryption,
 *     u16 appendix blocks, u32 creator, u64 appendix offset, u32 block size, u32 data blocks
 *   data blocks, then appendix blocks (ident and stat records), each:
 *     u32 records, u32 size (bytes after this 12-byte header, compressed if the file is),
 *     u16 type (3), u16 flags (bit 0: this block is stored uncompressed)
 *   records: u16 type, u16 size (including the header); type 11 is a flow (V3 record):
 *     u16 elements, u8 engine type, u8 engine id, u16 exporter sysid, u8 flags
 *     (1 event, 2 sampled), u8 NetFlow version, then elements (u16 id, u16 length incl. header):
 *     1 generic flow: u64 first ms, u64 last ms, u64 received ms, u64 packets, u64 bytes,
 *       u16 src port, u16 dst port (ICMP: type*256+code), u8 proto, u8 TCP flags, …
 *     2 IPv4 flow: u32 src, u32 dst       3 IPv6 flow: 2×u64 src, 2×u64 dst (high word first)
 *     5 counters: u64 flows, u64 out packets, u64 out bytes
 *   type 7 exporter info, 15 sampler (u16 exporter, u16 algorithm, i64 id, u32 packet
 *   interval, u32 space interval), 9 legacy sampler, 0x8001 ident, 0x8002 stat.
 *
 * Rows: one per V3 record that has addresses. packets/bytes = in + out (a bidirectional
 * record's both directions). nfcapd multiplies sampled counts by the sampler's rate and flags
 * the record; this reader divides them back (FlowBatch keeps counts as exported) and puts the
 * rate in `sampling`.
 */
import { WORDS_PER_ADDRESS, type FlowBatch } from '../flows/batch.ts';
import { ByteQueue } from './byte-queue.ts';
import { BatchFiller, IssueLog, messageHalves, type BatchSink, type ImportReport, type ReaderOptions } from './common.ts';
import { Lz4Error, lz4DecompressBlock } from './lz4.ts';
import { NfcapdMeta, type NfcapdExporter, type NfcapdSampler, type NfcapdStat } from './nfcapd-meta.ts';

export type { NfcapdExporter, NfcapdSampler, NfcapdStat };

const MAGIC = 0xa50c;
const FILE_HEADER_V2 = 40;
const BLOCK_HEADER = 12;
/** nfdump refuses blocks over 5 MiB (BUFFSIZE); allow more before calling a header corrupt. */
const MAX_BLOCK = 64 * 1024 * 1024;
const COMPRESSION = ['none', 'LZO', 'BZ2', 'LZ4', 'ZSTD'] as const;
const V3_RECORD = 11;
const V3_FLAG_SAMPLED = 2;
const TWO32 = 4294967296;

export interface NfcapdReport extends ImportReport {
  format: 'nfcapd';
  layout?: number;
  /** nfdump version that wrote the file, e.g. "1.7.1". */
  nfdumpVersion?: string;
  /** File creation time, ms since the epoch. */
  created?: number;
  compression?: string;
  ident?: string;
  blocks: { declared: number | null; read: number; skipped: number };
  records: { flows: number; noAddress: number; other: number; skipped: number; unscaled: number };
  /** The file's own totals (appendix stat record), when present. */
  stat?: NfcapdStat;
  exporters: NfcapdExporter[];
  samplers: NfcapdSampler[];
}

export class NfcapdReader {
  private readonly q = new ByteQueue();
  private readonly log: IssueLog;
  private readonly fill: BatchFiller;
  private readonly fileIndex: number;
  private headerDone = false;
  private compression = 0;
  private declaredBlocks: number | null = null;
  private blockNo = 0;
  private out = new Uint8Array(0);
  private readonly meta = new NfcapdMeta();
  private readonly r: NfcapdReport = {
    format: 'nfcapd', flows: 0, skipped: 0, complete: true, issues: [], issuesOmitted: 0,
    blocks: { declared: null, read: 0, skipped: 0 },
    records: { flows: 0, noAddress: 0, other: 0, skipped: 0, unscaled: 0 },
    exporters: [], samplers: [],
  };

  constructor(sink: BatchSink, options: ReaderOptions = {}) {
    this.log = new IssueLog(options.maxIssues ?? 100);
    this.fill = new BatchFiller(sink, options, () => undefined);
    this.fileIndex = options.fileIndex ?? 0;
  }

  push(chunk: Uint8Array): void {
    if (this.log.fatal) return;
    this.q.push(chunk);
    if (!this.headerDone && !this.readHeader()) return;
    for (;;) {
      const h = this.q.peek(BLOCK_HEADER);
      if (!h) return;
      const dv = new DataView(h.buf.buffer, h.buf.byteOffset + h.off, BLOCK_HEADER);
      const numRecords = dv.getUint32(0, true);
      const size = dv.getUint32(4, true);
      const type = dv.getUint16(8, true);
      const flags = dv.getUint16(10, true);
      const at = this.q.position;
      if (size === 0 || size > MAX_BLOCK || numRecords === 0 || numRecords > MAX_BLOCK) {
        this.stop(at, `ブロック ${this.blockNo} のヘッダーが壊れています（レコード数 ${numRecords}、大きさ ${size}、種別 ${type}） / block ${this.blockNo}: corrupt block header (records ${numRecords}, size ${size}, type ${type})`);
        return;
      }
      const whole = this.q.peek(BLOCK_HEADER + size);
      if (!whole) return;
      this.block(whole.buf, whole.off + BLOCK_HEADER, size, numRecords, type, flags, at);
      this.q.skip(BLOCK_HEADER + size);
      this.blockNo++;
    }
  }

  /** Flushes the last batch and returns the report. */
  end(): NfcapdReport {
    if (!this.log.fatal) {
      if (!this.headerDone) {
        this.stop(0, this.q.available === 0 ? '入力が空です（nfdump のファイルではありません） / empty input: not an nfdump file' : `ファイルが ${FILE_HEADER_V2} バイトのファイルヘッダーの途中で終わっています（${this.q.available} バイト） / file ends inside the ${FILE_HEADER_V2}-byte file header (${this.q.available} bytes)`);
      } else if (this.q.available > 0) {
        const h = this.q.peek(Math.min(this.q.available, BLOCK_HEADER))!;
        const need = this.q.available >= BLOCK_HEADER ? new DataView(h.buf.buffer, h.buf.byteOffset + h.off).getUint32(4, true) + BLOCK_HEADER : BLOCK_HEADER;
        this.stop(this.q.position, `ファイルが途中で終わっています: ブロック ${this.blockNo} に ${need} バイト必要ですが、残りは ${this.q.available} バイトです / truncated: block ${this.blockNo} needs ${need} bytes, the file ends after ${this.q.available}`);
      } else if (this.declaredBlocks !== null && this.blockNo < this.declaredBlocks) {
        this.stop(this.q.position, `ファイルが途中で終わっています: ヘッダーでは ${this.declaredBlocks} ブロックのはずですが、${this.blockNo} ブロックで終わっています / truncated: the header announces ${this.declaredBlocks} blocks, the file ends after ${this.blockNo}`);
      }
    }
    this.fill.flush();
    const r = this.r;
    r.flows = this.fill.emitted;
    r.records.flows = r.flows;
    r.blocks.read = this.blockNo;
    r.skipped = r.records.skipped;
    r.complete = !this.log.fatal && r.skipped === 0;
    r.fatal = this.log.fatal;
    r.issues = this.log.issues;
    r.issuesOmitted = this.log.omitted;
    r.exporters = this.meta.exporters;
    r.samplers = this.meta.samplers;
    if (this.meta.ident !== undefined) r.ident = this.meta.ident;
    if (this.meta.stat) r.stat = this.meta.stat;
    return r;
  }

  private stop(offset: number, message: string): void {
    this.log.stop({ offset, block: this.headerDone ? this.blockNo : undefined, message });
    this.q.clear();
  }

  private readHeader(): boolean {
    const h = this.q.peek(Math.min(4, this.q.available));
    if (!h || this.q.available < 4) return false;
    const dv4 = new DataView(h.buf.buffer, h.buf.byteOffset + h.off, 4);
    const magic = dv4.getUint16(0, true);
    const layout = dv4.getUint16(2, true);
    if (magic !== MAGIC) {
      const msg = magic === 0x0ca5 ? 'ビッグエンディアンの nfdump ファイル（ビッグエンディアンのマシンで書かれたもの）には対応していません / big-endian nfdump file (written on a big-endian machine): not supported' : `nfdump のファイルではありません（マジックナンバーが 0x${magic.toString(16).padStart(4, '0')} で、0xa50c ではありません） / not an nfdump file (magic 0x${magic.toString(16).padStart(4, '0')}, expected 0xa50c)`;
      this.stop(0, msg);
      return false;
    }
    this.r.layout = layout;
    if (layout === 1) {
      this.stop(2, 'nfdump 1.6 のファイル（レイアウト版 1）には対応していません。nfdump 1.7 で変換してください: `nfdump -r OLD -y -w NEW` / nfdump 1.6 file (layout version 1): not supported; convert it with nfdump 1.7: `nfdump -r OLD -y -w NEW`');
      return false;
    }
    if (layout !== 2) {
      this.stop(2, `nfdump ファイルのレイアウト版 ${layout} は不明です / unknown nfdump file layout version ${layout}`);
      return false;
    }
    const hh = this.q.peek(FILE_HEADER_V2);
    if (!hh) return false;
    const dv = new DataView(hh.buf.buffer, hh.buf.byteOffset + hh.off, FILE_HEADER_V2);
    const v = dv.getUint32(4, true);
    this.r.nfdumpVersion = `${(v >>> 24) & 0x0f}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}${v & 0xff ? `-${v & 0xff}` : ''}${v >>> 28 === 0xf ? ' (git)' : ''}`;
    this.r.created = (dv.getUint32(12, true) * TWO32 + dv.getUint32(8, true)) * 1000;
    this.compression = dv.getUint8(16);
    this.r.compression = COMPRESSION[this.compression] ?? `unknown (${this.compression})`;
    const encryption = dv.getUint8(17);
    const appendixBlocks = dv.getUint16(18, true);
    const numBlocks = dv.getUint32(36, true);
    // A file still being written (nfcapd.current, or a collector that died) announces 0 blocks.
    if (numBlocks > 0 || appendixBlocks > 0) this.declaredBlocks = numBlocks + appendixBlocks;
    this.r.blocks.declared = this.declaredBlocks;
    this.headerDone = true;
    this.q.skip(FILE_HEADER_V2);
    if (encryption !== 0) {
      this.stop(17, `暗号化された nfdump ファイル（暗号化方式 ${encryption}）には対応していません / encrypted nfdump file (encryption ${encryption}): not supported`);
      return false;
    }
    return true;
  }

  private block(buf: Uint8Array, off: number, size: number, numRecords: number, type: number, flags: number, at: number): void {
    const where = `block ${this.blockNo} at offset ${at}`;
    const whereJa = `ブロック ${this.blockNo}（オフセット ${at}）`;
    if (type !== 3) {
      this.skipBlock(numRecords, at, `${whereJa}: ブロック種別 ${type} には対応していません（nfdump 1.7 が書くのは種別 3）。${numRecords} 件のレコードを読み飛ばしました / ${where}: block type ${type} is not supported (nfdump 1.7 writes type 3); ${numRecords} records skipped`);
      return;
    }
    const compressed = this.compression !== 0 && (flags & 1) === 0;
    if (!compressed) {
      this.records(new DataView(buf.buffer, buf.byteOffset + off, size), numRecords, at + BLOCK_HEADER, null);
      return;
    }
    if (this.compression !== 3) {
      const name = COMPRESSION[this.compression] ?? `unknown (${this.compression})`;
      this.skipBlock(numRecords, at, `${whereJa}: ${name} で圧縮されたブロックには対応していません（対応しているのは非圧縮と LZ4）。${numRecords} 件のレコードを読み飛ばしました。\`nfdump -r FILE -y -w NEW\` で変換してください / ${where}: ${name}-compressed blocks are not supported (uncompressed and LZ4 are); ${numRecords} records skipped. Convert with \`nfdump -r FILE -y -w NEW\``);
      return;
    }
    if (this.out.length === 0) this.out = new Uint8Array(8 * 1024 * 1024);
    for (;;) {
      try {
        const n = lz4DecompressBlock(buf, this.out, off, off + size);
        this.records(new DataView(this.out.buffer, 0, n), numRecords, at + BLOCK_HEADER, `${whereJa} / ${where}`);
        return;
      } catch (e) {
        if (!(e instanceof Lz4Error)) throw e;
        if (e.overflow && this.out.length < MAX_BLOCK) {
          this.out = new Uint8Array(this.out.length * 2);
          continue;
        }
        const [ja, en] = messageHalves(e.message);
        const bad = e.position - off + at + BLOCK_HEADER;
        this.skipBlock(numRecords, at, `${whereJa}: オフセット ${bad} で LZ4 データが壊れています（${ja}）。${numRecords} 件のレコードを読み飛ばしました / ${where}: LZ4 data corrupt at offset ${bad} (${en}); ${numRecords} records skipped`);
        return;
      }
    }
  }

  private skipBlock(numRecords: number, at: number, message: string): void {
    this.log.add({ offset: at, block: this.blockNo, message });
    this.r.blocks.skipped++;
    this.r.records.skipped += numRecords;
  }

  /** Walks the records of one (uncompressed) block. `packed` names the block when offsets are inside decompressed data. */
  private records(dv: DataView, numRecords: number, base: number, packed: string | null): void {
    const end = dv.byteLength;
    const fill = this.fill;
    const fileIndex = this.fileIndex;
    let p = 0;
    for (let i = 0; i < numRecords; i++) {
      if (p + 4 > end) return this.badRecord(numRecords, i, p, base, packed, 'レコードのヘッダーの前でブロックのデータが終わっています / block data ends before the record header');
      const type = dv.getUint16(p, true);
      const size = dv.getUint16(p + 2, true);
      if (size < 4 || p + size > end) return this.badRecord(numRecords, i, p, base, packed, `レコードの大きさ ${size} がブロックに収まりません / record size ${size} does not fit the block`);
      if (type !== V3_RECORD) {
        if (!this.meta.record(dv, p, type, size)) this.r.records.other++;
        p += size;
        continue;
      }
      if (size < 12) return this.badRecord(numRecords, i, p, base, packed, `${size} バイトのフローレコードがそのヘッダーより短くなっています / flow record of ${size} bytes is shorter than its header`);
      const numElements = dv.getUint16(p + 4, true);
      const exporterId = dv.getUint16(p + 8, true);
      const recFlags = dv.getUint8(p + 10);
      let gen = -1;
      let v4 = -1;
      let v6 = -1;
      let cnt = -1;
      let q = p + 12;
      const recEnd = p + size;
      let ok = true;
      for (let e = 0; e < numElements; e++) {
        if (q + 4 > recEnd) { ok = false; break; } // prettier-ignore
        const et = dv.getUint16(q, true);
        const len = dv.getUint16(q + 2, true);
        if (len < 4 || q + len > recEnd) { ok = false; break; } // prettier-ignore
        if (et === 1) gen = len >= 52 ? q + 4 : gen;
        else if (et === 2) v4 = len >= 12 ? q + 4 : v4;
        else if (et === 3) v6 = len >= 36 ? q + 4 : v6;
        else if (et === 5) cnt = len >= 28 ? q + 4 : cnt;
        q += len;
      }
      if (!ok) return this.badRecord(numRecords, i, p, base, packed, `要素の並びがレコードの終わりを越えています（${size} バイトに ${numElements} 個の要素） / element list runs past the record (${numElements} elements in ${size} bytes)`);
      // A record may carry both address elements (IPFIX templates with both); prefer the one in use.
      if (v6 >= 0 && v4 >= 0 && isZero6(dv, v6)) v6 = -1;
      if (v4 < 0 && v6 < 0) {
        this.r.records.noAddress++;
        p += size;
        continue;
      }
      const row = fill.rawRow();
      const b = fill.batch;
      const w = row * WORDS_PER_ADDRESS;
      if (v6 >= 0) {
        b.family[row] = 6;
        // Each u64 half is stored high word second (little-endian); words go out big-endian first.
        b.src[w] = dv.getUint32(v6 + 4, true);
        b.src[w + 1] = dv.getUint32(v6, true);
        b.src[w + 2] = dv.getUint32(v6 + 12, true);
        b.src[w + 3] = dv.getUint32(v6 + 8, true);
        b.dst[w] = dv.getUint32(v6 + 20, true);
        b.dst[w + 1] = dv.getUint32(v6 + 16, true);
        b.dst[w + 2] = dv.getUint32(v6 + 28, true);
        b.dst[w + 3] = dv.getUint32(v6 + 24, true);
        if (b.src[w] === 0 && b.src[w + 1] === 0 && b.src[w + 2] === 0xffff && b.dst[w] === 0 && b.dst[w + 1] === 0 && b.dst[w + 2] === 0xffff) b.family[row] = 4;
      } else {
        b.family[row] = 4;
        b.src[w] = 0;
        b.src[w + 1] = 0;
        b.src[w + 2] = 0xffff;
        b.src[w + 3] = dv.getUint32(v4, true);
        b.dst[w] = 0;
        b.dst[w + 1] = 0;
        b.dst[w + 2] = 0xffff;
        b.dst[w + 3] = dv.getUint32(v4 + 4, true);
      }
      let packets = 0;
      let bytes = 0;
      if (gen >= 0) {
        b.start[row] = dv.getUint32(gen + 4, true) * TWO32 + dv.getUint32(gen, true);
        b.end[row] = dv.getUint32(gen + 12, true) * TWO32 + dv.getUint32(gen + 8, true);
        packets = dv.getUint32(gen + 28, true) * TWO32 + dv.getUint32(gen + 24, true);
        bytes = dv.getUint32(gen + 36, true) * TWO32 + dv.getUint32(gen + 32, true);
        b.srcPort[row] = dv.getUint16(gen + 40, true);
        b.dstPort[row] = dv.getUint16(gen + 42, true);
        b.proto[row] = dv.getUint8(gen + 44);
        b.tcpFlags[row] = dv.getUint8(gen + 45);
      } else {
        b.start[row] = 0;
        b.end[row] = 0;
        b.srcPort[row] = 0;
        b.dstPort[row] = 0;
        b.proto[row] = 0;
        b.tcpFlags[row] = 0;
      }
      b.sampling[row] = 1;
      if (recFlags & V3_FLAG_SAMPLED) {
        const s = this.meta.sampler(exporterId);
        if (s && s.spaceInterval > 0 && gen >= 0) {
          const total = s.packetInterval + s.spaceInterval;
          packets = unscale(dv, gen + 24, s.packetInterval, total);
          bytes = unscale(dv, gen + 32, s.packetInterval, total);
          b.sampling[row] = Math.max(1, Math.round(total / s.packetInterval));
          this.r.records.unscaled++;
        }
      }
      if (cnt >= 0) {
        packets += dv.getUint32(cnt + 12, true) * TWO32 + dv.getUint32(cnt + 8, true);
        bytes += dv.getUint32(cnt + 20, true) * TWO32 + dv.getUint32(cnt + 16, true);
      }
      b.packets[row] = packets;
      b.bytes[row] = bytes;
      b.exporter[row] = fileIndex;
      p += size;
    }
  }

  private badRecord(numRecords: number, i: number, p: number, base: number, packed: string | null, msg: string): void {
    const [packedJa, packedEn] = packed ? messageHalves(packed) : ['', ''];
    const where = packed ? `${packedEn}, byte ${p} of the decompressed data` : `offset ${base + p}`;
    const whereJa = packed ? `${packedJa}、展開後のデータの ${p} バイト目` : `オフセット ${base + p}`;
    const [ja, en] = messageHalves(msg);
    const message = `ブロック ${this.blockNo} のレコード ${i}（${whereJa}）: ${ja}。残り ${numRecords - i} 件のレコードを読み飛ばしました / record ${i} of block ${this.blockNo} (${where}): ${en}; ${numRecords - i} records skipped`;
    this.log.add({ offset: packed ? undefined : base + p, block: this.blockNo, message });
    this.r.records.skipped += numRecords - i;
  }

}

/**
 * nfcapd stored floor(count × total / packetInterval); the exported count is the ceiling of
 * stored × packetInterval / total. Exact in doubles below 2^52, in BigInt above.
 */
function unscale(dv: DataView, at: number, packetInterval: number, total: number): number {
  const hi = dv.getUint32(at + 4, true);
  const lo = dv.getUint32(at, true);
  const v = hi * TWO32 + lo;
  if (v * packetInterval < 2 ** 52) return Math.ceil((v * packetInterval) / total);
  const t = BigInt(total);
  return Number((((BigInt(hi) << 32n) + BigInt(lo)) * BigInt(packetInterval) + t - 1n) / t);
}

function isZero6(dv: DataView, at: number): boolean {
  for (let k = 0; k < 32; k += 4) if (dv.getUint32(at + k, true) !== 0) return false;
  return true;
}

/** Reads a whole nfcapd file held in memory. */
export function readNfcapd(bytes: Uint8Array, options: ReaderOptions = {}): { batches: FlowBatch[]; report: NfcapdReport } {
  const batches: FlowBatch[] = [];
  const reader = new NfcapdReader((b) => batches.push(b), options);
  reader.push(bytes);
  return { batches, report: reader.end() };
}
