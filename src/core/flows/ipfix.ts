/**
 * IPFIX (RFC 7011). Header: version(2)=10 length(2) export time(4, Unix s) sequence(4,
 * counts data records) observation domain id(4). Sets: 2 templates, 3 options templates,
 * 256+ data; 0, 1 and 4-255 are reserved. A field specifier with the enterprise bit set is
 * followed by a 4-byte Private Enterprise Number; length 65535 means variable length (1-byte
 * length, or 255 then a 2-byte length, before each value). A template record with field
 * count 0 withdraws the template; id 2 (or 3 in an options set) withdraws all of that kind.
 */
import { Malformed } from './result.ts';
import { checkSequence } from './sequence.ts';
import { MAX_TEMPLATE_FIELDS, NO_TEMPLATE, type PacketScope, allZero, checkSets, dataSet, learnTemplate } from './sets.ts';
import type { DomainState } from './templates.ts';

export const IPFIX_HEADER = 16;
/** Stored for a field that has the enterprise bit but enterprise number 0 (still not standard). */
const ENTERPRISE_ZERO = 0xfffffffe;

export function decodeIpfix(s: PacketScope, length: number): void {
  const v = s.v;
  const res = s.res;
  if (length < IPFIX_HEADER) {
    res.malformed = Malformed.SHORT_HEADER;
    return;
  }
  const messageLength = v.getUint16(2);
  if (messageLength < IPFIX_HEADER || messageLength > length) {
    res.malformed = Malformed.MESSAGE_LENGTH;
    return;
  }
  s.times.set(v.getUint32(4) * 1000, 0, false);
  const sequence = v.getUint32(8);
  const end = checkSets(v, IPFIX_HEADER, messageLength, true);
  if (end < 0) {
    res.malformed = -end as typeof res.malformed;
    return;
  }
  const d = s.cache.domain(s.exporterKey, 10, v.getUint32(12), s.nowMs);
  if (d === null) {
    res.malformed = Malformed.STATE_LIMIT;
    return;
  }
  const out = s.out!;
  const rows = out.length;
  let reason = 0;
  let records = 0;
  for (let pos = IPFIX_HEADER; reason === 0 && end - pos >= 4; ) {
    const id = v.getUint16(pos);
    const setEnd = pos + v.getUint16(pos + 2);
    if (id === 2 || id === 3) {
      reason = templates(s, d, pos + 4, setEnd, id === 3);
    } else {
      const n = dataSet(s, d, id, pos + 4, setEnd);
      if (n === -1) reason = Malformed.RECORD_TRUNCATED;
      else if (n === NO_TEMPLATE || records < 0) records = -1;
      else records += n;
    }
    pos = setEnd;
  }
  if (reason !== 0) {
    res.malformed = reason as typeof res.malformed;
    out.length = rows;
    res.flows = 0;
    return;
  }
  checkSequence(d, sequence, records, res);
}

/** Template (options = false) or options template set. */
function templates(s: PacketScope, d: DomainState, p: number, end: number, options: boolean): number {
  const v = s.v;
  const f = s.fields;
  while (end - p >= 4) {
    const id = v.getUint16(p);
    const count = v.getUint16(p + 2);
    if (id < 256) {
      if (count === 0 && id === (options ? 3 : 2)) {
        s.res.withdrawn += s.cache.withdraw(d, options ? 'all-options' : 'all-data');
        p += 4;
        continue;
      }
      return allZero(v, p, end) ? 0 : Malformed.TEMPLATE_ID;
    }
    p += 4;
    if (count === 0) {
      s.res.withdrawn += s.cache.withdraw(d, id);
      continue;
    }
    if (count > MAX_TEMPLATE_FIELDS) return Malformed.TEMPLATE_FIELD_COUNT;
    if (options) {
      if (end - p < 2) return Malformed.TEMPLATE_TRUNCATED;
      const scope = v.getUint16(p);
      p += 2;
      if (scope > count) return Malformed.TEMPLATE_FIELD_COUNT;
    }
    f.count = 0;
    for (let i = 0; i < count; i++) {
      if (end - p < 4) return Malformed.TEMPLATE_TRUNCATED;
      const type = v.getUint16(p);
      const len = v.getUint16(p + 2);
      p += 4;
      if (type & 0x8000) {
        if (end - p < 4) return Malformed.TEMPLATE_TRUNCATED;
        f.push(type & 0x7fff, len, v.getUint32(p) || ENTERPRISE_ZERO);
        p += 4;
      } else {
        f.push(type, len, 0);
      }
    }
    const r = learnTemplate(s, d, id, options);
    if (r !== 0) return r;
  }
  return 0;
}
