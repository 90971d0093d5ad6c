import { describe, expect, it } from 'vitest';
import { parseZeekIntel } from './zeek-intel.ts';

const T = '\t';
const row = (...f: string[]) => f.join(T);
const FILE = [
  row('#fields', 'indicator', 'indicator_type', 'meta.source', 'meta.desc', 'meta.url'),
  row('198.51.100.14', 'Intel::ADDR', 'renkei-soc', 'SSH brute force scanner', '-'),
  row('203.0.113.0/24', 'Intel::SUBNET', 'renkei-soc', 'C2 hosting range', 'https://intel.example/r/1'),
  row('Login.Phish.Example', 'Intel::DOMAIN', 'renkei-soc', 'phishing kit host', '-'),
  row('evil.example/gate.php', 'Intel::URL', 'renkei-soc', '-', '-'),
  row('44D88612FEA8A8F36DE82E1278ABB02F', 'Intel::FILE_HASH', 'renkei-soc', 'EICAR', '-'),
  row('alice@example.org', 'Intel::EMAIL', 'renkei-soc', '-', '-'),
  '198.51.100.15 Intel::ADDR renkei-soc - -',
  row('198.51.100.0/24', 'Intel::ADDR', 'renkei-soc', '-', '-'),
  row('nope', 'Intel::ADDR', 'renkei-soc', '-', '-'),
  row('x', 'Bogus::TYPE', 'renkei-soc', '-', '-'),
  '',
].join('\n');

describe('Zeek intel files', () => {
  it('takes addresses, subnets, domains, URLs and hashes with source and description', () => {
    const r = parseZeekIntel(FILE);
    expect(r.indicators.map((i) => [i.type, i.value, i.category])).toEqual([
      ['ipv4', '198.51.100.14', 'bruteforce'],
      ['cidr', '203.0.113.0/24', 'c2'],
      ['domain', 'login.phish.example', 'phishing'],
      ['url', 'http://evil.example/gate.php', undefined],
      ['md5', '44d88612fea8a8f36de82e1278abb02f', undefined],
    ]);
    expect(r.indicators[0]).toMatchObject({ source: 'renkei-soc', description: 'SSH brute force scanner' });
  });

  it('reports malformed lines by number and what was left out', () => {
    const r = parseZeekIntel(FILE);
    expect(r.errors).toEqual([
      { line: 8, message: 'expected 5 fields, found 1 (columns must be separated by tabs, not spaces)' },
      { line: 9, message: "Intel::ADDR needs a single address, not '198.51.100.0/24' (use Intel::SUBNET)" },
      { line: 10, message: "'nope' is not a valid IPv4 or IPv6 address" },
      { line: 11, message: "unknown indicator_type 'Bogus::TYPE'" },
    ]);
    expect(r.warnings).toEqual([{ line: 7, message: '1 Intel::EMAIL entry left out (type not matched by Renkei), lines 7' }]);
  });

  it('needs a #fields line before data', () => {
    const r = parseZeekIntel(row('192.0.2.1', 'Intel::ADDR'));
    expect(r.errors).toEqual([{ line: 1, message: 'data before a #fields line naming the columns' }]);
  });

  it('honours #separator and the set separator for tags', () => {
    const text = ['#separator \\x7c', '#set_separator|;', '#fields|indicator|indicator_type|meta.tags', '192.0.2.5|Intel::ADDR|tor;exit'].join('\n');
    const r = parseZeekIntel(text);
    expect(r.errors).toEqual([]);
    expect(r.indicators).toEqual([{ type: 'ipv4', value: '192.0.2.5', category: 'anonymisation', tags: ['tor', 'exit'] }]);
  });
});
