import { describe, expect, it } from 'vitest';
import {
  compareWords, describeIpError, formatIPv6, parseAddress, parseCidr, parseIPv4, parseIPv6, parseIpBounds, parseIpLike, parseRange, rangeAsPrefix,
} from './ip.ts';

const hex = (w: readonly number[] | undefined) => w?.map((x) => x.toString(16).padStart(8, '0')).join(' ');

describe('IPv4 text', () => {
  it('reads dotted quads at the edges of the range', () => {
    expect(parseIPv4('0.0.0.0')).toBe(0);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('192.0.2.1')).toBe(0xc0000201);
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '01.2.3.4', '1.2.3.04', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.a', '0x1.2.3.4', '1234.1.1.1', ''])(
    'rejects %j',
    (s) => expect(parseIPv4(s)).toBeUndefined(),
  );

  it('explains leading zeros (octal to inet_aton)', () => {
    expect(describeIpError('010.0.0.1')).toMatch(/leading zeros/);
  });
});

describe('IPv6 text', () => {
  it.each([
    ['::', '00000000 00000000 00000000 00000000'],
    ['::1', '00000000 00000000 00000000 00000001'],
    ['1::', '00010000 00000000 00000000 00000000'],
    ['2001:db8::1', '20010db8 00000000 00000000 00000001'],
    ['2001:DB8:0:0:8:800:200C:417A', '20010db8 00000000 00080800 200c417a'],
    ['fe80::1:2:3:4:5:6', 'fe800000 00010002 00030004 00050006'],
    ['::ffff:192.0.2.1', '00000000 00000000 0000ffff c0000201'],
    ['64:ff9b::192.0.2.33', '0064ff9b 00000000 00000000 c0000221'],
    ['1:2:3:4:5:6:7:8', '00010002 00030004 00050006 00070008'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002 00030004 00050006 01020304'],
    ['1:0:0:0:0:0:0:1', '00010000 00000000 00000000 00000001'],
    ['1:2:3:4:5:6:7::', '00010002 00030004 00050006 00070000'],
  ])('reads %s', (s, words) => expect(hex(parseIPv6(s))).toBe(words));

  it.each([
    'fe80::1%eth0', 'fe80::1%1', ':::', '1:::2', '1::2::3', ':1::2', '1::2:', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1',
    '1.2.3.4::', '::1.2.3.4:5', '::256.1.1.1', '1:2:3:4:5:6:7:1.2.3.4', '::ffff:01.2.3.4', ':', '',
  ])('rejects %j', (s) => expect(parseIPv6(s)).toBeUndefined());

  it('says zone ids are not allowed', () => {
    expect(describeIpError('fe80::1%eth0')).toMatch(/zone/);
  });

  it('formats as RFC 5952 (lower case, longest zero run, mapped IPv4 in mixed form)', () => {
    const f = (s: string) => formatIPv6(parseIPv6(s)!);
    expect(f('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(f('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(f('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(f('0:0:0:0:0:0:0:0')).toBe('::');
    expect(f('::ffff:c000:201')).toBe('::ffff:192.0.2.1');
  });

  it('treats IPv4-mapped text as IPv4, as FlowBatch stores it', () => {
    expect(parseAddress('::ffff:192.0.2.1')).toEqual({ family: 4, words: [0, 0, 0xffff, 0xc0000201] });
    expect(parseAddress('192.0.2.1')).toEqual({ family: 4, words: [0, 0, 0xffff, 0xc0000201] });
    expect(parseAddress('::192.0.2.1')?.family).toBe(6);
    expect(parseIpLike('::FFFF:192.0.2.1')?.value).toBe('192.0.2.1');
  });
});

describe('CIDR and ranges', () => {
  it('normalises host bits and reports them', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ family: 4, network: [0, 0, 0xffff, 0x0a000000], prefix: 8, hostBits: true });
    expect(parseCidr('10.0.0.0/8')?.hostBits).toBe(false);
    expect(parseCidr('2001:db8::1/32')).toMatchObject({ family: 6, prefix: 32, hostBits: true });
    const p = parseIpLike('2001:db8:1::1/32');
    expect(p).toMatchObject({ kind: 'cidr', value: '2001:db8::/32', hostBits: true });
  });

  it('handles /0 and full-length prefixes', () => {
    expect(parseIpLike('0.0.0.0/0')).toMatchObject({ kind: 'cidr', lo: [0, 0, 0xffff, 0], hi: [0, 0, 0xffff, 0xffffffff] });
    expect(parseIpLike('::/0')).toMatchObject({ kind: 'cidr', lo: [0, 0, 0, 0], hi: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] });
    expect(parseIpLike('192.0.2.7/32')).toMatchObject({ kind: 'address', value: '192.0.2.7' });
    expect(parseIpLike('2001:db8::7/128')).toMatchObject({ kind: 'address', value: '2001:db8::7' });
  });

  it('reads a mapped IPv6 prefix of /96 or longer as IPv4', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseCidr('::ffff:0:0/95')).toMatchObject({ family: 6, prefix: 95 });
  });

  it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/8/8', '/8', '2001:db8::/129', '10.0.0.0/-1', '10.0.0.0/ 8'])('rejects %j', (s) => {
    expect(parseCidr(s)).toBeUndefined();
    expect(describeIpError(s)).toMatch(/CIDR|range|address/);
  });

  it('reads ranges, keeps them as ranges unless they are one block', () => {
    expect(parseRange('192.0.2.10 - 192.0.2.20')).toMatchObject({ family: 4 });
    expect(parseIpLike('192.0.2.10-192.0.2.20')).toMatchObject({ kind: 'range', value: '192.0.2.10-192.0.2.20' });
    expect(parseIpLike('192.0.2.0-192.0.2.255')).toMatchObject({ kind: 'cidr', value: '192.0.2.0/24' });
    expect(parseIpLike('192.0.2.9-192.0.2.9')).toMatchObject({ kind: 'address', value: '192.0.2.9' });
    expect(parseIpLike('2001:db8::-2001:db8::ffff')).toMatchObject({ kind: 'cidr', value: '2001:db8::/112' });
    expect(parseRange('192.0.2.20-192.0.2.10')).toBeUndefined();
    expect(parseRange('192.0.2.1-2001:db8::1')).toBeUndefined();
    expect(parseRange('1.2.3.4-5.6.7.8-9.9.9.9')).toBeUndefined();
  });

  it('recognises exact blocks and nothing else', () => {
    const w = (a: string) => parseAddress(a)!.words;
    expect(rangeAsPrefix(w('10.0.0.0'), w('10.255.255.255'))).toBe(104);
    expect(rangeAsPrefix(w('10.0.0.1'), w('10.0.0.2'))).toBe(-1);
    expect(rangeAsPrefix(w('10.0.0.0'), w('10.0.0.2'))).toBe(-1);
    expect(rangeAsPrefix(w('::'), w('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe(0);
  });

  it('compares addresses across families in one ordering', () => {
    const w = (a: string) => parseAddress(a)!.words;
    expect(compareWords(w('::1'), w('0.0.0.0'))).toBe(-1);
    expect(compareWords(w('255.255.255.255'), w('2001:db8::'))).toBe(-1);
    expect(compareWords(w('10.0.0.1'), w('::ffff:10.0.0.1'))).toBe(0);
  });

  it('gives bounds without allocating for stored values, agreeing with parseIpLike', () => {
    const out = new Uint32Array(8);
    for (const s of ['192.0.2.1', '10.0.0.0/8', '10.1.2.3/8', '2001:db8::/32', '192.0.2.1-192.0.2.9', '2001:db8::1', '::ffff:1.2.3.4']) {
      const p = parseIpLike(s)!;
      expect(parseIpBounds(s, out)).toBe(p.family);
      expect([...out]).toEqual([...p.lo, ...p.hi]);
    }
    expect(parseIpBounds('not an address', out)).toBe(0);
    expect(parseIpBounds('10.0.0.0/40', out)).toBe(0);
  });

  it('rejects long hostile input outright (length checks come first, scanners are linear)', () => {
    expect(parseIpLike(`${'1:'.repeat(50_000)}x`)).toBeUndefined();
    expect(parseIpLike('1'.repeat(100_000))).toBeUndefined();
    expect(parseIpLike(`${'1.'.repeat(50_000)}/8`)).toBeUndefined();
  });
});
