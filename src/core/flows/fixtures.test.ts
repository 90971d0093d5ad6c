/**
 * Every one of the 92 real export packets in ../shared/fixtures/netflow decodes or is
 * rejected cleanly, fed per exporter in capture order (templates before data).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowBatch } from './batch.ts';
import { FlowDecoder, Malformed } from './decoder.ts';
import { FIXTURES, GROUPS, HAVE_FIXTURES, SKIP_REASON, readFixture, runGroup } from './fixtures.test-support.ts';

/** Records per group as logstash-codec-netflow's spec counts events (flows + options data). */
const SPEC_EVENTS: Record<string, number> = {
  'v5 softflowd': 2, 'v5 Juniper MX80': 29, 'v5 MikroTik': 30,
  'v9 softflowd': 7, 'v9 Cisco ACI': 3, 'v9 Cisco ASA 1': 14, 'v9 Cisco ASA 2': 19, 'v9 nprobe': 2, 'v9 nprobe DPI': 1,
  'v9 ipt_netflow': 12, 'v9 H3C': 16, 'v9 H3C varstring': 1, 'v9 IE150/151': 2, 'v9 Palo Alto 8.1': 1, 'v9 Palo Alto PAN-OS': 8,
  'v9 FortiGate 5.2.1': 2, 'v9 FortiGate 5.4.2': 17, 'v9 Ubiquiti': 16, 'v9 Streamcore': 4, 'v9 Juniper SRX': 1,
  'v9 zero-length fields': 10, 'v9 Huawei': 1, 'v9 layer2SegmentId': 1, 'v9 Cisco ASR9k': 19 + 21, 'v9 Cisco NBAR options': 15,
  'v9 Cisco NBAR': 5, 'v9 Cisco WLC': 19,
  'IPFIX softflowd': 7, 'IPFIX OpenBSD pflow': 26, 'IPFIX Juniper MX240': 1, 'IPFIX Nokia BRAS': 1, 'IPFIX Procera': 8,
  'IPFIX Barracuda': 8, 'IPFIX Barracuda uniflow': 2, 'IPFIX MikroTik': 46, 'IPFIX NetScaler': 3, 'IPFIX VMware VDS': 5,
  'IPFIX Viptela': 1, 'IPFIX YAF': 3,
};

/** The only files rejected, and why. */
const REJECTED: Record<string, number> = {
  'netflow5_test_invalid01.dat': Malformed.V5_COUNT, // count 55582 in a 1464-byte packet
  'netflow5_test_invalid02.dat': Malformed.V5_COUNT, // count 163 (v5 allows 30)
};

describe.skipIf(!HAVE_FIXTURES)(`all fixture packets${SKIP_REASON}`, () => {
  it('the groups cover the 92 files exactly once', () => {
    const onDisk = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.dat')).sort();
    const grouped = Object.values(GROUPS).flat().sort();
    expect(onDisk).toHaveLength(92);
    expect(grouped).toEqual(onDisk);
  });

  it.each(Object.keys(GROUPS))('%s', (name) => {
    const files = GROUPS[name]!;
    const g = runGroup(files);
    files.forEach((file, i) => {
      const r = g.results[i]!;
      expect(r.malformed, file).toBe(REJECTED[file] ?? Malformed.NONE);
      expect(r.overflow, file).toBe(0);
      expect([5, 9, 10], file).toContain(r.version);
    });
    expect(g.decoder.internalErrors).toBe(0);
    const events = g.results.reduce((n, r) => n + r.flows + r.skipped, 0);
    if (name in SPEC_EVENTS) expect(events).toBe(SPEC_EVENTS[name]);
    for (const f of g.flows) {
      expect([4, 6]).toContain(f.family);
      expect(f.sampling).toBeGreaterThanOrEqual(1);
      expect(Date.parse(f.end)).toBeGreaterThanOrEqual(Date.parse(f.start));
    }
  });

  it('all 92 packets through one decoder, one exporter key per group, in any group order', () => {
    const decoder = new FlowDecoder();
    const out = new FlowBatch(20_000);
    let flows = 0;
    for (const [n, files] of Object.entries(GROUPS).reverse().entries()) {
      for (const file of files[1]) flows += decoder.decode(readFixture(file), { id: n, key: `10.0.0.${n}:2055` }, Date.UTC(2020, 0, 1), out).flows;
    }
    expect(decoder.totals.packets).toBe(92);
    expect(decoder.totals.malformed).toBe(2);
    expect(decoder.totals.malformedReasons()).toEqual({ 'v5-count': 2 });
    expect(out.length).toBe(flows);
    expect(decoder.totals.flows).toBe(flows);
    expect(decoder.internalErrors).toBe(0);
  });
});
