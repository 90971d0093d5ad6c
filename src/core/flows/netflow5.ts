/**
 * NetFlow v5: a 24-byte header and 1-30 fixed 48-byte records, IPv4 only.
 *
 * Header: version(2) count(2) sysUptime(4) unix_secs(4) unix_nsecs(4) flow_sequence(4)
 * engine_type(1) engine_id(1) sampling(2: 2-bit mode, 14-bit interval).
 * Record: srcaddr dstaddr nexthop input(2) output(2) dPkts dOctets First Last srcport(2)
 * dstport(2) pad tcp_flags prot tos src_as(2) dst_as(2) src_mask dst_mask pad(2).
 * flow_sequence counts flows, so the next packet should carry sequence + count.
 */
import type { FlowBatch } from './batch.ts';
import { Malformed, type DecodeResult } from './result.ts';
import type { PacketTimes, TemplateCache } from './templates.ts';
import { checkSequence } from './sequence.ts';

export const V5_HEADER = 24;
export const V5_RECORD = 48;
export const V5_MAX_RECORDS = 30;

export function decodeV5(
  v: DataView, length: number, cache: TemplateCache, exporterKey: string, exporterId: number, nowMs: number,
  times: PacketTimes, out: FlowBatch, res: DecodeResult,
): void {
  if (length < V5_HEADER) {
    res.malformed = Malformed.SHORT_HEADER;
    return;
  }
  const count = v.getUint16(2);
  if (count === 0 || count > V5_MAX_RECORDS || V5_HEADER + count * V5_RECORD > length) {
    res.malformed = Malformed.V5_COUNT;
    return;
  }
  const uptime = v.getUint32(4);
  times.set(v.getUint32(8) * 1000 + Math.floor(v.getUint32(12) / 1_000_000), uptime, true);
  const sequence = v.getUint32(16);
  const engine = v.getUint16(20);
  const interval = v.getUint16(22) & 0x3fff;
  const d = cache.domain(exporterKey, 5, engine, nowMs);
  if (d === null) {
    res.malformed = Malformed.STATE_LIMIT;
    return;
  }
  d.sampling = interval > 0 ? interval : 1;
  checkSequence(d, sequence, count, res);

  const exportMs = times.exportMs;
  const src = out.src;
  const dst = out.dst;
  for (let i = 0, p = V5_HEADER; i < count; i++, p += V5_RECORD) {
    const row = out.length;
    if (row >= out.capacity) {
      res.overflow++;
      continue;
    }
    const w = row * 4;
    src[w] = 0;
    src[w + 1] = 0;
    src[w + 2] = 0xffff;
    src[w + 3] = v.getUint32(p);
    dst[w] = 0;
    dst[w + 1] = 0;
    dst[w + 2] = 0xffff;
    dst[w + 3] = v.getUint32(p + 4);
    out.family[row] = 4;
    out.packets[row] = v.getUint32(p + 16);
    out.bytes[row] = v.getUint32(p + 20);
    out.start[row] = exportMs - ((uptime - v.getUint32(p + 24)) | 0);
    out.end[row] = exportMs - ((uptime - v.getUint32(p + 28)) | 0);
    out.srcPort[row] = v.getUint16(p + 32);
    out.dstPort[row] = v.getUint16(p + 34);
    out.tcpFlags[row] = v.getUint8(p + 37);
    out.proto[row] = v.getUint8(p + 38);
    out.sampling[row] = d.sampling;
    out.exporter[row] = exporterId;
    out.length = row + 1;
    res.flows++;
  }
}
