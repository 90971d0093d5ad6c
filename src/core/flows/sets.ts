/**
 * What NetFlow v9 and IPFIX share: checking the set (flowset) framing of a packet before
 * anything is applied, decoding or buffering a data set, and learning a template (which
 * releases the data sets buffered for it).
 */
import type { FlowBatch } from './batch.ts';
import { decodeDataSet } from './records.ts';
import { type DecodeResult, Malformed } from './result.ts';
import { type DomainState, FieldList, PacketTimes, type TemplateCache } from './templates.ts';

export { MAX_TEMPLATE_FIELDS } from './templates.ts';

/** A data set's outcome when its template is unknown (distinct from -1, malformed). */
export const NO_TEMPLATE = -2;
/** The longest record a data set can carry (a set length is 16 bits, minus its header). */
const MAX_RECORD = 65535 - 4;

/** Per-packet state handed to the version parsers; one per decoder, reused. */
export class PacketScope {
  v: DataView = new DataView(new ArrayBuffer(0));
  bytes: Uint8Array = new Uint8Array(0);
  exporterKey = '';
  exporterId = 0;
  nowMs = 0;
  out: FlowBatch | null = null;
  readonly times = new PacketTimes();
  readonly fields = new FieldList();

  constructor(
    readonly cache: TemplateCache,
    readonly res: DecodeResult,
  ) {}
}

export function allZero(v: DataView, pos: number, end: number): boolean {
  for (let p = pos; p < end; p++) if (v.getUint8(p) !== 0) return false;
  return true;
}

/**
 * Walks the set headers in [pos, end) without applying anything. Returns where the sets end
 * (a zero-filled tail, as Palo Alto sends, and fewer than 4 trailing bytes are padding), or
 * minus a Malformed reason.
 */
export function checkSets(v: DataView, pos: number, end: number, ipfix: boolean): number {
  while (end - pos >= 4) {
    const id = v.getUint16(pos);
    const len = v.getUint16(pos + 2);
    if (len < 4) return allZero(v, pos, end) ? pos : -Malformed.SET_LENGTH;
    if (len > end - pos) return -Malformed.SET_LENGTH;
    if (ipfix ? id < 256 && id !== 2 && id !== 3 : id >= 2 && id < 256) return -Malformed.SET_ID;
    pos += len;
  }
  return pos;
}

/**
 * Decodes a data set with its template, or counts it as waiting and keeps a copy for later.
 * Returns the number of records, NO_TEMPLATE, or -1 when malformed.
 */
export function dataSet(s: PacketScope, d: DomainState, id: number, start: number, end: number): number {
  const t = s.cache.lookup(d, id, s.nowMs);
  if (t === null) {
    s.res.waiting++;
    if (s.cache.hold(d, id, s.bytes.subarray(start, end), s.times, s.nowMs)) s.res.buffered++;
    return NO_TEMPLATE;
  }
  return decodeDataSet(s.v, start, end, t, d, s.times, s.exporterId, s.out!, s.res);
}

/**
 * Learns the template in `s.fields`. Returns 0, or a Malformed reason for a layout that can
 * never be decoded (records of 0 bytes would never advance; longer ones never fit a set).
 */
export function learnTemplate(s: PacketScope, d: DomainState, id: number, options: boolean): number {
  const min = s.fields.minRecordLength();
  if (min === 0 || min > MAX_RECORD) return Malformed.TEMPLATE_LENGTH;
  const t = s.cache.learn(d, id, options, s.fields, s.nowMs);
  if (t === null) {
    s.res.templatesRejected++;
    return 0;
  }
  if (options) s.res.optionsTemplates++;
  else s.res.templates++;
  if (t === 'refreshed' || d.pending.size === 0) return 0;
  const list = s.cache.release(d, id, s.nowMs);
  if (list === null) return 0;
  for (const p of list) {
    const v = new DataView(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
    if (decodeDataSet(v, 0, p.bytes.length, t, d, p.times, s.exporterId, s.out!, s.res) >= 0) s.res.released++;
  }
  return 0;
}
