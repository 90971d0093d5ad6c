/**
 * NetFlow v9 on real exporters' packets (../shared/fixtures/netflow). Expected values are
 * those of logstash-codec-netflow's spec/codecs/netflow_spec.rb; sysUptime-derived times are
 * the spec's minus one second (see specUptimeTime).
 */
import { describe, expect, it } from 'vitest';
import { GROUPS, HAVE_FIXTURES, SKIP_REASON, runGroup, specUptimeTime as up } from './fixtures.test-support.ts';

const group = (name: string) => runGroup(GROUPS[name]!);
const iso = (ms: number) => new Date(ms).toISOString();

describe.skipIf(!HAVE_FIXTURES)(`NetFlow v9 fixtures${SKIP_REASON}`, () => {
  it('softflowd: templates and data in one packet, IPv4 and IPv6', () => {
    const g = group('v9 softflowd');
    expect(g.results[0]).toMatchObject({ version: 9, templates: 2, flows: 7, malformed: 0 });
    expect(g.flows[0]).toEqual({
      src: '172.16.32.100', dst: '172.16.32.248', srcPort: 123, dstPort: 123, proto: 17, tcpFlags: 0, packets: 1, bytes: 76,
      start: up('2015-10-08T19:03:47.140Z'), end: up('2015-10-08T19:03:47.141Z'), sampling: 1, family: 4,
    });
    expect(g.flows[6]).toMatchObject({ family: 6, src: 'fe80::20c:29ff:fe83:3b6e', dst: 'ff02::1', proto: 58, packets: 7, bytes: 672 });
  });

  it('Cisco ASR 9000: options data (interface names) is skipped, then 21 flows of template 260', () => {
    const g = group('v9 Cisco ASR9k');
    const files = GROUPS['v9 Cisco ASR9k']!;
    const data256 = g.results[files.indexOf('netflow9_test_cisco_asr9k_data256.dat')]!;
    expect(data256).toMatchObject({ flows: 0, skipped: 19, optionsRecords: 19, malformed: 0 });
    const data260 = g.perFile[files.indexOf('netflow9_test_cisco_asr9k_data260.dat')]!;
    expect(data260).toHaveLength(21);
    expect(data260[20]).toEqual({
      src: '10.0.29.46', dst: '10.0.15.38', srcPort: 443, dstPort: 52364, proto: 6, tcpFlags: 18, packets: 2, bytes: 112,
      start: up('2016-12-06T10:08:53.377Z'), end: up('2016-12-06T10:08:54.964Z'), sampling: 1, family: 4,
    });
  });

  it('FortiGate 5.2.1: options data (sampling 1, deterministic) then a flow', () => {
    const g = group('v9 FortiGate 5.2.1');
    expect(g.results[1]).toMatchObject({ flows: 0, optionsRecords: 1 });
    expect(g.perFile[2]).toEqual([{
      src: '192.168.99.7', dst: '31.13.87.36', srcPort: 61910, dstPort: 443, proto: 6, tcpFlags: 0, packets: 3, bytes: 152,
      start: up('2017-07-25T04:44:29.522Z'), end: up('2017-07-25T04:44:38.522Z'), sampling: 1, family: 4,
    }]);
  });

  it('FortiGate 5.4.2: 17 flows across templates 258-262', () => {
    const g = group('v9 FortiGate 5.4.2');
    expect(g.flows).toHaveLength(17);
    expect(g.flows[0]).toMatchObject({
      src: '192.168.100.151', dst: '182.50.136.239', srcPort: 45380, dstPort: 80, proto: 6, packets: 6, bytes: 748,
      start: up('2018-05-11T00:54:10.580Z'), end: up('2018-05-11T00:54:10.990Z'),
    });
  });

  it('Palo Alto 8.1: one flowset followed by a zero-filled remainder of the packet (padding, not malformed)', () => {
    const g = group('v9 Palo Alto 8.1');
    expect(g.results[1]).toMatchObject({ malformed: 0, flows: 1 });
    expect(g.flows[0]).toEqual({
      src: '134.220.2.6', dst: '134.220.1.156', srcPort: 88, dstPort: 50234, proto: 6, tcpFlags: 94, packets: 3, bytes: 363,
      start: up('2018-06-06T13:20:03.000Z'), end: up('2018-06-06T13:20:03.000Z'), sampling: 1, family: 4,
    });
  });

  it('Palo Alto PAN-OS: 8 flows', () => {
    const g = group('v9 Palo Alto PAN-OS');
    expect(g.flows).toHaveLength(8);
    expect(g.flows[1]).toMatchObject({
      src: '10.32.105.103', dst: '162.115.24.30', srcPort: 39702, dstPort: 443, proto: 6, tcpFlags: 26, packets: 1, bytes: 111,
      start: up('2017-11-13T14:33:53.000Z'), end: up('2017-11-13T14:39:32.000Z'),
    });
  });

  it('Huawei NetStream', () => {
    const g = group('v9 Huawei');
    expect(g.flows).toEqual([{
      src: '10.108.219.53', dst: '10.111.112.204', srcPort: 45587, dstPort: 2598, proto: 6, tcpFlags: 24, packets: 4, bytes: 200,
      start: up('2018-01-29T02:56:52.940Z'), end: up('2018-01-29T03:02:20.000Z'), sampling: 1, family: 4,
    }]);
  });

  it('H3C NetStream, with and without a variable-length string (65535) in a v9 template', () => {
    const g = group('v9 H3C');
    expect(g.flows).toHaveLength(16);
    expect(g.flows[15]).toMatchObject({
      src: '10.22.166.36', dst: '10.21.75.38', proto: 6, packets: 9, bytes: 5092, start: up('2018-05-21T09:24:04.922Z'), end: up('2018-05-21T09:25:04.928Z'),
    });
    const v = group('v9 H3C varstring');
    expect(v.flows).toEqual([{
      src: '20.20.20.20', dst: '20.20.255.255', srcPort: 137, dstPort: 137, proto: 17, tcpFlags: 0, packets: 9, bytes: 702,
      start: up('2018-07-18T01:34:34.274Z'), end: up('2018-07-18T01:35:03.969Z'), sampling: 1, family: 4,
    }]);
  });

  it('nprobe: options template and data (skipped), then a flow; DPI template with 0.0.0.0 addresses', () => {
    const g = group('v9 nprobe');
    expect(g.results[0]).toMatchObject({ templates: 2, optionsTemplates: 1, skipped: 1, optionsRecords: 1 });
    expect(g.flows).toEqual([{
      src: '172.16.32.201', dst: '172.16.32.1', srcPort: 22, dstPort: 65058, proto: 6, tcpFlags: 24, packets: 2, bytes: 200,
      start: up('2015-10-08T19:05:56.010Z'), end: up('2015-10-08T19:05:56.015Z'), sampling: 1, family: 4,
    }]);
    expect(group('v9 nprobe DPI').flows).toMatchObject([{ src: '0.0.0.0', dst: '0.0.0.0', packets: 1, bytes: 82 }]);
  });

  it('zero-length fields take no bytes; IN counters at 0 fall back to OUT_BYTES/OUT_PKTS', () => {
    const g = group('v9 zero-length fields');
    expect(g.results[0]).toMatchObject({ templates: 2, flows: 10, malformed: 0 });
    expect(g.flows[9]).toEqual({
      src: '192.168.1.33', dst: '239.255.255.250', srcPort: 0, dstPort: 0, proto: 2, tcpFlags: 0, packets: 1, bytes: 32,
      start: up('2016-12-23T01:34:52.569Z'), end: up('2016-12-23T01:34:52.569Z'), sampling: 1, family: 4,
    });
  });

  it('macaddr: a template without counters or times: zeros, and the export time', () => {
    const g = group('v9 macaddr');
    expect(g.flows).toHaveLength(29);
    expect(g.flows[0]).toEqual({
      src: '172.16.32.1', dst: '172.16.32.201', srcPort: 65058, dstPort: 22, proto: 6, tcpFlags: 0, packets: 0, bytes: 0,
      start: '2015-10-10T08:47:01.000Z', end: '2015-10-10T08:47:01.000Z', sampling: 1, family: 4,
    });
  });

  it('Cisco ASA: flowStartMilliseconds, in_permanent_bytes (85) and initiatorOctets (231) as byte counts', () => {
    const a = group('v9 Cisco ASA 1');
    expect(a.flows).toHaveLength(14);
    expect(a.flows[1]).toMatchObject({ src: '192.168.23.22', dst: '164.164.37.11', srcPort: 17549, dstPort: 0, proto: 1, bytes: 56, start: iso(1444384068169) });
    const b = group('v9 Cisco ASA 2');
    expect(b.flows).toHaveLength(19);
    expect(b.flows[18]).toMatchObject({ src: '192.168.0.1', dst: '192.168.0.18', srcPort: 56651, dstPort: 80, proto: 6, bytes: 69, start: iso(1469109036395) });
  });

  it('Cisco ACI, NBAR, 1941/K9, ASR1001-X', () => {
    expect(group('v9 Cisco ACI').flows[0]).toMatchObject({
      src: '10.154.231.145', dst: '10.154.231.146', srcPort: 179, dstPort: 49411, tcpFlags: 24, packets: 2, bytes: 99,
      start: up('2018-10-15T11:28:05.019Z'), end: up('2018-10-15T11:28:24.066Z'),
    });
    expect(group('v9 Cisco NBAR options').results[0]).toMatchObject({ optionsTemplates: 1, optionsRecords: 15, flows: 0 });
    const nbar = group('v9 Cisco NBAR');
    expect(nbar.flows).toHaveLength(5);
    expect(nbar.flows[4]).toMatchObject({
      src: '10.10.172.60', dst: '10.30.19.180', srcPort: 45269, dstPort: 161, proto: 17, packets: 36, bytes: 2794,
      start: up('2017-02-14T11:10:20.936Z'), end: up('2017-02-14T11:10:21.008Z'),
    });
    expect(group('v9 Cisco 1941/K9').results[0]).toMatchObject({ malformed: 0, templates: 1, flows: 29 });
    expect(group('v9 Cisco ASR1001-X').results[0]).toMatchObject({ malformed: 0, templates: 1, flows: 25 });
  });

  it('Cisco WLC: records without an address pair are counted as skipped', () => {
    const g = group('v9 Cisco WLC');
    expect(g.results[1]).toMatchObject({ flows: 0, skipped: 19, malformed: 0 });
  });

  it('ipt_netflow reduced-size encoding; data sets of templates never sent wait, counted', () => {
    const g = group('v9 ipt_netflow');
    expect(g.results[0]).toMatchObject({ templates: 1, flows: 12, waiting: 6, buffered: 6 });
    expect(g.flows[11]).toEqual({
      src: '2.17.140.47', dst: '10.233.150.21', srcPort: 443, dstPort: 38164, proto: 6, tcpFlags: 25, packets: 3, bytes: 187,
      start: up('2018-02-18T05:46:54.800Z'), end: up('2018-02-18T05:46:54.992Z'), sampling: 1, family: 4,
    });
  });

  it('Ubiquiti, Streamcore, layer2SegmentId, IE 150/151 (flowStart/EndSeconds)', () => {
    const u = group('v9 Ubiquiti');
    expect(u.flows).toHaveLength(16);
    expect(u.flows[0]!.src).toBe('10.1.0.135');
    expect(u.flows[15]).toMatchObject({
      src: '192.168.1.102', dst: '10.2.0.95', srcPort: 47690, dstPort: 443, tcpFlags: 27, packets: 21, bytes: 3668,
      start: up('2016-09-10T15:02:54.375Z'), end: up('2016-09-10T15:23:45.363Z'),
    });
    const s = group('v9 Streamcore');
    expect(s.flows).toHaveLength(4);
    expect(s.flows[0]).toMatchObject({ src: '100.78.40.201', dst: '10.231.128.150', srcPort: 8080, dstPort: 50073, tcpFlags: 19, packets: 3, bytes: 128 });
    expect(s.flows[3]).toMatchObject({
      src: '10.27.8.20', dst: '100.78.40.201', packets: 11, bytes: 3052, start: up('2017-01-11T11:22:44.939Z'), end: up('2017-01-11T11:23:35.954Z'),
    });
    expect(group('v9 layer2SegmentId').flows).toMatchObject([{ src: '192.168.200.136', dst: '80.82.237.40', srcPort: 61926, dstPort: 445, bytes: 52 }]);
    expect(group('v9 IE150/151').flows).toMatchObject([
      { src: '192.168.0.3', dst: '192.168.0.2', bytes: 78, start: iso(1512147866000), end: iso(1512147866000) },
      { src: '192.168.0.4', dst: '192.168.0.5', srcPort: 58130, dstPort: 6343, bytes: 232, start: iso(1512147869000), end: iso(1512147869000) },
    ]);
  });

  it('Juniper SRX: an options template with a 0-length scope field; its data sets sampling', () => {
    const g = group('v9 Juniper SRX');
    expect(g.results[0]).toMatchObject({ malformed: 0, optionsTemplates: 1, optionsRecords: 1, templates: 1 });
    expect(g.decoder.stats()[0]).toMatchObject({ version: 9, sampling: 1, samplingAlgorithm: 2 });
  });

  it('"invalid01" (softflowd, sampling 1 in 100 from options data) decodes, sampling applied', () => {
    const g = group('v9 invalid 01');
    expect(g.results[0]).toMatchObject({ malformed: 0, optionsRecords: 1, flows: 2 });
    expect(g.flows.map((f) => [f.src, f.dst, f.sampling, f.bytes])).toEqual([
      ['2001:44b8:1118:7200::10', '2001:44b8:4030:cd91:8075:bae:d39d:2621', 100, 96],
      ['192.168.0.1', '192.168.0.105', 100, 98],
    ]);
  });
});
