import { describe, expect, it } from 'vitest';
import { parseBlocklist } from './blocklist.ts';

// Written for these tests in the shape of a FireHOL netset and the Spamhaus DROP list (documentation addresses).
const NETSET = `#
# renkei-test-level1
# Maintainer      : Renkei tests
# Entries         : 6 subnets
#
198.51.100.0/24
203.0.113.7
192.0.2.10-192.0.2.20
192.0.2.128 - 192.0.2.255

  2001:db8:bad::/48
10.1.2.3/8
`;

const DROP = `; Spamhaus-style DROP list, test copy
; Last-Modified: Tue, 24 Nov 2026 00:00:00 GMT
198.51.100.0/24 ; SBL100001
203.0.113.0/25 ; SBL100002\r
300.1.1.0/24 ; SBL100003
`;

describe('plain blocklists', () => {
  it('reads a netset: addresses, CIDRs, ranges (with or without spaces), IPv6; comments and blank lines skipped', () => {
    const r = parseBlocklist(NETSET, { source: 'firehol-test', category: 'malware', tlp: 'CLEAR' });
    expect(r.errors).toEqual([]);
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([
      ['cidr', '198.51.100.0/24'],
      ['ipv4', '203.0.113.7'],
      ['range', '192.0.2.10-192.0.2.20'],
      ['cidr', '192.0.2.128/25'],
      ['cidr', '2001:db8:bad::/48'],
      ['cidr', '10.0.0.0/8'],
    ]);
    expect(r.indicators[0]).toEqual({ type: 'cidr', value: '198.51.100.0/24', source: 'firehol-test', category: 'malware', tlp: 'CLEAR', tags: [] });
    expect(r.warnings).toEqual([{ line: 12, message: "'10.1.2.3/8' has host bits set; taken as 10.0.0.0/8" }]);
  });

  it('keeps the SBL number of a DROP entry and reports the bad line by number', () => {
    const r = parseBlocklist(DROP);
    expect(r.indicators.map((i) => [i.value, i.externalId])).toEqual([
      ['198.51.100.0/24', 'SBL100001'],
      ['203.0.113.0/25', 'SBL100002'],
    ]);
    expect(r.errors).toEqual([{ line: 5, message: "'300.1.1.0/24' is not a valid CIDR prefix (address/length, IPv4 0-32, IPv6 0-128)" }]);
  });

  it('reads the JSON-lines form of DROP and skips its metadata line', () => {
    const r = parseBlocklist('{"cidr":"198.51.100.0/24","sblid":"SBL100001","rir":"apnic"}\n{"cidr":"nope"}\n{"type":"metadata","records":2}\n{oops\n');
    expect(r.indicators).toEqual([{ type: 'cidr', value: '198.51.100.0/24', externalId: 'SBL100001', tags: ['rir:apnic'] }]);
    expect(r.errors.map((e) => e.line)).toEqual([2, 4]);
  });

  it('reads domains, hosts-file lines, URLs and defanged values; reports junk', () => {
    const r = parseBlocklist(
      [
        'Evil.Example.',
        '*.phish.example',
        '0.0.0.0 tracker.example ads.example',
        '127.0.0.1 localhost',
        'hxxp://evil[.]example/dl?a=1;b=2',
        'http://evil.example/#frag # comment',
        'not a domain at all!',
        'fe80::1%eth0',
        '010.1.1.1',
        'd41d8cd98f00b204e9800998ecf8427e',
      ].join('\n'),
    );
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([
      ['domain', 'evil.example'],
      ['domain', 'phish.example'],
      ['domain', 'tracker.example'],
      ['domain', 'ads.example'],
      ['url', 'http://evil.example/dl?a=1;b=2'],
      ['url', 'http://evil.example/#frag'],
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ]);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [7, "'not' is not a valid domain name"],
      [8, "'fe80::1%eth0': IPv6 zone ids (%…) are not allowed in indicators"],
      [9, "'010.1.1.1': leading zeros in an IPv4 octet are ambiguous (octal to some tools)"],
    ]);
  });

  it('accepts an empty list and a byte-order mark', () => {
    expect(parseBlocklist('')).toEqual({ indicators: [], errors: [], warnings: [] });
    expect(parseBlocklist('\ufeff192.0.2.1\n').indicators[0]?.value).toBe('192.0.2.1');
  });
});
