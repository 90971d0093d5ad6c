/**
 * Malformed packets: each reason on a crafted packet, nothing of a dropped packet reaches the
 * batch, and a full batch is counted rather than thrown.
 */
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { type DecodeResult, FlowDecoder, MALFORMED_NAMES, Malformed, type MalformedReason } from './decoder.ts';
import {
  type FieldSpec, dataSet, ipfixOptionsTemplateSet, ipfixPacket, ipfixTemplateSet, record, v9Packet, v9TemplateSet,
} from './synth.ts';

const ex = { id: 0, key: '192.0.2.77:2055' };
const A: FieldSpec[] = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: 4 }];
const good = dataSet(256, [record(A, ['10.0.0.1', '10.0.0.2', 5])]);
const v9 = (...sets: Uint8Array[]) => v9Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 0, sourceId: 0 }, sets);
const ipfix = (...sets: Uint8Array[]) => ipfixPacket({ exportSecs: 1, sequence: 0, domain: 0 }, sets);
const u16 = (...xs: number[]) => {
  const b = new Uint8Array(xs.length * 2);
  xs.forEach((x, i) => new DataView(b.buffer).setUint16(i * 2, x));
  return b;
};
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function decodeFresh(packet: Uint8Array, learn?: Uint8Array): { r: DecodeResult; out: FlowBatch } {
  const decoder = new FlowDecoder();
  const out = new FlowBatch(100);
  if (learn) decoder.decode(learn, ex, 0, out);
  out.clear();
  const r = decoder.decode(packet, ex, 0, out);
  expect(decoder.internalErrors).toBe(0);
  return { r, out };
}

const cases: [string, MalformedReason, Uint8Array, Uint8Array?][] = [
  ['2 bytes', Malformed.SHORT_HEADER, u16(9)],
  ['v9 header cut at 19 bytes', Malformed.SHORT_HEADER, v9().subarray(0, 19)],
  ['IPFIX header cut at 15 bytes', Malformed.SHORT_HEADER, ipfix().subarray(0, 15)],
  ['version 7', Malformed.BAD_VERSION, u16(7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
  ['v9 set running past the end', Malformed.SET_LENGTH, cat(v9(), u16(256, 400, 1, 2))],
  ['v9 set length 2, not padding', Malformed.SET_LENGTH, cat(v9(), u16(256, 2, 7, 7))],
  ['IPFIX set length 0, not padding', Malformed.SET_LENGTH, ipfix(u16(256, 0, 1, 1))],
  ['v9 reserved flowset id 5', Malformed.SET_ID, v9(u16(5, 8, 0, 0))],
  ['IPFIX set id 1 (a v9 id)', Malformed.SET_ID, ipfix(u16(1, 8, 0, 0))],
  ['v9 template id 100', Malformed.TEMPLATE_ID, v9(u16(0, 12, 100, 1, 8, 4))],
  ['v9 template with no field', Malformed.TEMPLATE_FIELD_COUNT, v9(u16(0, 8, 256, 0))],
  ['IPFIX options scope count above field count', Malformed.TEMPLATE_FIELD_COUNT, ipfix(u16(3, 14, 256, 1, 2, 8, 4))],
  ['v9 template claiming 16000 fields', Malformed.TEMPLATE_FIELD_COUNT, v9(u16(0, 16, 256, 16000, 8, 4, 12, 4))],
  ['IPFIX template claiming 60000 fields', Malformed.TEMPLATE_FIELD_COUNT, ipfix(u16(2, 16, 256, 60000, 8, 4, 12, 4))],
  ['v9 template claiming 400 fields in a short set', Malformed.TEMPLATE_TRUNCATED, v9(u16(0, 16, 256, 400, 8, 4, 12, 4))],
  ['IPFIX enterprise field cut short', Malformed.TEMPLATE_TRUNCATED, ipfix(u16(2, 12, 256, 1, 0x8001, 4))],
  ['template whose records are 0 bytes long', Malformed.TEMPLATE_LENGTH, v9(u16(0, 16, 256, 2, 8, 0, 12, 0))],
  [
    'variable-length value running past its set',
    Malformed.RECORD_TRUNCATED,
    ipfix(good, u16(257, 16, 0x0a00, 0x0001, 0x0a00, 0x0002, 0xff01, 0x0000)),
    ipfix(ipfixTemplateSet([{ id: 256, fields: A }, { id: 257, fields: [...A.slice(0, 2), { id: 82, length: 65535 }] }])),
  ],
  ['IPFIX length field beyond the packet', Malformed.MESSAGE_LENGTH, ipfix(good).subarray(0, 30)],
  ['IPFIX length field below 16', Malformed.MESSAGE_LENGTH, cat(u16(10, 12), new Uint8Array(12))],
];

describe('malformed packets', () => {
  it.each(cases)('%s', (_name, reason, packet, learn) => {
    const { r, out } = decodeFresh(packet, learn);
    expect(MALFORMED_NAMES[r.malformed]).toBe(MALFORMED_NAMES[reason]);
    expect(r.flows).toBe(0);
    expect(out.length).toBe(0);
  });

  it('a data set decoded before the fault is taken back out of the batch', () => {
    const learn = v9(v9TemplateSet([{ id: 256, fields: A }]));
    const { r, out } = decodeFresh(cat(v9(good, good), u16(256, 300)), learn);
    expect(r.malformed).toBe(Malformed.SET_LENGTH);
    expect(out.length).toBe(0);
    const late = decodeFresh(v9(good, good, u16(0, 8, 256, 0)), learn); // fault found while applying, after two data sets
    expect(late.r).toMatchObject({ malformed: Malformed.TEMPLATE_FIELD_COUNT, flows: 0 });
    expect(late.out.length).toBe(0);
  });

  it('trailing zero padding and short tails are not faults; empty sets are skipped', () => {
    const learn = v9(v9TemplateSet([{ id: 256, fields: A }]));
    expect(decodeFresh(cat(v9(good), new Uint8Array(900)), learn).r).toMatchObject({ malformed: 0, flows: 1 });
    expect(decodeFresh(cat(v9(good), u16(0)), learn).r).toMatchObject({ malformed: 0, flows: 1 });
    expect(decodeFresh(v9(u16(256, 4), good), learn).r).toMatchObject({ malformed: 0, flows: 1 });
    expect(decodeFresh(ipfix(u16(3, 4), ipfixOptionsTemplateSet(300, 1, [{ id: 149, length: 4 }, { id: 34, length: 4 }]))).r).toMatchObject({
      malformed: 0, optionsTemplates: 1,
    });
  });

  it('state limit: a new exporter beyond maxExporters', () => {
    const decoder = new FlowDecoder({ maxExporters: 1 });
    const out = new FlowBatch(4);
    expect(decoder.decode(v9(), { id: 0, key: 'a:1' }, 0, out).malformed).toBe(0);
    expect(decoder.decode(v9(), { id: 1, key: 'b:1' }, 0, out).malformed).toBe(Malformed.STATE_LIMIT);
    expect(decoder.totals.malformedReasons()).toEqual({ 'state-limit': 1 });
  });

  it('a full batch: rows that do not fit are counted as overflow, never thrown', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(2);
    const recs = Array.from({ length: 5 }, (_, i) => record(A, [`10.0.0.${i}`, '10.9.9.9', i]));
    const r = decoder.decode(v9(v9TemplateSet([{ id: 256, fields: A }]), dataSet(256, recs)), ex, 0, out);
    expect(r).toMatchObject({ malformed: 0, flows: 2, overflow: 3 });
    expect(out.length).toBe(2);
  });
});
