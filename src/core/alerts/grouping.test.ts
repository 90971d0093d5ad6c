import { describe, expect, it } from 'vitest';
import { type OpenAlert, type SightingRecord, groupSightings } from './grouping.ts';

const T0 = Date.parse('2026-11-24T00:00:00Z');
const min = 60_000;
const s = (p: Partial<SightingRecord>): SightingRecord => ({
  institutionId: 'sakura', internalHost: '192.0.2.10', remoteAddress: '198.18.0.1', indicatorId: 'ind-1', internalIsSource: true,
  proto: 6, srcPort: 50000, dstPort: 443, tcpFlags: 0x18, bytes: 1000, packets: 5, start: T0, end: T0 + min, ...p,
});

describe('grouping sightings into alerts', () => {
  it('keeps a long connection split by active timeouts as one alert', () => {
    // 4 h of one TCP session exported every 30 min (active timeout).
    const flows = Array.from({ length: 8 }, (_, i) => s({ start: T0 + i * 30 * min, end: T0 + (i + 1) * 30 * min, tcpFlags: i === 0 ? 0x1a : 0x18, bytes: 10_000, packets: 20 }));
    const r = groupSightings([], flows.reverse());
    expect(r.created).toHaveLength(1);
    expect(r.created[0]).toMatchObject({ sightings: 8, bytes: 80_000, packets: 160, firstSeen: T0, lastSeen: T0 + 240 * min, ports: [443], outbound: true, established: true, days: ['2026-11-24'] });
  });

  it('separates institutions, hosts and indicators', () => {
    const r = groupSightings([], [s({}), s({ internalHost: '192.0.2.11' }), s({ indicatorId: 'ind-2' }), s({ institutionId: 'minato', internalHost: '192.0.2.200' })]);
    expect(r.created).toHaveLength(4);
  });

  it('starts a new alert after a quiet window, and the window is configurable', () => {
    const flows = [s({}), s({ start: T0 + 25 * 60 * min, end: T0 + 25 * 60 * min + min })];
    expect(groupSightings([], flows).created).toHaveLength(2);
    expect(groupSightings([], flows, 48 * 60 * min).created).toHaveLength(1);
    expect(groupSightings([], [s({}), s({ start: T0 + 10 * min, end: T0 + 11 * min })], 5 * min).created).toHaveLength(2);
  });

  it('extends an open alert incrementally without changing the input', () => {
    const open: OpenAlert = {
      id: 'a1', institutionId: 'sakura', internalHost: '192.0.2.10', indicatorId: 'ind-1', firstSeen: T0 - 60 * min, lastSeen: T0 - 30 * min,
      sightings: 3, bytes: 300, packets: 9, ports: [443], days: ['2026-11-23'], outbound: false, established: false,
    };
    const r = groupSightings([open], [s({ dstPort: 8443 }), s({ internalHost: '192.0.2.99' })]);
    expect(r.updated).toHaveLength(1);
    expect(r.updated[0]).toMatchObject({ id: 'a1', sightings: 4, bytes: 1300, packets: 14, firstSeen: T0 - 60 * min, lastSeen: T0 + min, ports: [443, 8443], days: ['2026-11-23', '2026-11-24'], outbound: true, established: true });
    expect(open.sightings).toBe(3);
    expect(open.ports).toEqual([443]);
    expect(r.created).toHaveLength(1);
  });

  it('records inbound scans as inbound, with the ports scanned', () => {
    const r = groupSightings([], [s({ internalIsSource: false, srcPort: 41000, dstPort: 22, tcpFlags: 0x02, packets: 1, bytes: 60 }), s({ internalIsSource: false, srcPort: 41001, dstPort: 23, tcpFlags: 0x02, packets: 1, bytes: 60 })]);
    expect(r.created[0]).toMatchObject({ outbound: false, established: false, ports: [22, 23] });
  });
});
