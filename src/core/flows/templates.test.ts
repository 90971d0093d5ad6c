/**
 * Template cache behaviour on synthetic packets: replacement when an exporter restarts with
 * a new layout, expiry, data before template (buffered and released), IPFIX withdrawal,
 * keys per exporter and domain, state limits.
 */
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { FlowDecoder, type FlowDecoderOptions } from './decoder.ts';
import { rows } from './fixtures.test-support.ts';
import { type FieldSpec, type Value, dataSet, ipfixPacket, ipfixTemplateSet, record, v9Packet, v9TemplateSet } from './synth.ts';

const A: FieldSpec[] = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: 4 }, { id: 2, length: 4 }];
/** The layout after the exporter's restart: other order, 8-byte counters, ports. */
const B: FieldSpec[] = [{ id: 12, length: 4 }, { id: 8, length: 4 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 2, length: 8 }, { id: 1, length: 8 }];
const T0 = Date.UTC(2026, 3, 1);
const ex = { id: 1, key: '192.0.2.1:2055' };

function setup(options: FlowDecoderOptions = {}) {
  const decoder = new FlowDecoder(options);
  const out = new FlowBatch(1000);
  let seq = 0;
  const v9 = (sets: Uint8Array[], at = T0, key = ex.key, sourceId = 0) =>
    decoder.decode(v9Packet({ sysUptimeMs: 100_000, unixSecs: at / 1000, sequence: seq++, sourceId }, sets), { id: 1, key }, at, out);
  const ipfix = (sets: Uint8Array[], at = T0, domain = 0, exportSecs = at / 1000) =>
    decoder.decode(ipfixPacket({ exportSecs, sequence: 0, domain }, sets), ex, at, out);
  return { decoder, out, v9, ipfix };
}
const data = (id: number, fields: FieldSpec[], ...recs: Value[][]) => dataSet(id, recs.map((r) => record(fields, r)));

describe('template cache', () => {
  it('replaces a template when the same id arrives with a new layout (exporter restart)', () => {
    const { v9, out } = setup();
    v9([v9TemplateSet([{ id: 256, fields: A }]), data(256, A, ['10.0.0.1', '10.0.0.2', 1000, 10])]);
    const r = v9([v9TemplateSet([{ id: 256, fields: B }]), data(256, B, ['10.0.0.4', '10.0.0.3', 5353, 53, 3, 300])]);
    expect(r).toMatchObject({ templates: 1, flows: 1, malformed: 0 });
    expect(rows(out).map((f) => [f.src, f.dst, f.srcPort, f.dstPort, f.packets, f.bytes])).toEqual([
      ['10.0.0.1', '10.0.0.2', 0, 0, 10, 1000],
      ['10.0.0.3', '10.0.0.4', 5353, 53, 3, 300],
    ]);
  });

  it('a re-sent identical template refreshes it; one not refreshed in time expires', () => {
    const { decoder, v9 } = setup({ templateTimeoutMs: 60_000 });
    v9([v9TemplateSet([{ id: 256, fields: A }])], T0);
    expect(v9([v9TemplateSet([{ id: 256, fields: A }])], T0 + 50_000).templates).toBe(1); // refresh
    expect(v9([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0 + 100_000).flows).toBe(1); // 50 s after the refresh
    const late = v9([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0 + 200_000);
    expect(late).toMatchObject({ flows: 0, waiting: 1, buffered: 1 });
    expect(decoder.templateCount).toBe(0);
    // The template comes again: the buffered set is decoded now.
    const again = v9([v9TemplateSet([{ id: 256, fields: A }])], T0 + 201_000);
    expect(again).toMatchObject({ templates: 1, released: 1, flows: 1 });
  });

  it('sweep drops expired templates, stale buffered sets and idle exporters', () => {
    const { decoder, v9 } = setup({ templateTimeoutMs: 60_000, pendingTimeoutMs: 10_000 });
    v9([v9TemplateSet([{ id: 256, fields: A }]), data(300, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0);
    expect(decoder.stats()).toMatchObject([{ templates: 1, pendingSets: 1 }]);
    expect(decoder.sweep(T0 + 30_000)).toBe(0);
    expect(decoder.stats()).toMatchObject([{ templates: 1, pendingSets: 0 }]);
    expect(decoder.sweep(T0 + 61_000)).toBe(1);
    expect(decoder.sweep(T0 + 200_000)).toBe(0);
    expect(decoder.stats()).toEqual([]);
  });

  it('buffers data that arrives before its template, bounded per template id, and decodes it with its own packet times', () => {
    const { ipfix, out } = setup({ pendingPerTemplate: 3 });
    const fields: FieldSpec[] = [...A, { id: 150, length: 4 }];
    for (let i = 0; i < 5; i++) {
      const r = ipfix([data(400, fields, [`10.0.0.${i}`, '192.0.2.9', 100, 1, 1_700_000_000 + i])], T0 + i);
      expect(r).toMatchObject({ flows: 0, waiting: 1, buffered: i < 3 ? 1 : 0 });
    }
    const r = ipfix([ipfixTemplateSet([{ id: 400, fields }])], T0 + 10);
    expect(r).toMatchObject({ templates: 1, released: 3, flows: 3 });
    expect(rows(out).map((f) => [f.src, f.start])).toEqual([0, 1, 2].map((i) => [`10.0.0.${i}`, new Date((1_700_000_000 + i) * 1000).toISOString()]));
  });

  it('keeps templates apart per exporter key, source id and version', () => {
    const { v9, ipfix, out } = setup();
    v9([v9TemplateSet([{ id: 256, fields: A }])], T0, '192.0.2.1:2055', 1);
    expect(v9([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0, '192.0.2.2:2055', 1).waiting).toBe(1); // another exporter
    expect(v9([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0, '192.0.2.1:2055', 2).waiting).toBe(1); // another source id
    expect(ipfix([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0, 1).waiting).toBe(1); // IPFIX, same domain number
    expect(v9([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])], T0, '192.0.2.1:2055', 1).flows).toBe(1);
    expect(out.length).toBe(1);
  });

  it('IPFIX withdrawal: one template (field count 0), then all data templates (id 2)', () => {
    const { ipfix } = setup();
    const withdraw = (id: number) => ipfixTemplateSet([{ id, fields: [] }]);
    ipfix([ipfixTemplateSet([{ id: 256, fields: A }, { id: 257, fields: A }, { id: 258, fields: A }])]);
    expect(ipfix([withdraw(256)]).withdrawn).toBe(1);
    expect(ipfix([data(256, A, ['10.0.0.1', '10.0.0.2', 1, 1])]).waiting).toBe(1);
    expect(ipfix([data(257, A, ['10.0.0.1', '10.0.0.2', 1, 1])]).flows).toBe(1);
    expect(ipfix([withdraw(2)])).toMatchObject({ withdrawn: 2, malformed: 0 });
    expect(ipfix([data(257, A, ['10.0.0.1', '10.0.0.2', 1, 1])]).waiting).toBe(1);
  });

  it('state limits: templates beyond maxTemplates are counted and not learned; new exporters beyond maxExporters are refused', () => {
    const { v9 } = setup({ maxTemplates: 1, maxExporters: 1 });
    const r = v9([v9TemplateSet([{ id: 256, fields: A }, { id: 257, fields: A }])]);
    expect(r).toMatchObject({ templates: 1, templatesRejected: 1 });
    expect(v9([data(257, A, ['10.0.0.1', '10.0.0.2', 1, 1])]).waiting).toBe(1);
    expect(v9([v9TemplateSet([{ id: 256, fields: B }])]).templatesRejected).toBe(0); // replacing is allowed
    expect(v9([data(256, B, ['10.0.0.1', '10.0.0.2', 1, 1, 1, 1])], T0, 'other:2055').malformed).not.toBe(0);
  });
});
