import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TLP_MARKINGS, parsePattern, parseStixBundle } from './stix.ts';

const TLP_FILE = path.resolve(import.meta.dirname, '../../../../shared/fixtures/stix/tlp2-marking-definitions.json');
const haveTlp = fs.existsSync(TLP_FILE);

const indicator = (id: string, pattern: string, extra: object = {}) => ({
  type: 'indicator', spec_version: '2.1', id: `indicator--${id}`, created: '2026-11-20T00:00:00Z', modified: '2026-11-20T00:00:00Z',
  pattern, pattern_type: 'stix', valid_from: '2026-11-20T00:00:00Z', ...extra,
});
const GREEN_V2 = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const AMBER_V1 = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';

// A bundle written for these tests (documentation addresses, invented ids).
const BUNDLE = {
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000000',
  objects: [
    { type: 'identity', id: 'identity--soc', name: 'Consortium SOC', identity_class: 'organization' },
    { type: 'marking-definition', id: 'marking-definition--local-red', definition_type: 'tlp', definition: { tlp: 'red' } },
    indicator('01', "[ipv4-addr:value = '198.51.100.7']", {
      indicator_types: ['malicious-activity'], labels: ['c2'], confidence: 80, valid_until: '2027-01-01T00:00:00Z',
      object_marking_refs: [GREEN_V2], created_by_ref: 'identity--soc', name: 'QakBot C2',
    }),
    indicator('02', "[domain-name:value = 'Evil.Example'] OR [url:value = 'http://evil.example/a.php']", { object_marking_refs: [AMBER_V1, GREEN_V2] }),
    indicator('03', "[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' OR file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']"),
    indicator('04', "[ipv6-addr:value = '2001:db8::bad' OR ipv4-addr:value ISSUBSET '203.0.113.0/24']", { object_marking_refs: ['marking-definition--local-red'] }),
    indicator('05', "[ipv4-addr:value = '192.0.2.1' AND network-traffic:dst_port = 443]"),
    indicator('06', "[network-traffic:dst_port = 443]"),
    indicator('07', "[ipv4-addr:value = '192.0.2.9'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.10'] WITHIN 300 SECONDS"),
    indicator('08', 'alert tcp any any -> any any', { pattern_type: 'snort' }),
    indicator('09', "[ipv4-addr:value = '192.0.2.500']"),
    indicator('10', "[ipv4-addr:value = '192.0.2.11']", { revoked: true }),
    indicator('11', "[ipv4-addr:value != '192.0.2.12']"),
    indicator('12', "[domain-name:value = 'it\\'s.example'", {}),
    { type: 'ipv4-addr', id: 'ipv4-addr--a', value: '192.0.2.33' },
    { type: 'ipv4-addr', id: 'ipv4-addr--b', value: '198.51.100.7' },
    { type: 'domain-name', id: 'domain-name--c', value: 'observed.example' },
    { type: 'malware', id: 'malware--x', name: 'QakBot', is_family: true },
  ],
};

describe('STIX 2.1 bundles', () => {
  const r = parseStixBundle(JSON.stringify(BUNDLE));

  it('takes simple patterns and OR-combinations, and bare observables not already indicated', () => {
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([
      ['ipv4', '198.51.100.7'],
      ['domain', 'evil.example'],
      ['url', 'http://evil.example/a.php'],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['md5', '44d88612fea8a8f36de82e1278abb02f'],
      ['ipv6', '2001:db8::bad'],
      ['cidr', '203.0.113.0/24'],
      ['ipv4', '192.0.2.33'],
      ['domain', 'observed.example'],
    ]);
  });

  it('carries validity, confidence, category, TLP (the stricter of two) and the creator', () => {
    expect(r.indicators[0]).toEqual({
      type: 'ipv4', value: '198.51.100.7', category: 'c2', confidence: 80, firstSeen: '2026-11-20T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z',
      tlp: 'GREEN', source: 'Consortium SOC', externalId: 'indicator--01', description: 'QakBot C2', tags: ['malicious-activity', 'c2'],
    });
    expect(r.indicators[1]?.tlp).toBe('AMBER');
    expect(r.indicators[5]?.tlp).toBe('RED');
    expect(r.indicators[7]).toMatchObject({ externalId: 'ipv4-addr--a', tags: ['stix-observable'] });
  });

  it('reports what it cannot take, with the object id', () => {
    expect(r.errors).toEqual([
      {
        position: 'objects[6] indicator--05',
        message: "indicator--05: unsupported pattern: 'AND' (only comparisons joined by OR are taken): [ipv4-addr:value = '192.0.2.1' AND network-traffic:dst_port = 443]",
      },
      { position: 'objects[7] indicator--06', message: 'indicator--06: unsupported object path network-traffic:dst_port: [network-traffic:dst_port = 443]' },
      {
        position: 'objects[8] indicator--07',
        message: "indicator--07: unsupported pattern: 'FOLLOWEDBY' (only comparisons joined by OR are taken): [ipv4-addr:value = '192.0.2.9'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.10'] WITHIN 300 SECONDS",
      },
      { position: 'objects[9] indicator--08', message: "unsupported pattern_type 'snort' in indicator--08" },
      { position: 'objects[10] indicator--09', message: "'192.0.2.500' is not a valid IPv4 or IPv6 address" },
      { position: 'objects[12] indicator--11', message: "indicator--11: unsupported operator != for ipv4-addr:value: [ipv4-addr:value != '192.0.2.12']" },
      { position: 'objects[13] indicator--12', message: "indicator--12: incomplete pattern: [domain-name:value = 'it\\'s.example'" },
    ]);
    expect(r.warnings).toEqual([{ position: 'objects[11] indicator--10', message: 'revoked indicator left out' }]);
  });

  it('parses pattern syntax: quoted keys, escapes, parentheses', () => {
    expect(parsePattern("([domain-name:value = 'a\\'b.example'] OR ([url:value = 'http://x.example/']))")).toEqual({
      comparisons: [{ kind: 'domain', value: "a'b.example" }, { kind: 'url', value: 'http://x.example/' }],
    });
    expect(parsePattern("[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']")).toEqual({
      comparisons: [{ kind: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }],
    });
    expect(parsePattern("[ipv4-addr:value = '1.2.3.4'")).toEqual({ error: 'incomplete pattern' });
    expect(parsePattern("[ipv4-addr:value = 'x")).toEqual({ error: 'pattern is not valid STIX pattern syntax' });
  });

  it('rejects input that is not JSON or not a bundle', () => {
    expect(parseStixBundle('nope').errors[0]?.message).toMatch(/not valid JSON/);
    expect(parseStixBundle({ type: 'bundle' }).errors).toEqual([{ message: 'bundle has no "objects" array' }]);
  });

  it.skipIf(!haveTlp)('knows the real TLP 2.0 marking ids and reads a TLP 2.0 marking object (../shared/fixtures/stix)', () => {
    const fixture = JSON.parse(fs.readFileSync(TLP_FILE, 'utf8')) as { markings: Record<string, string>; example_object: { id: string } };
    const names: Record<string, string> = { clear: 'CLEAR', green: 'GREEN', amber: 'AMBER', 'amber+strict': 'AMBER+STRICT', red: 'RED' };
    for (const [name, id] of Object.entries(fixture.markings)) expect(TLP_MARKINGS[id]).toBe(names[name]);
    // A bundle carrying the marking object under a fresh id still resolves through its tlp_2_0 extension.
    const custom = { ...fixture.example_object, id: 'marking-definition--11111111-2222-4333-8444-555555555555' };
    const res = parseStixBundle({ type: 'bundle', objects: [custom, indicator('t', "[ipv4-addr:value = '192.0.2.44']", { object_marking_refs: [custom.id] })] });
    expect(res.indicators[0]?.tlp).toBe('AMBER+STRICT');
  });
});
