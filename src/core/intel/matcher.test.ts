import { describe, expect, it } from 'vitest';
import { FlowBatch } from '../flows/batch.ts';
import { type Indicator, makeIndicator } from './indicator.ts';
import { parseAddress } from './ip.ts';
import { DomainSet, FlowMatcher, SIDE_SRC, Sightings, buildIndicatorIndex, buildMemberSet, matchDns } from './matcher.ts';

const members = buildMemberSet([
  { institution: 'i-sakura', prefixes: ['133.1.0.0/16', '2001:db8:100::/48'], domains: ['sakura-u.ac.jp'] },
  { institution: 'i-minato', prefixes: ['133.2.0.0/16', '133.1.200.0/24'] },
]);

const ind = (type: Indicator['type'], value: string, extra: Partial<Indicator> = {}) => makeIndicator({ type, value, ...extra });
const indicators: Indicator[] = [
  ind('ipv4', '198.51.100.7', { category: 'c2' }),
  ind('cidr', '203.0.113.0/24', { category: 'scanner' }),
  ind('ipv6', '2001:db8:bad::1'),
  ind('ipv4', '133.2.9.9', { category: 'c2' }), // a member's host listed in a feed
  ind('ipv4', '192.0.2.50', { validUntil: '2020-01-01T00:00:00Z' }), // expired
  ind('domain', 'evil.example'),
  ind('url', 'http://evil.example/payload.bin'),
  ind('ipv4', '192.0.2.60', { validUntil: '2026-11-24T12:00:00Z' }),
];
const NOW = Date.parse('2026-11-24T00:00:00Z');

function flows(rows: [string, string, number?][]): FlowBatch {
  const b = new FlowBatch(rows.length);
  for (const [src, dst, start] of rows) {
    const row = b.next();
    const s = parseAddress(src)!;
    const d = parseAddress(dst)!;
    b.family[row] = s.family;
    b.src.set(s.words, row * 4);
    b.dst.set(d.words, row * 4);
    b.start[row] = start ?? NOW;
  }
  return b;
}

const list = (s: Sightings) =>
  Array.from({ length: s.length }, (_, k) => [s.row[k], s.institution[k], s.side[k] === SIDE_SRC ? 'src' : 'dst', s.indicator[k]]);

describe('flow matching', () => {
  const index = buildIndicatorIndex(indicators, NOW);
  const matcher = new FlowMatcher(members.addresses, index.addresses, { validUntil: index.validUntil });

  it('indexes what can match flows and counts the rest', () => {
    expect(index.counts).toEqual({ addresses: 5, domains: 1, expired: 1, notMatchable: 1, invalid: 0 });
  });

  it('reports a member host talking to an indicator, in either direction, with the most specific member', () => {
    const b = flows([
      ['133.1.5.5', '198.51.100.7'], // sakura host → C2
      ['203.0.113.9', '133.2.0.1'], // scanner → minato host
      ['133.1.200.4', '198.51.100.7'], // minato's /24 inside sakura's /16
      ['8.8.8.8', '198.51.100.7'], // no member side
      ['133.1.5.5', '8.8.8.8'], // no indicator
      ['2001:db8:100::5', '2001:db8:bad::1'], // IPv6
      ['133.1.1.1', '192.0.2.50'], // expired indicator: not indexed
    ]);
    const out = new Sightings(64);
    expect(matcher.match(b, out)).toBe(b.length);
    expect(list(out)).toEqual([
      [0, 0, 'src', 0],
      [1, 1, 'dst', 1],
      [2, 1, 'src', 0],
      [5, 0, 'src', 2],
    ]);
  });

  it('checks both ways between two members (one member host listed as an indicator)', () => {
    const out = new Sightings(8);
    matcher.match(flows([['133.1.7.7', '133.2.9.9']]), out);
    expect(list(out)).toEqual([[0, 0, 'src', 3]]);
  });

  it('drops a hit whose indicator had expired when the flow started', () => {
    const out = new Sightings(8);
    matcher.match(flows([['133.1.7.7', '192.0.2.60', Date.parse('2026-11-24T11:00:00Z')], ['133.1.7.7', '192.0.2.60', Date.parse('2026-11-24T13:00:00Z')]]), out);
    expect(list(out)).toEqual([[0, 0, 'src', 7]]);
  });

  it('stops before the output is full and resumes where it stopped', () => {
    const rows = Array.from({ length: 10 }, () => ['133.1.0.1', '198.51.100.7'] as [string, string]);
    const b = flows(rows);
    const out = new Sightings(4);
    const seen: number[] = [];
    let from = 0;
    while (from < b.length) {
      out.clear();
      from = matcher.match(b, out, from);
      seen.push(...out.row.slice(0, out.length));
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('names the member and the prefix when the registry has a bad prefix', () => {
    expect(() => buildMemberSet([{ institution: 'i-aoba', prefixes: ['133.3.0.0/33'] }])).toThrow(/i-aoba.*133\.3\.0\.0\/33/);
  });
});

describe('domains', () => {
  const set = new DomainSet();
  set.add('evil.example', 0);
  set.add('cdn.evil.example', 1, 'exact');
  set.add('bücher.example', 2);
  set.add('ads.tracker.example', 3);

  it.each([
    ['evil.example', 0], ['EVIL.Example.', 0], ['a.b.evil.example', 0], ['cdn.evil.example', 1], ['x.cdn.evil.example', 0], ['notevil.example', -1],
    ['example', -1], ['xn--bcher-kva.example', 2], ['BÜCHER.example', 2], ['www.bücher.example', 2], ['tracker.example', -1], ['', -1],
  ])('%j → %i', (name, payload) => expect(set.lookup(name)).toBe(payload));

  it('refuses names that are not domains', () => {
    expect(set.add('com', 9)).toBe(false);
    expect(set.add('1.2.3.4', 9)).toBe(false);
    expect(set.add('bad domain.example', 9)).toBe(false);
  });

  it('looks up many names at once', () => {
    const out = new Int32Array(3);
    set.lookupMany(['evil.example', 'ok.example', 'cdn.evil.example'], out);
    expect([...out]).toEqual([0, -1, 1]);
  });

  it('matches DNS queries from member clients against domain indicators', () => {
    const index = buildIndicatorIndex(indicators, NOW);
    const client = new Uint32Array(12);
    client.set(parseAddress('133.1.2.3')!.words, 0);
    client.set(parseAddress('8.8.8.8')!.words, 4);
    client.set(parseAddress('133.2.2.2')!.words, 8);
    const out = new Sightings(8);
    matchDns({ length: 3, family: new Uint8Array([4, 4, 4]), client, query: ['www.evil.example', 'evil.example', 'good.example'] }, members.addresses, index.domains, out);
    expect(list(out)).toEqual([[0, 0, 'src', 5]]);
    expect(members.domains.lookup('mail.sakura-u.ac.jp')).toBe(0);
  });
});
