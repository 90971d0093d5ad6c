import { describe, expect, it } from 'vitest';
import { formatAddress, type FlowBatch } from '../flows/batch.ts';
import { FlowTextReader, NFDUMP_CSV_HEADER, readFlowText, splitCsv } from './csv.ts';
import { parseProto, parseTcpFlags, parseTime } from './fields.ts';
import { readZeekConn } from './zeek.ts';

function rows(batches: FlowBatch[]) {
  return batches.flatMap((b) =>
    Array.from({ length: b.length }, (_, i) => ({
      src: formatAddress(b.src, i, b.family[i]!), dst: formatAddress(b.dst, i, b.family[i]!), sport: b.srcPort[i], dport: b.dstPort[i],
      proto: b.proto[i], flags: b.tcpFlags[i], packets: b.packets[i], bytes: b.bytes[i], start: b.start[i], end: b.end[i], sampling: b.sampling[i],
    })), // prettier-ignore
  );
}
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('CSV flows', () => {
  it('maps common column names, protocol names and times', () => {
    const csv = [
      'src_ip,dst_ip,src_port,dst_port,protocol,packets,bytes,start,end,tcp_flags',
      '192.0.2.1,198.51.100.2,51000,443,tcp,10,5000,2024-05-01T12:00:00Z,2024-05-01T12:00:05.250Z,0x1b',
      '192.0.2.1,198.51.100.2,5353,53,UDP,1,80,1714564800,1714564800.5,',
      '2001:db8::1,2001:db8::2,0,34816,ipv6-icmp,1,64,1714564800000,1714564800000,',
      '"192.0.2.9","198.51.100.9",1,2,6,1,40,2024-05-01 12:00:00.125,2024-05-01 21:00:00+09:00,SA',
    ].join('\n');
    const { batches, report } = readFlowText(csv, { batchSize: 3 });
    expect(report).toMatchObject({ format: 'csv', delimiter: ',', flows: 4, complete: true, ignored: [] });
    expect(report.columns).toEqual({ src: 'src_ip', dst: 'dst_ip', srcPort: 'src_port', dstPort: 'dst_port', proto: 'protocol', packets: 'packets', bytes: 'bytes', start: 'start', end: 'end', tcpFlags: 'tcp_flags' });
    expect(batches.map((b) => b.length)).toEqual([3, 1]);
    const r = rows(batches);
    expect(r[0]).toEqual({ src: '192.0.2.1', dst: '198.51.100.2', sport: 51000, dport: 443, proto: 6, flags: 0x1b, packets: 10, bytes: 5000, start: T0, end: T0 + 5250, sampling: 1 });
    expect(r[1]).toMatchObject({ proto: 17, start: T0, end: T0 + 500, flags: 0 });
    expect(r[2]).toMatchObject({ src: '2001:db8::1', proto: 58, dport: 34816, start: T0 });
    expect(r[3]).toMatchObject({ src: '192.0.2.9', flags: 0x12, start: T0 + 125, end: T0 });
  });

  it("reads nfdump's own CSV: header, Summary trailer, ICMP in dp, in+out counters, td", () => {
    const csv = [
      NFDUMP_CSV_HEADER,
      '2024-05-01 12:00:00,2024-05-01 12:00:02,2.000,10.0.0.1,10.0.0.2,54435,22,TCP,...AP.SF,0,0,5,230,4,300,0,0,0,0,0,0,0,0,0.0.0.0,0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,    0.000,    0.000,    0.000,127.0.0.1,0/0,1,2026-11-24 12:05:03.481',
      '2024-05-01 12:00:00,2024-05-01 12:00:00,0.000,10.0.0.1,10.0.0.3,0,2048,ICMP,........,0,0,1,84,0,0,0,0,0,0,0,0,0,0,0.0.0.0,0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,    0.000,    0.000,    0.000,127.0.0.1,0/0,1,2026-11-24 12:05:03.481',
      'Summary',
      'flows,bytes,packets,avg_bps,avg_pps,avg_bpp',
      '2,614,10,515,49,3',
    ].join('\n');
    const { batches, report } = readFlowText(csv);
    expect(report).toMatchObject({ flows: 2, complete: true });
    expect(report.columns).toMatchObject({ src: 'sa', dst: 'da', srcPort: 'sp', dstPort: 'dp', proto: 'pr', tcpFlags: 'flg', packets: 'ipkt', outPackets: 'opkt', bytes: 'ibyt', outBytes: 'obyt', start: 'ts', end: 'te', duration: 'td' });
    expect(rows(batches)).toEqual([
      { src: '10.0.0.1', dst: '10.0.0.2', sport: 54435, dport: 22, proto: 6, flags: 0x1b, packets: 9, bytes: 530, start: T0, end: T0 + 2000, sampling: 1 },
      { src: '10.0.0.1', dst: '10.0.0.3', sport: 0, dport: 2048, proto: 1, flags: 0, packets: 1, bytes: 84, start: T0, end: T0, sampling: 1 },
    ]);
    // `nfdump -q -o csv` has no header: recognised by nfdump's 48 columns.
    const headerless = readFlowText(csv.split('\n').slice(1, 3).join('\n'));
    expect(headerless.report).toMatchObject({ flows: 2, headerAssumed: 'nfdump', complete: true });
  });

  it('skips malformed lines with their numbers and reports what was taken', () => {
    const csv = [
      'sa;da;sp;dp;pr;ipkt;ibyt;ts;note',
      '10.0.0.1;10.0.0.2;1;2;6;1;40;1714564800;ok',
      '10.0.0.1;10.0.0.2;1;2;6;1;40',
      '10.0.0.1;nowhere;1;2;6;1;40;1714564800;x',
      '10.0.0.1;10.0.0.2;1;99999;6;1;40;1714564800;x',
      '10.0.0.1;10.0.0.2;1;2;FOO;1;40;1714564800;x',
      '10.0.0.1;10.0.0.2;1;2;6;-1;40;1714564800;x',
      '10.0.0.1;10.0.0.2;1;2;6;1;40;31/12/2024;x',
      '10.0.0.1;::1;1;2;6;1;40;1714564800;x',
      '"10.0.0.1;10.0.0.2;1;2;6;1;40;1714564800;x',
      '10.0.0.1;10.0.0.2;1;2;6;2;80;1714564800;ok',
    ].join('\r\n');
    const { report } = readFlowText(csv);
    expect(report).toMatchObject({ delimiter: ';', flows: 2, skipped: 8, complete: false, lines: 11, ignored: ['note'] });
    expect(report.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '3: 列が 7 個ありますが、見出し行は 9 列です。この行を読み飛ばしました / 7 columns, the header has 9: skipped',
      '4: 宛先アドレス「nowhere」は IP アドレスではありません。この行を読み飛ばしました / destination address "nowhere" is not an IP address: skipped',
      '5: ポート「99999」が 0-65535 の範囲にありません。この行を読み飛ばしました / port "99999" is not 0-65535: skipped',
      '6: プロトコル「FOO」は不明です。この行を読み飛ばしました / protocol "FOO" is not known: skipped',
      '7: packets「-1」は個数として読めません。この行を読み飛ばしました / packets "-1" is not a count: skipped',
      '8: 開始時刻「31/12/2024」は時刻として読めません。この行を読み飛ばしました / start time "31/12/2024" is not a time: skipped',
      '9: 送信元 10.0.0.1 と宛先 ::1 の IP のバージョンが異なります。この行を読み飛ばしました / source 10.0.0.1 and destination ::1 are of different IP versions: skipped',
      '10: 引用符で囲んだ値が閉じていません。この行を読み飛ばしました / unterminated quoted field: skipped',
    ]);
  });

  it('refuses a header without address columns, naming what it accepts', () => {
    const { report } = readFlowText('time,host,bytes\n1,2,3\n');
    expect(report.fatal?.message).toMatch(/^見出し行に送信元・宛先アドレスの列がありません（使える列名: src, srcaddr, srcip, sa.* \/ the header names no source or destination address column \(accepted: src, srcaddr, srcip, sa/);
    expect(readFlowText('').report.fatal?.message).toBe('入力が空です（フローの記録がありません） / empty input: no flow records');
  });

  it('takes an explicit column mapping over the aliases', () => {
    const { batches } = readFlowText('a,b,packets\n10.0.0.1,10.0.0.2,7\n', { columns: { src: 'b', dst: 'a' } });
    expect(rows(batches)[0]).toMatchObject({ src: '10.0.0.2', dst: '10.0.0.1', packets: 7 });
  });

  it('streams: lines split across chunks of bytes, multi-byte characters included', () => {
    const csv = 'src,dst,bytes,備考\n' + Array.from({ length: 50 }, (_, i) => `10.0.0.${i},10.0.1.${i},${i},日本語`).join('\n');
    const bytes = new TextEncoder().encode(csv);
    const got: FlowBatch[] = [];
    const reader = new FlowTextReader((b) => got.push(b), { batchSize: 16 });
    for (let i = 0; i < bytes.length; i += 7) reader.push(bytes.subarray(i, i + 7));
    expect(reader.end()).toMatchObject({ flows: 50, complete: true, ignored: ['備考'] });
    expect(rows(got).map((r) => r.bytes)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('JSON flows', () => {
  it('reads JSON lines with any of the accepted keys, and bad lines are named', () => {
    const text = [
      '{"srcaddr":"192.0.2.1","dstaddr":"198.51.100.1","srcport":1234,"dstport":80,"proto":6,"pkts":3,"octets":300,"first":1714564800,"last":1714564801,"sampling":100}',
      '{"src4_addr":"192.0.2.2","dst4_addr":"198.51.100.2","proto":1,"icmp_type":3,"icmp_code":1,"in_packets":1,"in_bytes":56,"first":"2024-05-01T12:00:00.500","last":"2024-05-01T12:00:00.500"}',
      '{"src": "192.0.2.3", "dst": 42}',
      'garbage',
      '{"id.orig_h":"2001:db8::1","id.resp_h":"2001:db8::2","id.orig_p":1,"id.resp_p":2,"proto":"udp","ts":1714564800.25,"duration":2}',
    ].join('\n');
    const { batches, report } = readFlowText(text);
    expect(report).toMatchObject({ format: 'jsonl', flows: 3, skipped: 2 });
    expect(report.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '3: 宛先アドレス「42」は IP アドレスではありません。この行を読み飛ばしました / destination address "42" is not an IP address: skipped',
      '4: JSON オブジェクトの外に予期しない「g」があります。この行を読み飛ばしました / unexpected "g" outside a JSON object: skipped',
    ]);
    const r = rows(batches);
    expect(r[0]).toMatchObject({ sport: 1234, dport: 80, packets: 3, bytes: 300, start: T0, end: T0 + 1000, sampling: 100 });
    expect(r[1]).toMatchObject({ proto: 1, sport: 0, dport: 3 * 256 + 1, start: T0 + 500 });
    expect(r[2]).toMatchObject({ src: '2001:db8::1', proto: 17, start: T0 + 250, end: T0 + 2250 });
  });

  it("reads nfdump's -o json array of pretty-printed objects, in small chunks", () => {
    const rec = (a: string, n: number) => `{\n\t"type" : "FLOW",\n\t"first" : "2024-05-01T12:00:00.000",\n\t"last" : "2024-05-01T12:00:01.000",\n\t"in_packets" : ${n},\n\t"in_bytes" : ${n * 100},\n\t"proto" : 6,\n\t"tcp_flags" : "...A..S.",\n\t"src_port" : 1,\n\t"dst_port" : 2,\n\t"src4_addr" : "${a}",\n\t"dst4_addr" : "10.9.9.9",\n\t"label" : "{not a brace}"\n}`;
    const text = `[\n${rec('10.0.0.1', 1)},\n${rec('10.0.0.2', 2)}\n]\n`;
    const got: FlowBatch[] = [];
    const reader = new FlowTextReader((b) => got.push(b));
    for (let i = 0; i < text.length; i += 5) reader.push(text.slice(i, i + 5));
    expect(reader.end()).toMatchObject({ format: 'jsonl', flows: 2, complete: true });
    expect(rows(got).map((r) => [r.src, r.packets, r.bytes, r.flags, r.end])).toEqual([
      ['10.0.0.1', 1, 100, 0x12, T0 + 1000],
      ['10.0.0.2', 2, 200, 0x12, T0 + 1000],
    ]);
  });

  it('reports an object left open at the end', () => {
    const { report } = readFlowText('{"src":"10.0.0.1","dst":"10.0.0.2"}\n{"src":"10.0.0.1",');
    expect(report).toMatchObject({ flows: 1, skipped: 1 });
    expect(report.issues[0]).toEqual({ line: 2, message: 'JSON オブジェクトが入力の終わりまでに閉じていません。この行を読み飛ばしました / JSON object not closed at the end of the input: skipped' });
  });
});

describe('value parsers', () => {
  it('times: epoch s/ms/µs/ns by magnitude, ISO and nfdump forms, zones', () => {
    for (const v of [1714564800, '1714564800', 1714564800000, 1714564800000000, '1714564800000000000', '2024-05-01T12:00:00Z', '2024-05-01 12:00:00', '2024-05-01T21:00:00+09:00', '2024-05-01T21:00+0900']) {
      expect(parseTime(v), String(v)).toBe(T0);
    }
    expect(parseTime('2024-05-01 21:00:00', 540)).toBe(T0);
    expect(parseTime('2024-13-01 00:00:00')).toBeNaN();
    expect(parseTime('May 1')).toBeNaN();
  });

  it('protocols and TCP flags', () => {
    expect(['tcp', 'TCP', '6', 'udp', 'ICMP6', 'icmpv6', 'ipv6-icmp', 'GRE', 'esp', 'sctp'].map(parseProto)).toEqual([6, 6, 6, 17, 58, 58, 58, 47, 50, 132]);
    expect(parseProto('256')).toBe(-1);
    expect(['...AP.SF', '........', 'CEUAPRSF', 'SA', '0x12', '18', 'S.A', 'X'].map(parseTcpFlags)).toEqual([0x1b, 0, 255, 0x12, 0x12, 18, 0x12, -1]);
  });

  it('CSV quoting', () => {
    expect(splitCsv('a,"b,c","d""e",', ',')).toEqual(['a', 'b,c', 'd"e', '']);
    expect(splitCsv('a,"b', ',')).toBeNull();
  });
});

describe('damaged text', () => {
  it('never throws, whatever the bytes', () => {
    const samples = [
      'src,dst,sport,dport,proto,packets,bytes,start\n10.0.0.1,10.0.0.2,1,2,tcp,3,4,1714564800\n',
      '[{"src":"10.0.0.1","dst":"::1","first":"2024-05-01 12:00:00"},{"src":"a"}]',
      '#separator \\x09\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\n1\t10.0.0.1\t1\t10.0.0.2\t2\n',
    ];
    let x = 7;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), x % n);
    for (let k = 0; k < 1500; k++) {
      const bytes = new TextEncoder().encode(samples[k % 3]!);
      for (let j = 1 + rnd(5); j > 0; j--) bytes[rnd(bytes.length)] = rnd(256);
      expect(() => readFlowText(bytes)).not.toThrow();
      expect(() => readZeekConn(bytes)).not.toThrow();
    }
  });
});
