/**
 * NetFlow v9 (RFC 3954). Header: version(2) count(2) sysUptime(4) unix_secs(4)
 * sequence(4, counts export packets) source_id(4). Flowsets: 0 templates, 1 options
 * templates, 256+ data; 2-255 are reserved. Flowsets may end in padding; Palo Alto pads a
 * packet with zeros after its last flowset. Field lengths of 0 occur (they take no bytes),
 * and some exporters (H3C) send 65535 for a variable-length string, encoded as in IPFIX.
 */
import { Malformed } from './result.ts';
import { checkSequence } from './sequence.ts';
import { MAX_TEMPLATE_FIELDS, type PacketScope, allZero, checkSets, dataSet, learnTemplate } from './sets.ts';
import { type DomainState, SCOPE_V9 } from './templates.ts';

export const V9_HEADER = 20;

export function decodeV9(s: PacketScope, length: number): void {
  const v = s.v;
  const res = s.res;
  if (length < V9_HEADER) {
    res.malformed = Malformed.SHORT_HEADER;
    return;
  }
  s.times.set(v.getUint32(8) * 1000, v.getUint32(4), true);
  const sequence = v.getUint32(12);
  const end = checkSets(v, V9_HEADER, length, false);
  if (end < 0) {
    res.malformed = -end as typeof res.malformed;
    return;
  }
  const d = s.cache.domain(s.exporterKey, 9, v.getUint32(16), s.nowMs);
  if (d === null) {
    res.malformed = Malformed.STATE_LIMIT;
    return;
  }
  const out = s.out!;
  const rows = out.length;
  let reason = 0;
  for (let pos = V9_HEADER; reason === 0 && end - pos >= 4; ) {
    const id = v.getUint16(pos);
    const setEnd = pos + v.getUint16(pos + 2);
    if (id === 0) reason = templates(s, d, pos + 4, setEnd);
    else if (id === 1) reason = optionsTemplates(s, d, pos + 4, setEnd);
    else if (dataSet(s, d, id, pos + 4, setEnd) === -1) reason = Malformed.RECORD_TRUNCATED;
    pos = setEnd;
  }
  if (reason !== 0) {
    res.malformed = reason as typeof res.malformed;
    out.length = rows;
    res.flows = 0;
    return;
  }
  checkSequence(d, sequence, 1, res);
}

/** Template flowset: template id(2) field count(2) then (type(2) length(2)) per field. */
function templates(s: PacketScope, d: DomainState, p: number, end: number): number {
  const v = s.v;
  const f = s.fields;
  while (end - p >= 4) {
    const id = v.getUint16(p);
    const count = v.getUint16(p + 2);
    if (id < 256) return allZero(v, p, end) ? 0 : Malformed.TEMPLATE_ID;
    if (count === 0 || count > MAX_TEMPLATE_FIELDS) return Malformed.TEMPLATE_FIELD_COUNT;
    p += 4;
    if (count * 4 > end - p) return Malformed.TEMPLATE_TRUNCATED;
    f.count = 0;
    for (let i = 0; i < count; i++, p += 4) f.push(v.getUint16(p), v.getUint16(p + 2), 0);
    const r = learnTemplate(s, d, id, false);
    if (r !== 0) return r;
  }
  return 0;
}

/**
 * Options template flowset: template id(2) scope length(2, bytes) options length(2, bytes),
 * scope fields, option fields. Scope field types (system, interface…) are not element ids.
 */
function optionsTemplates(s: PacketScope, d: DomainState, p: number, end: number): number {
  const v = s.v;
  const f = s.fields;
  while (end - p >= 6) {
    const id = v.getUint16(p);
    const scopeLength = v.getUint16(p + 2);
    const optionsLength = v.getUint16(p + 4);
    if (id < 256) return allZero(v, p, end) ? 0 : Malformed.TEMPLATE_ID;
    const fields = (scopeLength + optionsLength) / 4;
    if ((scopeLength | optionsLength) & 3 || fields === 0 || fields > MAX_TEMPLATE_FIELDS) return Malformed.TEMPLATE_FIELD_COUNT;
    p += 6;
    if (scopeLength + optionsLength > end - p) return Malformed.TEMPLATE_TRUNCATED;
    f.count = 0;
    const scopeEnd = p + scopeLength;
    const fieldsEnd = scopeEnd + optionsLength;
    for (; p < fieldsEnd; p += 4) f.push(v.getUint16(p), v.getUint16(p + 2), p < scopeEnd ? SCOPE_V9 : 0);
    const r = learnTemplate(s, d, id, true);
    if (r !== 0) return r;
  }
  return 0;
}
