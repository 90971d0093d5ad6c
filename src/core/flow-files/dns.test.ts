import { describe, expect, it } from 'vitest';
import { formatAddress } from '../flows/batch.ts';
import { makeIndicator } from '../intel/indicator.ts';
import { SIDE_SRC, Sightings, buildIndicatorIndex, buildMemberSet, matchDns } from '../intel/matcher.ts';
import { DNS_RCODES, DnsBatch, DnsLogReader, RCODE_UNKNOWN, detectDnsLogFormat, readDnsLog } from './dns.ts';

const T = '\t';
/** A Zeek 6 dns.log as `zeek -r trace.pcap` writes it (TSV, default separators). */
const header = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tdns',
  '#open\t2026-11-24-10-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool',
];
const dns = (...cols: (string | number)[]) => cols.join(T);
const lines = [
  dns('1795500000.123456', 'CHhAvVGS1DHFjwGM9', '192.0.2.10', 51234, '192.0.2.53', 53, 'udp', 4711, '0.012345', 'www.Evil.example', 1, 'C_INTERNET', 1, 'A', 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, '203.0.113.66', '300.000000', 'F'),
  dns('1795500001.000000', 'C2', '2001:db8:100::7', 40000, '2001:db8:100::53', 53, 'udp', 4712, '-', 'evil.example.', 1, 'C_INTERNET', 28, 'AAAA', 3, 'NXDOMAIN', 'F', 'F', 'T', 'T', 0, '-', '-', 'F'),
  // No query (a response Zeek could not pair): malformed.
  dns('1795500002.000000', 'C3', '192.0.2.11', 40001, '192.0.2.53', 53, 'udp', 4713, '-', '-', '-', '-', '-', '-', '-', '-', 'F', 'F', 'F', 'F', 0, '-', '-', 'F'),
  // A tab inside the query name is escaped by Zeek.
  dns('1795500003.000000', 'C4', '192.0.2.12', 40002, '192.0.2.53', 53, 'udp', 4714, '0.001', 'odd\\x09name.example', 1, 'C_INTERNET', 1, 'A', 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, '(empty)', '(empty)', 'F'),
  dns('1795500004.000000', 'C5', '198.51.100.9', 40003, '192.0.2.53', 53, 'tcp', 4715, '0.002', 'good.example', 1, 'C_INTERNET', 16, 'TXT', 5, 'REFUSED', 'F', 'F', 'T', 'T', 0, '-', '-', 'F'),
];
const tsv = [...header, ...lines, '#close\t2026-11-24-11-00-00', ''].join('\n');

function rows(batches: DnsBatch[]) {
  return batches.flatMap((b) =>
    Array.from({ length: b.length }, (_, i) => ({
      client: formatAddress(b.client, i, b.family[i]!), query: b.query[i], start: b.start[i], rcode: b.rcode[i] === RCODE_UNKNOWN ? null : DNS_RCODES[b.rcode[i]!], line: b.line[i],
    })),
  );
}

describe('DNS log reader', () => {
  it('reads Zeek dns.log TSV: lower-case names without the trailing dot, escapes, unset and empty fields', () => {
    const { batches, report } = readDnsLog(tsv);
    expect(report).toMatchObject({ format: 'zeek', form: 'tsv', queries: 4, skipped: 1, complete: false, issues: [{ line: 11, message: '問い合わせ名がありません。この行を読み飛ばしました / no query name: skipped' }] });
    expect(rows(batches)).toEqual([
      { client: '192.0.2.10', query: 'www.evil.example', start: 1795500000123, rcode: 'NOERROR', line: 9 },
      { client: '2001:db8:100::7', query: 'evil.example', start: 1795500001000, rcode: 'NXDOMAIN', line: 10 },
      { client: '192.0.2.12', query: 'odd\tname.example', start: 1795500003000, rcode: 'NOERROR', line: 12 },
      { client: '198.51.100.9', query: 'good.example', start: 1795500004000, rcode: 'REFUSED', line: 13 },
    ]);
  });

  it('reads Zeek JSON lines (ts as epoch seconds or ISO 8601)', () => {
    const json = [
      JSON.stringify({ ts: 1795500000.5, uid: 'C1', 'id.orig_h': '192.0.2.10', 'id.orig_p': 5353, 'id.resp_h': '192.0.2.53', 'id.resp_p': 53, proto: 'udp', query: 'C2.EVIL.example', rcode: 0, rcode_name: 'NOERROR', answers: ['203.0.113.66'], TTLs: [300] }),
      JSON.stringify({ ts: '2026-11-24T10:00:01.000000Z', uid: 'C2', 'id.orig_h': '192.0.2.11', 'id.resp_h': '192.0.2.53', query: 'x.example', rcode_name: 'NXDOMAIN' }),
      JSON.stringify({ ts: 1795500002, uid: 'C3', 'id.resp_h': '192.0.2.53', query: 'no-client.example' }),
      '{"ts": 1795500003, "id.orig_h": "192.0.2.12", "query": "broken',
    ].join('\n');
    expect(detectDnsLogFormat(json)).toBe('zeek');
    const { batches, report } = readDnsLog(json);
    expect(report).toMatchObject({ format: 'zeek', form: 'json', queries: 2, skipped: 2 });
    expect(report.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(report.issues[0]!.message).toBe('クライアントのアドレスがありません。この行を読み飛ばしました / no client address: skipped');
    expect(report.issues[1]!.message).toMatch(/^JSON として読めません（Unte.*）。この行を読み飛ばしました \/ not valid JSON \(Unte.*\): skipped$/);
    expect(rows(batches)).toEqual([
      { client: '192.0.2.10', query: 'c2.evil.example', start: 1795500000500, rcode: 'NOERROR', line: 1 },
      { client: '192.0.2.11', query: 'x.example', start: Date.parse('2026-11-24T10:00:01Z'), rcode: 'NXDOMAIN', line: 2 },
    ]);
  });

  it('reads CSV with a header (ts,client,query, or other accepted names) and plain JSON lines', () => {
    const csv = '# exported from the resolver\nts,client,query\n2026-11-24T10:00:00Z,192.0.2.10,Evil.Example.\n2026-11-24T10:00:01Z,,evil.example\n"2026-11-24T10:00:02Z","192.0.2.11","a,b.example"\nyesterday,192.0.2.12,evil.example\n';
    expect(detectDnsLogFormat(csv)).toBe('csv');
    const { batches, report } = readDnsLog(csv);
    expect(report).toMatchObject({ format: 'csv', queries: 2, skipped: 2, columns: { client: 'client', query: 'query', ts: 'ts' } });
    expect(report.issues).toEqual([
      { line: 4, message: 'クライアントのアドレスがありません。この行を読み飛ばしました / no client address: skipped' },
      { line: 6, message: 'ts「yesterday」は時刻として読めません。この行を読み飛ばしました / ts "yesterday" is not a time: skipped' },
    ]);
    expect(rows(batches).map((r) => [r.client, r.query])).toEqual([['192.0.2.10', 'evil.example'], ['192.0.2.11', 'a,b.example']]);

    const other = readDnsLog('time;src_ip;qname\n2026-11-24 10:00:00;192.0.2.10;evil.example\n');
    expect(other.report).toMatchObject({ queries: 1, columns: { client: 'src_ip', query: 'qname', ts: 'time' } });
    const jsonl = readDnsLog('{"ts":"2026-11-24T10:00:00Z","client":"192.0.2.10","query":"evil.example"}\n', { format: 'jsonl' });
    expect(jsonl.report).toMatchObject({ format: 'jsonl', queries: 1, skipped: 0, complete: true });
  });

  it('stops with a clear reason on input that is not a DNS log, and never throws', () => {
    expect(readDnsLog('').report.fatal?.message).toBe('入力が空です（DNS の問い合わせがありません） / empty input: no DNS queries');
    expect(readDnsLog('#separator \\x09\n#path\tconn\n').report.fatal?.message).toBe("これは Zeek の conn.log で、dns.log ではありません / this is Zeek's conn.log, not dns.log");
    expect(readDnsLog('ts,src,dst\n1,2,3\n').report.fatal?.message).toMatch(/^見出し行に query の列がありません（使える列名: .* \/ the header names no query column/);
    expect(readDnsLog('hello\n', { format: 'zeek' }).report.fatal?.message).toMatch(/^Zeek の dns\.log ではありません（TSV の `#separator`\/`#fields` 見出し行か JSON オブジェクトが必要です） \/ not a Zeek dns\.log/);
    expect(readDnsLog(Uint8Array.from([0xff, 0x00, 0x12, 0x0a, 0x80])).report.complete).toBe(false);
    const wrongWidth = readDnsLog([...header, dns('1', 'C1', '192.0.2.10'), ''].join('\n'));
    expect(wrongWidth.report.issues[0]).toEqual({ line: 9, message: '列が 3 個ありますが、#fields 見出し行は 24 列です。この行を読み飛ばしました / 3 columns, the #fields header has 24: skipped' });
  });

  it('streams: lines across chunks, full batches to the sink, reused batch', () => {
    const seen: string[] = [];
    let lengths: number[] = [];
    const r = new DnsLogReader((b) => {
      lengths.push(b.length);
      for (let i = 0; i < b.length; i++) seen.push(b.query[i]!);
    }, { batchSize: 2, reuseBatch: true });
    for (let i = 0; i < tsv.length; i += 7) r.push(new TextEncoder().encode(tsv.slice(i, i + 7)));
    expect(r.end()).toMatchObject({ queries: 4, skipped: 1 });
    expect(lengths).toEqual([2, 2]);
    expect(seen).toEqual(['www.evil.example', 'evil.example', 'odd\tname.example', 'good.example']);
    lengths = [];
  });

  it('feeds matchDns: a member client asking for an indicator domain or a subdomain is a sighting', () => {
    const members = buildMemberSet([{ institution: 'sakura', prefixes: ['192.0.2.0/24', '2001:db8:100::/48'] }]);
    const index = buildIndicatorIndex([makeIndicator({ type: 'domain', value: 'evil.example' }), makeIndicator({ type: 'domain', value: 'good.example', validUntil: '2020-01-01T00:00:00Z' })], -Infinity);
    const { batches } = readDnsLog(tsv);
    const out = new Sightings(16);
    matchDns(batches[0]!, members.addresses, index.domains, out, { validUntil: index.validUntil });
    expect(Array.from({ length: out.length }, (_, k) => [batches[0]!.query[out.row[k]!], out.institution[k], out.side[k], out.indicator[k]])).toEqual([
      ['www.evil.example', 0, SIDE_SRC, 0],
      ['evil.example', 0, SIDE_SRC, 0],
    ]);
  });
});
