import { describe, expect, it } from 'vitest';
import { type UrgencyInput, computeUrgency, isEstablished, isOutbound, normaliseCategory } from './urgency.ts';

const base: UrgencyInput = { category: 'c2', confidence: 90, outbound: false, established: false, bytes: 0, packets: 1, sightings: 1, distinctDays: 1 };

describe('urgency', () => {
  it.each<[string, Partial<UrgencyInput>, string, number]>([
    ['C2, outbound, established', { outbound: true, established: true }, 'urgent', 73],
    ['C2, outbound, handshake only', { outbound: true }, 'high', 58],
    ['C2, inbound only', {}, 'normal', 38],
    ['botnet, outbound, established, 2 days', { category: 'botnet', outbound: true, established: true, distinctDays: 2 }, 'urgent', 78],
    // 30 × 0.9 = 27, + 20 + 15 + 5 = 67
    ['malware distribution, outbound, established, 5 MB', { category: 'malware-distribution', confidence: 80, outbound: true, established: true, bytes: 5e6 }, 'high', 67],
    ['scanner, inbound SYN', { category: 'scanner', confidence: 60 }, 'low', 4],
    ['scanner, outbound, established', { category: 'scanner', confidence: 60, outbound: true, established: true }, 'normal', 39],
    ['phishing, outbound, established', { category: 'phishing', confidence: null, outbound: true, established: true }, 'high', 50],
    ['unknown category, inbound', { category: null, confidence: null }, 'low', 11],
    ['C2 from a weak source stays below urgent', { confidence: 10, outbound: true, established: true, bytes: 2e8, sightings: 20, distinctDays: 3 }, 'high', 82],
    ['C&C synonym', { category: 'C&C', outbound: true, established: true }, 'urgent', 73],
  ])('%s', (_name, patch, urgency, score) => {
    const r = computeUrgency({ ...base, ...patch });
    expect(r).toMatchObject({ urgency, score });
  });

  it('gives each point a bilingual reason', () => {
    const r = computeUrgency({ ...base, outbound: true, established: true, sightings: 12, distinctDays: 2, bytes: 2e6 });
    expect(r.reasons.map((x) => x.key)).toEqual(['category.c2', 'direction.outbound', 'connection.established', 'volume.medium', 'repeat.sightings', 'repeat.days']);
    expect(r.reasons.reduce((s, x) => s + x.points, 0)).toBe(r.score);
    for (const x of r.reasons) expect(x.ja.length && x.en.length).toBeTruthy();
  });

  it('folds category synonyms', () => {
    expect(normaliseCategory(' Command and Control ')).toBe('c2');
    expect(normaliseCategory('Malware_Distribution')).toBe('malware-distribution');
    expect(normaliseCategory(null)).toBeNull();
  });
});

describe('connection established', () => {
  it.each<[string, { proto: number; tcpFlags: number; packets: number; bytes: number }, boolean]>([
    ['bare SYN', { proto: 6, tcpFlags: 0x02, packets: 1, bytes: 60 }, false],
    ['SYN-ACK answer to a scan', { proto: 6, tcpFlags: 0x12, packets: 1, bytes: 60 }, false],
    ['RST-ACK', { proto: 6, tcpFlags: 0x14, packets: 1, bytes: 40 }, false],
    ['full session flags', { proto: 6, tcpFlags: 0x1b, packets: 12, bytes: 4000 }, true],
    ['ACK+PSH mid-session (split by active timeout)', { proto: 6, tcpFlags: 0x18, packets: 3, bytes: 900 }, true],
    ['many ACKs', { proto: 6, tcpFlags: 0x10, packets: 8, bytes: 320 }, true],
    ['one UDP packet', { proto: 17, tcpFlags: 0, packets: 1, bytes: 80 }, false],
    ['UDP exchange', { proto: 17, tcpFlags: 0, packets: 10, bytes: 5000 }, true],
  ])('%s', (_n, flow, expected) => expect(isEstablished(flow)).toBe(expected));
});

describe('direction', () => {
  it.each<[string, Parameters<typeof isOutbound>[0], boolean]>([
    ['internal client to a remote HTTPS server', { internalIsSource: true, srcPort: 51234, dstPort: 443, proto: 6 }, true],
    ['internal server answering a scan', { internalIsSource: true, srcPort: 22, dstPort: 40000, proto: 6 }, false],
    ['remote to internal', { internalIsSource: false, srcPort: 40000, dstPort: 22, proto: 6 }, false],
    ['ICMP from the internal host', { internalIsSource: true, srcPort: 0, dstPort: 0, proto: 1 }, true],
  ])('%s', (_n, f, expected) => expect(isOutbound(f)).toBe(expected));
});
