/**
 * The hot path: data records of a compiled template into FlowBatch rows. No allocation per
 * record: fields are read with a DataView at precompiled offsets (fixed layouts) or at offsets
 * found per record in a reused array (layouts with variable-length fields).
 */
import { type FlowBatch, WORDS_PER_ADDRESS } from './batch.ts';
import {
  R_BYTES, R_BYTES_ALT, R_DST4, R_DST6, R_DST_PORT, R_DURATION_MS, R_DURATION_US, R_END_DELTA_US, R_END_MS, R_END_NTP, R_END_SEC,
  R_END_UPTIME, R_PACKETS, R_PACKETS_ALT, R_PKT_INTERVAL, R_PKT_SPACE, R_PROTO, R_SAMPLER_ID, R_SAMPLE_POPULATION, R_SAMPLE_SIZE,
  R_SAMPLING_ALGORITHM, R_SAMPLING_INTERVAL, R_SRC4, R_SRC6, R_SRC_PORT, R_START_DELTA_US, R_START_MS, R_START_NTP,
  R_START_SEC, R_START_UPTIME, R_SYS_INIT_MS, R_TCP_FLAGS, R_TCP_FLAGS_OR,
} from './fields.ts';
import type { DecodeResult } from './result.ts';
import { type DomainState, type PacketTimes, type Template, VARIABLE_LENGTH } from './templates.ts';

const TWO32 = 4294967296;
const TWO31 = 2147483648;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2208988800;
/** Samplers remembered per domain (real exporters have a handful). */
const MAX_SAMPLERS = 64;

/** Unsigned big-endian integer of 1-8 bytes, as a double (exact up to 2^53). Small enough to inline. */
export function readUint(v: DataView, p: number, len: number): number {
  if (len === 4) return v.getUint32(p);
  if (len === 8) return v.getUint32(p) * TWO32 + v.getUint32(p + 4);
  if (len === 2) return v.getUint16(p);
  if (len === 1) return v.getUint8(p);
  return readOddUint(v, p, len);
}

/** Reduced-size encodings of 3, 5, 6 or 7 bytes. */
function readOddUint(v: DataView, p: number, len: number): number {
  let x = 0;
  for (let i = 0; i < len; i++) x = x * 256 + v.getUint8(p + i);
  return x;
}

/** An NTP timestamp (seconds since 1900 . fraction) in Unix ms. */
function ntpMs(v: DataView, p: number): number {
  return (v.getUint32(p) - NTP_UNIX_OFFSET_S) * 1000 + (v.getUint32(p + 4) / TWO32) * 1000;
}

/**
 * A sysUptime-relative time in Unix ms. v5/v9: relative to the header's uptime, as a signed
 * 32-bit difference, so a time taken before sysUptime wrapped at 2^32 ms (49.7 days) lands
 * just before the export, and a time slightly after the header's uptime (clock skew in
 * some exporters) just after it. IPFIX: systemInitTimeMilliseconds + value, taking the
 * 2^32 wrap nearest to the export time. NaN when IPFIX has no system init time.
 */
function uptimeMs(t: number, times: PacketTimes, initMs: number): number {
  if (times.hasUptime) return times.exportMs - ((times.uptime - t) | 0);
  if (initMs !== initMs) return Number.NaN;
  let ms = initMs + t;
  if (times.exportMs - ms > TWO31) ms += Math.floor((times.exportMs - ms + TWO31) / TWO32) * TWO32;
  return ms;
}

/**
 * Decodes the records of one data set [pos, end). Returns how many records the set held, or
 * -1 when a variable-length record runs past the end (malformed). Trailing bytes shorter
 * than a record are padding.
 */
export function decodeDataSet(
  v: DataView, pos: number, end: number, t: Template, d: DomainState, times: PacketTimes,
  exporterId: number, out: FlowBatch, res: DecodeResult,
): number {
  let records = 0;
  const fixed = t.recordLength;
  if (fixed > 0) {
    const n = Math.floor((end - pos) / fixed);
    if (t.options) {
      for (let i = 0; i < n; i++, pos += fixed) applyOptions(v, pos, t, t.roleOffsets, d);
      res.skipped += n;
      res.optionsRecords += n;
    } else if (t.addressPairs === 0) {
      res.skipped += n;
    } else {
      const offsets = t.roleOffsets;
      for (let i = 0; i < n; i++, pos += fixed) emitFlow(v, pos, t, offsets, d, times, exporterId, out, res);
    }
    return n;
  }
  const lengths = t.lengths;
  const fieldRole = t.fieldRole;
  const dyn = t.dynamicOffsets;
  const nf = lengths.length;
  while (end - pos >= t.minLength) {
    let p = pos;
    for (let f = 0; f < nf; f++) {
      let len = lengths[f]!;
      if (len === VARIABLE_LENGTH) {
        if (p >= end) return -1;
        len = v.getUint8(p++);
        if (len === 255) {
          if (p + 2 > end) return -1;
          len = v.getUint16(p);
          p += 2;
        }
      } else {
        const k = fieldRole[f]!;
        if (k >= 0) dyn[k] = p - pos;
      }
      p += len;
      if (p > end) return -1;
    }
    if (t.options) {
      applyOptions(v, pos, t, dyn, d);
      res.skipped++;
      res.optionsRecords++;
    } else if (t.addressPairs === 0) {
      res.skipped++;
    } else {
      emitFlow(v, pos, t, dyn, d, times, exporterId, out, res);
    }
    records++;
    pos = p;
  }
  return records;
}

function emitFlow(
  v: DataView, base: number, t: Template, offsets: Int32Array, d: DomainState, times: PacketTimes,
  exporterId: number, out: FlowBatch, res: DecodeResult,
): void {
  const row = out.length;
  if (row >= out.capacity) {
    res.overflow++;
    return;
  }
  const roles = t.roles;
  const lengths = t.roleLengths;
  const src = out.src;
  const dst = out.dst;
  const w = row * WORDS_PER_ADDRESS;
  let s4 = 0;
  let d4 = 0;
  let v6 = 0;
  let sp = 0;
  let dp = 0;
  let proto = 0;
  let flags = 0;
  let bytes = 0;
  let packets = 0;
  let bytesAlt = 0;
  let packetsAlt = 0;
  let start = Number.NaN;
  let end = Number.NaN;
  let startUp = -1;
  let endUp = -1;
  let duration = Number.NaN;
  let init = d.systemInitMs;
  let sampling = 0;
  let sampler = -1;
  for (let k = 0; k < roles.length; k++) {
    const p = base + offsets[k]!;
    switch (roles[k]) {
      case R_SRC4:
        s4 = v.getUint32(p);
        break;
      case R_DST4:
        d4 = v.getUint32(p);
        break;
      case R_SRC6:
        v6 |= (src[w] = v.getUint32(p)) | (src[w + 1] = v.getUint32(p + 4)) | (src[w + 2] = v.getUint32(p + 8)) | (src[w + 3] = v.getUint32(p + 12));
        break;
      case R_DST6:
        v6 |= (dst[w] = v.getUint32(p)) | (dst[w + 1] = v.getUint32(p + 4)) | (dst[w + 2] = v.getUint32(p + 8)) | (dst[w + 3] = v.getUint32(p + 12));
        break;
      case R_SRC_PORT:
        sp = readUint(v, p, lengths[k]!);
        break;
      case R_DST_PORT:
        dp = readUint(v, p, lengths[k]!);
        break;
      case R_PROTO:
        proto = v.getUint8(p + lengths[k]! - 1);
        break;
      case R_TCP_FLAGS:
        flags |= v.getUint8(p + lengths[k]! - 1);
        break;
      case R_TCP_FLAGS_OR:
        flags |= v.getUint8(p + lengths[k]! - 1);
        break;
      case R_BYTES:
        bytes = readUint(v, p, lengths[k]!);
        break;
      case R_PACKETS:
        packets = readUint(v, p, lengths[k]!);
        break;
      case R_BYTES_ALT:
        bytesAlt = readUint(v, p, lengths[k]!);
        break;
      case R_PACKETS_ALT:
        packetsAlt = readUint(v, p, lengths[k]!);
        break;
      case R_START_UPTIME:
        startUp = readUint(v, p, lengths[k]!);
        break;
      case R_END_UPTIME:
        endUp = readUint(v, p, lengths[k]!);
        break;
      case R_START_SEC:
        start = readUint(v, p, lengths[k]!) * 1000;
        break;
      case R_END_SEC:
        end = readUint(v, p, lengths[k]!) * 1000;
        break;
      case R_START_MS:
        start = readUint(v, p, lengths[k]!);
        break;
      case R_END_MS:
        end = readUint(v, p, lengths[k]!);
        break;
      case R_START_NTP:
        start = ntpMs(v, p);
        break;
      case R_END_NTP:
        end = ntpMs(v, p);
        break;
      case R_START_DELTA_US:
        start = times.exportMs - readUint(v, p, lengths[k]!) / 1000;
        break;
      case R_END_DELTA_US:
        end = times.exportMs - readUint(v, p, lengths[k]!) / 1000;
        break;
      case R_DURATION_MS:
        duration = readUint(v, p, lengths[k]!);
        break;
      case R_DURATION_US:
        duration = readUint(v, p, lengths[k]!) / 1000;
        break;
      case R_SYS_INIT_MS:
        init = readUint(v, p, lengths[k]!);
        break;
      case R_SAMPLING_INTERVAL:
        sampling = readUint(v, p, lengths[k]!);
        break;
      case R_SAMPLER_ID:
        sampler = readUint(v, p, lengths[k]!);
        break;
    }
  }
  if (bytes === 0) bytes = bytesAlt;
  if (packets === 0) packets = packetsAlt;
  if (startUp >= 0) start = uptimeMs(startUp, times, init);
  if (endUp >= 0) end = uptimeMs(endUp, times, init);
  if (start !== start) {
    if (end !== end) end = times.exportMs; // no usable time field: the export time
    start = duration === duration ? end - duration : end;
  } else if (end !== end) {
    end = duration === duration ? start + duration : start;
  }

  let family = 4;
  const pairs = t.addressPairs;
  if (pairs === 6 || (pairs === 10 && (s4 | d4) === 0 && v6 !== 0)) family = 6;
  if (family === 4) {
    src[w] = 0;
    src[w + 1] = 0;
    src[w + 2] = 0xffff;
    src[w + 3] = s4;
    dst[w] = 0;
    dst[w + 1] = 0;
    dst[w + 2] = 0xffff;
    dst[w + 3] = d4;
  }
  let rate = sampling > 0 ? sampling : d.sampling;
  if (sampler >= 0) {
    const r = d.samplers.get(sampler);
    if (r !== undefined) rate = r;
  }
  out.length = row + 1;
  out.family[row] = family;
  out.srcPort[row] = sp;
  out.dstPort[row] = dp;
  out.proto[row] = proto;
  out.tcpFlags[row] = flags;
  out.packets[row] = packets;
  out.bytes[row] = bytes;
  out.start[row] = start;
  out.end[row] = end;
  out.sampling[row] = rate > 0xffffffff ? 0xffffffff : rate;
  out.exporter[row] = exporterId;
  res.flows++;
}

/**
 * Options data: sampling (1-in-N from v9 34/50, IPFIX 34/50, 305+306 packet interval and
 * space, 309/310 size and population) and system init time, kept on the domain for the
 * flows that follow. A sampler/selector id in the record also files the rate under that id,
 * for data records that name their sampler (v9 48, IPFIX 302).
 */
function applyOptions(v: DataView, base: number, t: Template, offsets: Int32Array, d: DomainState): void {
  const roles = t.roles;
  const lengths = t.roleLengths;
  let interval = 0;
  let pktInterval = 0;
  let pktSpace = 0;
  let size = 0;
  let population = 0;
  let sampler = -1;
  let algorithm = -1;
  let init = Number.NaN;
  for (let k = 0; k < roles.length; k++) {
    const x = readUint(v, base + offsets[k]!, lengths[k]!);
    switch (roles[k]) {
      case R_SAMPLING_INTERVAL:
        interval = x;
        break;
      case R_SAMPLING_ALGORITHM:
        algorithm = x;
        break;
      case R_SAMPLER_ID:
        sampler = x;
        break;
      case R_PKT_INTERVAL:
        pktInterval = x;
        break;
      case R_PKT_SPACE:
        pktSpace = x;
        break;
      case R_SAMPLE_SIZE:
        size = x;
        break;
      case R_SAMPLE_POPULATION:
        population = x;
        break;
      case R_SYS_INIT_MS:
        init = x;
        break;
    }
  }
  let rate = 0;
  if (pktInterval > 0) rate = (pktInterval + pktSpace) / pktInterval;
  else if (size > 0 && population > 0) rate = population / size;
  else if (interval > 0) rate = interval;
  if (rate > 0) {
    rate = Math.min(0xffffffff, Math.max(1, Math.round(rate)));
    d.sampling = rate;
    if (sampler >= 0 && (d.samplers.size < MAX_SAMPLERS || d.samplers.has(sampler))) d.samplers.set(sampler, rate);
  }
  if (algorithm >= 0) d.samplingAlgorithm = algorithm;
  if (init === init) d.systemInitMs = init;
}
