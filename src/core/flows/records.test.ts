/**
 * Record decoding on synthetic packets: sequence gaps (v9 packets, IPFIX records, 32-bit
 * wrap), time fields and the sysUptime wrap, sampling from options data, enterprise and
 * variable-length fields, reduced-size integers.
 */
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { FlowDecoder } from './decoder.ts';
import { rows } from './fixtures.test-support.ts';
import {
  type FieldSpec, type Value, dataSet, ipfixOptionsTemplateSet, ipfixPacket, ipfixTemplateSet, record, v9OptionsTemplateSet, v9Packet,
  v9TemplateSet,
} from './synth.ts';

const ex = { id: 3, key: '203.0.113.5:4739' };
const A: FieldSpec[] = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: 4 }, { id: 2, length: 4 }];
const flow = (i: number): Value[] => [`10.1.0.${i}`, '10.2.0.1', 100 * i, i];
const data = (id: number, fields: FieldSpec[], recs: Value[][]) => dataSet(id, recs.map((r) => record(fields, r)));
const iso = (ms: number) => new Date(ms).toISOString();

describe('sequence numbers', () => {
  it('v9 counts packets; gaps across the 32-bit wrap; going back is a reset, not loss', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(100);
    const send = (sequence: number, sets: Uint8Array[] = []) => decoder.decode(v9Packet({ sysUptimeMs: 1, unixSecs: 1, sequence, sourceId: 9 }, sets), ex, 0, out);
    send(0xffff_fffe, [v9TemplateSet([{ id: 256, fields: A }])]);
    expect(send(0xffff_ffff, [data(256, A, [flow(1), flow(2), flow(3)])]).sequenceGap).toBe(0);
    expect(send(0).sequenceGap).toBe(0);
    expect(send(3).sequenceGap).toBe(2); // packets 1 and 2 lost
    expect(send(1)).toMatchObject({ sequenceGap: 0, sequenceReset: true });
    expect(decoder.stats()[0]).toMatchObject({ lost: 2, gaps: 1, resets: 1 });
  });

  it('IPFIX counts data records (options data included); a set waiting for its template suspends the check once', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(100);
    const send = (sequence: number, sets: Uint8Array[]) => decoder.decode(ipfixPacket({ exportSecs: 1, sequence, domain: 4 }, sets), ex, 0, out);
    const options: FieldSpec[] = [{ id: 149, length: 4 }, { id: 305, length: 4 }, { id: 306, length: 4 }];
    send(0xffff_fff0, [ipfixTemplateSet([{ id: 256, fields: A }]), ipfixOptionsTemplateSet(257, 1, options)]);
    // 0xfffffff0 + 0 records: the next packet should carry the same number.
    expect(send(0xffff_fff0, [data(256, A, Array.from({ length: 18 }, (_, i) => flow(i))), data(257, options, [[4, 1, 0]])]).sequenceGap).toBe(0);
    expect(send(3, [data(256, A, [flow(1)])]).sequenceGap).toBe(0); // 0xfffffff0 + 19 wrapped to 3
    expect(send(9, [data(256, A, [flow(1)])]).sequenceGap).toBe(5);
    expect(send(10, [data(999, A, [flow(1)])])).toMatchObject({ sequenceGap: 0, waiting: 1 });
    expect(send(100, [data(256, A, [flow(1)])]).sequenceGap).toBe(0); // not judged: record count unknown
    expect(send(105, [data(256, A, [flow(1)])]).sequenceGap).toBe(4);
    expect(decoder.totals.sequenceLost).toBe(9);
  });
});

describe('times', () => {
  it('v9 first/last switched across the sysUptime wrap at 2^32 ms', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const fields: FieldSpec[] = [...A, { id: 22, length: 4 }, { id: 21, length: 4 }];
    const unixSecs = 1_750_000_000;
    // sysUptime wrapped 1.5 s ago; the flow began 0.5 s before the wrap and ended 1 s after it.
    decoder.decode(v9Packet({ sysUptimeMs: 1500, unixSecs, sequence: 0, sourceId: 0 }, [
      v9TemplateSet([{ id: 256, fields }]), data(256, fields, [[...flow(1), 2 ** 32 - 500, 1000]]),
    ]), ex, 0, out);
    expect(out.start[0]).toBe(unixSecs * 1000 - 2000);
    expect(out.end[0]).toBe(unixSecs * 1000 - 500);
  });

  it('IPFIX seconds, NTP micro/nanoseconds, delta microseconds, system init + SysUpTime, durations', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const exportSecs = 1_750_000_000;
    const ntp = (unixMs: number) => (unixMs / 1000 + 2208988800) * 2 ** 32; // exact for whole ms multiples of 1/4 s
    const layouts: [FieldSpec[], Value[]][] = [
      [[{ id: 150, length: 4 }, { id: 151, length: 4 }], [exportSecs - 10, exportSecs - 5]],
      [[{ id: 154, length: 8 }, { id: 157, length: 8 }], [ntp(exportSecs * 1000 - 2500), ntp(exportSecs * 1000 - 250)]],
      [[{ id: 158, length: 4 }, { id: 159, length: 4 }], [3_000_000, 1_500]],
      [[{ id: 160, length: 8 }, { id: 22, length: 4 }, { id: 21, length: 4 }], [exportSecs * 1000 - 100_000, 40_000, 90_000]],
      [[{ id: 152, length: 8 }, { id: 161, length: 4 }], [exportSecs * 1000 - 7000, 2000]],
      [[{ id: 162, length: 4 }], [4_000_000]],
    ];
    const sets: Uint8Array[] = [];
    layouts.forEach(([times, values], i) => {
      const fields = [...A, ...times];
      sets.push(ipfixTemplateSet([{ id: 300 + i, fields }]), data(300 + i, fields, [[...flow(i), ...values]]));
    });
    decoder.decode(ipfixPacket({ exportSecs, sequence: 0, domain: 0 }, sets), ex, 0, out);
    const e = exportSecs * 1000;
    expect(rows(out).map((f) => [f.start, f.end])).toEqual([
      [iso(e - 10_000), iso(e - 5000)],
      [iso(e - 2500), iso(e - 250)],
      [iso(e - 3000), iso(e - 1.5)],
      [iso(e - 60_000), iso(e - 10_000)],
      [iso(e - 7000), iso(e - 5000)],
      [iso(e - 4000), iso(e)],
    ]);
  });
});

describe('sampling', () => {
  it('IPFIX options: packet interval and space (1 of every 1+N-1), later size/population; counts never scaled', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const send = (sets: Uint8Array[]) => decoder.decode(ipfixPacket({ exportSecs: 1, sequence: 0, domain: 1 }, sets), ex, 0, out);
    const opt1: FieldSpec[] = [{ id: 302, length: 4 }, { id: 305, length: 4 }, { id: 306, length: 4 }];
    const opt2: FieldSpec[] = [{ id: 149, length: 4 }, { id: 309, length: 4 }, { id: 310, length: 4 }];
    send([ipfixTemplateSet([{ id: 256, fields: A }]), ipfixOptionsTemplateSet(260, 1, opt1), ipfixOptionsTemplateSet(261, 1, opt2)]);
    send([data(256, A, [flow(1)]), data(260, opt1, [[7, 1, 511]]), data(256, A, [flow(2)])]);
    send([data(261, opt2, [[1, 10, 1000]]), data(256, A, [flow(3)])]);
    expect(rows(out).map((f) => [f.sampling, f.packets, f.bytes])).toEqual([[1, 1, 100], [512, 2, 200], [100, 3, 300]]);
  });

  it('v9 options: sampler table (48/50/49) applied to records that name their sampler; 34 for the whole source', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const send = (sets: Uint8Array[]) => decoder.decode(v9Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 0, sourceId: 3 }, sets), ex, 0, out);
    const sampler: FieldSpec[] = [{ id: 48, length: 2 }, { id: 50, length: 4 }, { id: 49, length: 1 }];
    const withSampler: FieldSpec[] = [...A, { id: 48, length: 2 }];
    const scope: FieldSpec[] = [{ id: 1, length: 4 }]; // v9 scope type 1: system
    send([v9OptionsTemplateSet(257, scope, sampler), v9TemplateSet([{ id: 260, fields: withSampler }])]);
    send([data(257, [...scope, ...sampler], [[0, 1, 100, 2], [0, 2, 1000, 2]])]);
    send([data(260, withSampler, [[...flow(1), 1], [...flow(2), 2], [...flow(3), 9]])]);
    expect(rows(out).map((f) => f.sampling)).toEqual([100, 1000, 1000]); // sampler 9 unknown: the source's last declared rate
    const system: FieldSpec[] = [{ id: 34, length: 4 }, { id: 35, length: 1 }];
    const emptyScope: FieldSpec[] = [{ id: 1, length: 0 }]; // as Juniper SRX sends it
    send([v9OptionsTemplateSet(258, emptyScope, system), v9TemplateSet([{ id: 261, fields: A }])]);
    send([data(258, [...emptyScope, ...system], [[0, 64, 2]]), data(261, A, [flow(4)])]);
    expect(out.sampling[3]).toBe(64);
    expect(out.packets[3]).toBe(4);
  });
});

describe('field encodings', () => {
  it('skips enterprise fields (even with standard ids) and variable-length fields of both length forms', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const fields: FieldSpec[] = [
      { id: 1, length: 8, enterprise: 9 }, { id: 8, length: 4 }, { id: 82, length: 65535 }, { id: 12, length: 4 },
      { id: 100, length: 65535, enterprise: 29305 }, { id: 1, length: 4 }, { id: 7, length: 2 }, { id: 11, length: 2 },
    ];
    const r = decoder.decode(ipfixPacket({ exportSecs: 1, sequence: 0, domain: 0 }, [
      ipfixTemplateSet([{ id: 256, fields }]),
      data(256, fields, [[999_999, '10.0.0.1', 'eth0', '10.0.0.2', 'x'.repeat(300), 1234, 80, 8080], [1, '10.0.0.3', '', '10.0.0.4', 'y', 5, 1, 2]]),
    ]), ex, 0, out);
    expect(r).toMatchObject({ flows: 2, malformed: 0 });
    expect(rows(out).map((f) => [f.src, f.dst, f.bytes, f.srcPort, f.dstPort])).toEqual([
      ['10.0.0.1', '10.0.0.2', 1234, 80, 8080],
      ['10.0.0.3', '10.0.0.4', 5, 1, 2],
    ]);
  });

  it('reads reduced-size integers of any length 1-8 (and 3, 5, 7 bytes), ports and protocol of odd lengths', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const sizes = [1, 2, 3, 5, 7, 8];
    const sets: Uint8Array[] = [];
    sizes.forEach((n, i) => {
      const fields: FieldSpec[] = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: n }, { id: 2, length: n }, { id: 4, length: 1 }];
      const big = Math.min(2 ** (8 * n) - 1, 2 ** 53 - 1);
      sets.push(v9TemplateSet([{ id: 256 + i, fields }]), data(256 + i, fields, [['10.0.0.1', '10.0.0.2', big, 1, 17]]));
    });
    decoder.decode(v9Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 0, sourceId: 0 }, sets), ex, 0, out);
    expect(Array.from(out.bytes.subarray(0, sizes.length))).toEqual(sizes.map((n) => Math.min(2 ** (8 * n) - 1, 2 ** 53 - 1)));
    expect(Array.from(out.proto.subarray(0, sizes.length))).toEqual(sizes.map(() => 17));
  });

  it('records without an address pair are skipped and counted; an IPv6 pair is stored as IPv6', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const srcOnly: FieldSpec[] = [{ id: 8, length: 4 }, { id: 1, length: 4 }];
    const v6: FieldSpec[] = [{ id: 27, length: 16 }, { id: 28, length: 16 }, { id: 1, length: 4 }];
    const r = decoder.decode(ipfixPacket({ exportSecs: 1, sequence: 0, domain: 0 }, [
      ipfixTemplateSet([{ id: 256, fields: srcOnly }, { id: 257, fields: v6 }]),
      data(256, srcOnly, [['10.0.0.1', 5], ['10.0.0.2', 6]]),
      data(257, v6, [['2001:db8::1', '2001:db8:0:1::2', 7]]),
    ]), ex, 0, out);
    expect(r).toMatchObject({ flows: 1, skipped: 2 });
    expect(rows(out)).toMatchObject([{ family: 6, src: '2001:db8::1', dst: '2001:db8:0:1::2', bytes: 7 }]);
  });
});
