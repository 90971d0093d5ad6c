/**
 * NetFlow v5: real packets from ../shared/fixtures/netflow (expected values from
 * logstash-codec-netflow's spec/codecs/netflow_spec.rb) and synthetic edge cases.
 */
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { FlowDecoder, Malformed } from './decoder.ts';
import { GROUPS, HAVE_FIXTURES, SKIP_REASON, readFixture, rows, runGroup, specUptimeTime } from './fixtures.test-support.ts';
import { type V5Flow, v5Packet } from './synth.ts';

const exporter = { id: 2, key: '198.51.100.7:9995' };

describe.skipIf(!HAVE_FIXTURES)(`NetFlow v5 fixtures${SKIP_REASON}`, () => {
  it('softflowd: two flows; a First taken before sysUptime wrapped lands before the export', () => {
    const g = runGroup(GROUPS['v5 softflowd']!);
    expect(g.results[0]).toMatchObject({ version: 5, flows: 2, malformed: 0 });
    expect(g.flows[0]).toMatchObject({ src: '10.0.2.2', dst: '10.0.2.15', srcPort: 54435, dstPort: 22, proto: 6, tcpFlags: 16, packets: 5, bytes: 230, sampling: 1 });
    expect(g.flows[1]).toMatchObject({ src: '10.0.2.15', dst: '10.0.2.2', srcPort: 22, dstPort: 54435, tcpFlags: 24, packets: 4, bytes: 304 });
    // First = 0xffffffff with sysUptime 3381 ms: taken 3382 ms before the export at
    // 18:38:08.280. The spec reads it without the wrap, 2^32 ms (49.7 days) later.
    const specFirst = Date.parse('2015-06-21T11:40:52.194Z');
    expect(g.flows[0]!.start).toBe(new Date(specFirst - 2 ** 32).toISOString());
    expect(g.flows[0]!.start).toBe('2015-05-02T18:38:04.898Z');
    expect(g.flows[0]!.end).toBe(specUptimeTime('2015-05-02T18:38:08.476Z'));
  });

  it('Juniper MX80: 29 flows carrying the header sampling interval (1 in 1000), counts not scaled', () => {
    const g = runGroup(GROUPS['v5 Juniper MX80']!);
    expect(g.results[0]).toMatchObject({ flows: 29, malformed: 0 });
    expect(g.flows[28]).toEqual({
      src: '66.249.92.75', dst: '192.168.0.1', srcPort: 37387, dstPort: 80, proto: 6, tcpFlags: 16, packets: 2, bytes: 104,
      start: specUptimeTime('2016-07-21T13:52:34.936Z'), end: specUptimeTime('2016-07-21T13:52:34.936Z'), sampling: 1000, family: 4,
    });
    expect(g.flows.every((f) => f.sampling === 1000)).toBe(true);
  });

  it('MikroTik: 30 flows', () => {
    const g = runGroup(GROUPS['v5 MikroTik']!);
    expect(g.results[0]!.flows).toBe(30);
    expect(g.flows[29]).toMatchObject({
      src: '10.0.8.1', dst: '192.168.0.1', srcPort: 80, dstPort: 51826, proto: 6, tcpFlags: 82, packets: 13, bytes: 11442,
      start: '2016-07-21T13:51:42.254Z', end: '2016-07-21T13:51:42.254Z', sampling: 1,
    });
  });

  it.each(['netflow5_test_invalid01.dat', 'netflow5_test_invalid02.dat'])('%s is rejected: record count beyond what the packet holds', (file) => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(64);
    const r = decoder.decode(readFixture(file), exporter, 0, out);
    expect(r).toMatchObject({ version: 5, malformed: Malformed.V5_COUNT, flows: 0 });
    expect(out.length).toBe(0);
  });
});

const flow = (i: number, first: number, last: number): V5Flow => ({
  src: `10.0.0.${i}`, dst: '192.0.2.1', srcPort: 1000 + i, dstPort: 443, proto: 6, tcpFlags: 0x12, packets: i, bytes: 100 * i, first, last,
});

describe('NetFlow v5 synthetic', () => {
  it('counts sequence gaps in flows, across the 32-bit wrap, per engine', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(1000);
    const send = (sequence: number, n: number, engineId = 0) =>
      decoder.decode(v5Packet({ sysUptimeMs: 5000, unixSecs: 1_700_000_000, sequence, engineId }, Array.from({ length: n }, (_, i) => flow(i + 1, 1000, 2000))), exporter, 0, out);
    expect(send(0xffff_fff0, 30).sequenceGap).toBe(0); // first packet: nothing to compare
    expect(send(14, 30).sequenceGap).toBe(0); // 0xfffffff0 + 30 wraps to 14
    expect(send(44 + 25, 30).sequenceGap).toBe(25); // 25 flows lost
    expect(send(0, 10, 1).sequenceGap).toBe(0); // another engine: its own counter
    const r = send(5, 10); // went backwards: an exporter restart, not loss
    expect(r).toMatchObject({ sequenceGap: 0, sequenceReset: true });
    expect(decoder.totals.sequenceLost).toBe(25);
    const stats = decoder.stats().find((s) => s.version === 5 && s.domain === 0)!;
    expect(stats).toMatchObject({ lost: 25, gaps: 1, resets: 1 });
  });

  it('turns sysUptime-relative times into Unix ms, across the sysUptime wrap', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    // 2 s after sysUptime wrapped; the flow started 3 s before the wrap and ended 1 s after it.
    const packet = v5Packet({ sysUptimeMs: 2000, unixSecs: 1_700_000_000, unixNsecs: 250_000_000, sequence: 0 }, [flow(1, 2 ** 32 - 3000, 1000)]);
    decoder.decode(packet, exporter, 0, out);
    expect(out.start[0]).toBe(1_700_000_000_250 - 5000);
    expect(out.end[0]).toBe(1_700_000_000_250 - 1000);
  });

  it('takes the low 14 bits of the sampling field; 0 means unsampled', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    decoder.decode(v5Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 0, sampling: (1 << 14) | 512 }, [flow(1, 0, 0)]), exporter, 0, out);
    decoder.decode(v5Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 1, sampling: 0 }, [flow(2, 0, 0)]), exporter, 0, out);
    expect(rows(out).map((f) => [f.sampling, f.packets, f.bytes])).toEqual([[512, 1, 100], [1, 2, 200]]);
  });

  it('rejects a header cut short and a count of zero', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(10);
    const good = v5Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 0 }, [flow(1, 0, 0)]);
    expect(decoder.decode(good.subarray(0, 20), exporter, 0, out).malformed).toBe(Malformed.SHORT_HEADER);
    expect(decoder.decode(good.subarray(0, 60), exporter, 0, out).malformed).toBe(Malformed.V5_COUNT);
    expect(decoder.decode(v5Packet({ sysUptimeMs: 1, unixSecs: 1, sequence: 0 }, []), exporter, 0, out).malformed).toBe(Malformed.V5_COUNT);
    expect(out.length).toBe(0);
  });
});
