/**
 * IPFIX on real exporters' packets (../shared/fixtures/netflow). Expected values are those
 * of logstash-codec-netflow's spec/codecs/netflow_spec.rb.
 */
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { FlowDecoder } from './decoder.ts';
import { GROUPS, HAVE_FIXTURES, SKIP_REASON, readFixture, rows, runGroup } from './fixtures.test-support.ts';
import { dataSet, ipfixPacket, ipfixTemplateSet, record } from './synth.ts';

const group = (name: string) => runGroup(GROUPS[name]!);

describe.skipIf(!HAVE_FIXTURES)(`IPFIX fixtures${SKIP_REASON}`, () => {
  it('softflowd: options data gives systemInitTimeMilliseconds; flowStart/EndSysUpTime become Unix ms', () => {
    const g = group('IPFIX softflowd');
    expect(g.results[0]).toMatchObject({ version: 10, templates: 2, optionsTemplates: 1, optionsRecords: 1, flows: 6, malformed: 0 });
    const init = 1431516013506;
    const at = (ms: number) => new Date(init + ms).toISOString();
    expect(g.flows[0]).toEqual({
      src: '192.168.253.1', dst: '192.168.253.128', srcPort: 60560, dstPort: 22, proto: 6, tcpFlags: 16, packets: 5, bytes: 260,
      start: at(0), end: at(12726), sampling: 1, family: 4,
    });
    expect(g.flows[2]).toMatchObject({ src: '192.168.253.2', dst: '192.168.253.132', srcPort: 53, dstPort: 35262, proto: 17, bytes: 601, start: at(1104), end: at(1142) });
    expect(g.flows[4]).toMatchObject({ src: '54.214.9.161', dst: '192.168.253.132', srcPort: 443, dstPort: 49935, tcpFlags: 26, packets: 14, bytes: 5946 });
  });

  it('YAF: enterprise fields (CERT 6871, reverse 29305) and a variable-length list; TCP flags from initial|union', () => {
    const g = group('IPFIX YAF');
    expect(g.results.every((r) => r.malformed === 0)).toBe(true);
    expect(g.results[0]).toMatchObject({ templates: 13, optionsTemplates: 1 });
    expect(g.flows).toEqual([
      {
        src: '172.16.32.201', dst: '172.16.32.100', srcPort: 46086, dstPort: 53, proto: 17, tcpFlags: 0, packets: 2, bytes: 132,
        start: '2016-12-25T12:58:35.818Z', end: '2016-12-25T12:58:35.819Z', sampling: 1, family: 4,
      },
      {
        src: '172.16.32.100', dst: '172.16.32.215', srcPort: 63499, dstPort: 9997, proto: 6, tcpFlags: 194 | 17, packets: 4, bytes: 172,
        start: '2016-12-25T12:58:33.345Z', end: '2016-12-25T12:58:34.347Z', sampling: 1, family: 4,
      },
    ]);
    expect(g.results[4]).toMatchObject({ optionsRecords: 1, flows: 0 }); // the exporter's statistics
  });

  it('Juniper MX240: options data declares 1-in-1000 sampling, applied to later flows of that domain, counts unscaled', () => {
    const g = group('IPFIX Juniper MX240');
    expect(g.results[0]).toMatchObject({ optionsTemplates: 1 });
    expect(g.results[1]).toMatchObject({ optionsRecords: 1, skipped: 1, flows: 0 });
    const domain = new DataView(readFixture('ipfix_test_juniper_mx240_junos151r6s3_data512.dat').buffer).getUint32(12);
    expect(g.decoder.stats()).toMatchObject([{ version: 10, domain, sampling: 1000 }]);

    const fields = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: 8 }, { id: 2, length: 8 }];
    const out = new FlowBatch(4);
    const later = ipfixPacket({ exportSecs: 1527865913, sequence: 77, domain }, [
      ipfixTemplateSet([{ id: 300, fields }]), dataSet(300, [record(fields, ['192.0.2.1', '198.51.100.2', 1500, 1])]),
    ]);
    g.decoder.decode(later, { id: 7, key: '192.0.2.10:2055' }, Date.UTC(2020, 0, 1), out);
    expect(rows(out)).toMatchObject([{ src: '192.0.2.1', sampling: 1000, bytes: 1500, packets: 1 }]);
  });

  it('OpenBSD pflow: 26 flows with flowStart/EndMilliseconds', () => {
    const g = group('IPFIX OpenBSD pflow');
    expect(g.flows).toHaveLength(26);
    expect(g.flows[25]).toEqual({
      src: '192.168.0.1', dst: '192.168.0.17', srcPort: 80, dstPort: 64026, proto: 6, tcpFlags: 0, packets: 8, bytes: 6425,
      start: '2016-07-21T13:29:59.000Z', end: '2016-07-21T13:30:01.000Z', sampling: 1, family: 4,
    });
  });

  it('NetScaler: variable-length fields (one over 255 bytes), NTP microsecond times; a set without template waits', () => {
    const g = group('IPFIX NetScaler');
    expect(g.results[0]).toMatchObject({ templates: 7 });
    expect(g.results[1]).toMatchObject({ flows: 3, waiting: 1, buffered: 1, malformed: 0 });
    expect(g.flows[2]).toMatchObject({
      src: '192.168.0.1', dst: '10.0.0.1', srcPort: 51053, dstPort: 443, proto: 6, tcpFlags: 24, packets: 2, bytes: 1541,
      start: '2016-11-11T12:09:19.000Z', end: '2016-11-11T12:09:19.000Z',
    });
    // Without the template packet nothing decodes; the sets are counted as waiting.
    const alone = new FlowDecoder().decode(readFixture('ipfix_test_netscaler_data.dat'), { id: 1, key: 'x' }, 0, new FlowBatch(8));
    expect(alone).toMatchObject({ flows: 0, waiting: 4, buffered: 4, malformed: 0 });
  });

  it('VMware VDS: IPv4 and IPv6 flows', () => {
    const g = group('IPFIX VMware VDS');
    expect(g.flows).toHaveLength(5);
    expect(g.flows[0]).toEqual({
      src: '172.18.65.21', dst: '172.18.65.211', srcPort: 61209, dstPort: 5985, proto: 6, tcpFlags: 2, packets: 2, bytes: 100,
      start: '2016-12-22T12:17:37.000Z', end: '2016-12-22T12:17:37.000Z', sampling: 1, family: 4,
    });
    expect(g.flows[4]).toEqual({
      src: 'fe80::5187:5cd8:d750:cdc9', dst: 'ff02::1:3', srcPort: 61329, dstPort: 5355, proto: 17, tcpFlags: 0, packets: 2, bytes: 144,
      start: '2016-12-22T12:25:49.000Z', end: '2016-12-22T12:25:49.000Z', sampling: 1, family: 6,
    });
  });

  it('MikroTik: 46 flows, IPv6 among them; SysUpTime times without a system init time fall back to the export time', () => {
    const g = group('IPFIX MikroTik');
    expect(g.flows).toHaveLength(46);
    expect(g.flows[0]).toMatchObject({ src: '10.10.8.197', dst: '192.168.128.17', srcPort: 123, dstPort: 123, proto: 17, packets: 2, bytes: 152 });
    expect(g.flows[45]).toEqual({
      src: 'fe80::ff:fe00:1201', dst: 'fe80::ff:fe00:1201', srcPort: 5678, dstPort: 5678, proto: 17, tcpFlags: 0, packets: 2, bytes: 370,
      start: '2017-07-19T16:18:08.000Z', end: '2017-07-19T16:18:08.000Z', sampling: 1, family: 6,
    });
  });

  it('Procera: templates with both address families pick the one in use', () => {
    const g = group('IPFIX Procera');
    expect(g.flows).toHaveLength(8);
    expect(g.flows[7]).toMatchObject({
      src: '138.44.161.14', dst: '138.44.161.13', srcPort: 33689, dstPort: 179, proto: 6, family: 4,
      start: '2018-04-15T03:25:00.000Z', end: '2018-04-15T03:30:00.000Z',
    });
    expect(g.flows.filter((f) => f.family === 6).length).toBeGreaterThan(0);
  });

  it('Ixia, Nokia BRAS, Viptela, Barracuda', () => {
    expect(group('IPFIX Ixia').flows[0]).toEqual({
      src: '119.103.128.175', dst: '202.170.60.247', srcPort: 51695, dstPort: 36197, proto: 17, tcpFlags: 0, packets: 4, bytes: 360,
      start: '2018-10-25T12:24:19.882Z', end: '2018-10-25T12:24:32.022Z', sampling: 1, family: 4,
    });
    expect(group('IPFIX Nokia BRAS').flows).toMatchObject([
      { src: '10.0.1.228', dst: '10.0.0.34', srcPort: 5878, dstPort: 80, proto: 6, start: '2017-12-14T07:23:45.148Z' },
    ]);
    expect(group('IPFIX Viptela').flows).toEqual([{
      src: '10.113.7.54', dst: '172.16.21.27', srcPort: 41717, dstPort: 443, proto: 6, tcpFlags: 16, packets: 8, bytes: 775,
      start: '2017-11-21T14:32:15.000Z', end: '2017-11-21T14:32:15.000Z', sampling: 1, family: 4,
    }]);
    const b = group('IPFIX Barracuda');
    expect(b.flows).toHaveLength(8);
    // flowDurationMilliseconds 20368 ending at the export time (no system init time for SysUpTime).
    expect(b.flows[7]).toMatchObject({
      src: '10.98.243.20', dst: '10.99.168.140', srcPort: 53, dstPort: 50294, proto: 17, packets: 1, bytes: 113,
      start: new Date(Date.parse('2017-06-29T13:58:28.000Z') - 20368).toISOString(), end: '2017-06-29T13:58:28.000Z',
    });
    expect(group('IPFIX Barracuda uniflow').flows[1]).toMatchObject({ src: '64.235.151.76', dst: '10.236.5.4', srcPort: 443, dstPort: 51917 });
  });
});
