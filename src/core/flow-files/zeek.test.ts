import { describe, expect, it } from 'vitest';
import { formatAddress } from '../flows/batch.ts';
import { ZEEK_CONN_STATES, ZeekConnReader, isEstablished, readZeekConn, tcpFlagsFromHistory, type ZeekExtra } from './zeek.ts';
import type { FlowBatch } from '../flows/batch.ts';

const T = '\t';
const header = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#open\t2024-05-01-12-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
];
const conn = (...cols: (string | number)[]) => cols.join(T);
const lines = [
  conn('1714564800.123456', 'CHhAvVGS1DHFjwGM9', '192.0.2.10', 51234, '198.51.100.7', 443, 'tcp', 'ssl', '12.345678', 1200, 56000, 'SF', 'T', 'F', 0, 'ShADadFf', 40, 3280, 45, 58340, '(empty)'),
  conn('1714564801.000000', 'C2', '192.0.2.11', 40000, '203.0.113.9', 22, 'tcp', '-', '-', '-', '-', 'S0', 'T', 'F', 0, 'S', 2, 120, 0, 0, '(empty)'),
  conn('1714564802.500000', 'C3', '192.0.2.12', 8, '192.0.2.1', 0, 'icmp', '-', '0.001000', 56, 56, 'OTH', 'T', 'T', 0, '-', 1, 84, 1, 84, '(empty)'),
  conn('1714564803.000000', 'C4', '2001:db8::1', 5353, 'ff02::fb', 5353, 'udp', 'dns', '-', '-', '-', 'S0', 'T', 'F', 0, 'D', 1, 100, 0, 0, '(empty)'),
  conn('1714564804.000000', 'C5', '192.0.2.13', 40001, '203.0.113.9', 23, 'tcp', '-', '0.000100', 0, 0, 'REJ', 'T', 'F', 0, 'Sr', 1, 60, 1, 40, '(empty)'),
];
const tsv = [...header, ...lines, '#close\t2024-05-01-13-00-00', ''].join('\n');

function rows(batches: { batch: FlowBatch; extra: ZeekExtra }[]) {
  return batches.flatMap(({ batch: b, extra }) =>
    Array.from({ length: b.length }, (_, i) => ({
      src: formatAddress(b.src, i, b.family[i]!), dst: formatAddress(b.dst, i, b.family[i]!), sport: b.srcPort[i], dport: b.dstPort[i],
      proto: b.proto[i], flags: b.tcpFlags[i], packets: b.packets[i], bytes: b.bytes[i], start: b.start[i], end: b.end[i],
      state: ZEEK_CONN_STATES[extra.connState[i]!], exporter: b.exporter[i],
    })), // prettier-ignore
  );
}

describe('Zeek conn.log reader', () => {
  it('reads TSV: one row per connection, originator as source, both directions summed', () => {
    const { batches, report } = readZeekConn(tsv, { fileIndex: 3 });
    expect(report).toMatchObject({ format: 'zeek', form: 'tsv', flows: 5, skipped: 0, complete: true, issues: [] });
    const r = rows(batches);
    expect(r[0]).toEqual({
      src: '192.0.2.10', dst: '198.51.100.7', sport: 51234, dport: 443, proto: 6, flags: 0x1b, packets: 85, bytes: 3280 + 58340,
      start: 1714564800123, end: 1714564800123 + 12346, state: 'SF', exporter: 3,
    }); // prettier-ignore
    // Unset duration and byte counts are 0; S0 only SYN.
    expect(r[1]).toMatchObject({ flags: 0x02, packets: 2, bytes: 120, start: 1714564801000, end: 1714564801000, state: 'S0' });
    // ICMP echo request: type 8 code 0 -> dstPort 0x0800, as NetFlow has it.
    expect(r[2]).toMatchObject({ proto: 1, sport: 0, dport: 0x0800, flags: 0, bytes: 168, end: 1714564802501 });
    expect(r[3]).toMatchObject({ src: '2001:db8::1', dst: 'ff02::fb', proto: 17, flags: 0 });
    expect(r[4]).toMatchObject({ flags: 0x06, state: 'REJ' });
  });

  it('tells established connections by conn_state', () => {
    const { batches } = readZeekConn(tsv);
    const states = Array.from(batches[0]!.extra.connState.subarray(0, 5));
    expect(states.map(isEstablished)).toEqual([true, false, false, false, false]);
    expect(['S1', 'S2', 'S3', 'RSTO', 'RSTR'].every((s) => isEstablished(ZEEK_CONN_STATES.indexOf(s as never)))).toBe(true);
  });

  it('maps history letters to TCP flags', () => {
    expect(tcpFlagsFromHistory('ShADadFf')).toBe(0x1b);
    expect(tcpFlagsFromHistory('Sr')).toBe(0x06);
    expect(tcpFlagsFromHistory('^hADdfr')).toBe(0x1f);
  });

  it('reads the same from chunks of any size, CRLF line ends included', () => {
    const crlf = tsv.replace(/\n/g, '\r\n');
    const bytes = new TextEncoder().encode(crlf);
    const got: { batch: FlowBatch; extra: ZeekExtra }[] = [];
    const reader = new ZeekConnReader((batch, extra) => got.push({ batch, extra }), { batchSize: 2 });
    for (let i = 0; i < bytes.length; i += 5) reader.push(bytes.subarray(i, i + 5));
    expect(reader.end()).toMatchObject({ flows: 5, complete: true });
    expect(rows(got)).toEqual(rows(readZeekConn(tsv).batches));
  });

  it('skips malformed lines, naming them, and keeps the rest', () => {
    const bad = [
      ...header,
      lines[0],
      conn('1714564800', 'C9', 'not-an-ip', 1, '192.0.2.1', 2, 'tcp'),
      conn('1714564800', 'C9', '999.0.2.1', 1, '192.0.2.1', 2, 'tcp', '-', '-', '-', '-', 'S0', 'T', 'F', 0, 'S', 1, 60, 0, 0, '(empty)'),
      conn('yesterday', 'C9', '192.0.2.1', 1, '192.0.2.1', 2, 'tcp', '-', '-', '-', '-', 'S0', 'T', 'F', 0, 'S', 1, 60, 0, 0, '(empty)'),
      conn('1714564800', 'C9', '192.0.2.1', 1, '2001:db8::1', 2, 'tcp', '-', '-', '-', '-', 'S0', 'T', 'F', 0, 'S', 1, 60, 0, 0, '(empty)'),
      conn('1714564800', 'C9', '192.0.2.1', 70000, '192.0.2.2', 2, 'tcp', '-', '-', '-', '-', 'S0', 'T', 'F', 0, 'S', 1, 60, 0, 0, '(empty)'),
      lines[1],
    ].join('\n');
    const { report } = readZeekConn(bad);
    expect(report).toMatchObject({ flows: 2, skipped: 5, complete: false });
    expect(report.issues.map((i) => [i.line, i.message])).toEqual([
      [10, '列が 7 個ありますが、#fields 見出し行は 21 列です。この行を読み飛ばしました / 7 columns, the #fields header has 21: skipped'],
      [11, 'id.orig_h「999.0.2.1」は IP アドレスではありません。この行を読み飛ばしました / id.orig_h "999.0.2.1" is not an IP address: skipped'],
      [12, 'ts「yesterday」は時刻として読めません。この行を読み飛ばしました / ts "yesterday" is not a time: skipped'],
      [13, 'id.orig_h 192.0.2.1 と id.resp_h 2001:db8::1 の IP のバージョンが異なります。この行を読み飛ばしました / id.orig_h 192.0.2.1 and id.resp_h 2001:db8::1 are of different IP versions: skipped'],
      [14, 'ポート番号 70000/2 が範囲外です。この行を読み飛ばしました / ports 70000/2 out of range: skipped'],
    ]);
  });

  it('refuses other Zeek logs and other files', () => {
    expect(readZeekConn('#separator \\x09\n#path\tdns\n').report.fatal).toEqual({ line: 2, message: "これは Zeek の dns.log で、conn.log ではありません / this is Zeek's dns.log, not conn.log" });
    expect(readZeekConn('#separator \\x09\n#fields\tts\tquery\n').report.fatal?.message).toBe('#fields に id.orig_h, id.resp_h がないため、conn.log ではありません / #fields lacks id.orig_h, id.resp_h: not a conn.log');
    expect(readZeekConn('src,dst\n1.2.3.4,5.6.7.8\n').report.fatal?.message).toMatch(/^Zeek の conn\.log ではありません（TSV の `#separator`\/`#fields` 見出し行か JSON オブジェクトが必要です） \/ not a Zeek conn\.log: expected/);
    expect(readZeekConn('').report.fatal?.message).toBe('入力が空です（Zeek の conn.log ではありません） / empty input: not a Zeek conn.log');
  });

  it('reads a custom separator and unset marker', () => {
    const text = ['#separator ,', '#unset_field,?', '#fields,ts,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,orig_pkts,resp_pkts', '1714564800.5,10.0.0.1,1000,10.0.0.2,80,tcp,?,3'].join('\n');
    const r = rows(readZeekConn(text).batches);
    expect(r).toEqual([expect.objectContaining({ src: '10.0.0.1', dport: 80, packets: 3, start: 1714564800500, flags: 0, state: '' })]);
  });

  it('reads the JSON form (epoch or ISO ts), skipping bad lines', () => {
    const json = [
      JSON.stringify({ ts: 1714564800.123456, uid: 'C1', 'id.orig_h': '192.0.2.10', 'id.orig_p': 51234, 'id.resp_h': '198.51.100.7', 'id.resp_p': 443, proto: 'tcp', duration: 1.5, orig_bytes: 10, resp_bytes: 20, conn_state: 'SF', history: 'ShADadFf', orig_pkts: 4, orig_ip_bytes: 400, resp_pkts: 5, resp_ip_bytes: 500 }),
      '{"ts":"2024-05-01T12:00:01.250000Z","id.orig_h":"2001:db8::5","id.orig_p":128,"id.resp_h":"2001:db8::6","id.resp_p":0,"proto":"icmp","conn_state":"OTH","orig_pkts":1,"resp_pkts":0,"orig_bytes":8,"resp_bytes":0}',
      '{"ts":1714564800,',
      '[1,2]',
      '{"ts":1714564802,"id.orig_h":"192.0.2.1","id.orig_p":1,"id.resp_h":"192.0.2.2","id.resp_p":2,"proto":"udp"}',
    ].join('\n');
    const { batches, report } = readZeekConn(json);
    expect(report).toMatchObject({ form: 'json', flows: 3, skipped: 2 });
    expect(report.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(report.issues[0]!.message).toMatch(/^JSON として読めません（.*）。この行を読み飛ばしました \/ not valid JSON \(.*\): skipped$/);
    const r = rows(batches);
    expect(r[0]).toMatchObject({ packets: 9, bytes: 900, flags: 0x1b, start: 1714564800123, end: 1714564801623, state: 'SF' });
    // No IP-level byte counts: payload bytes. ICMPv6 (echo request 128/0).
    expect(r[1]).toMatchObject({ src: '2001:db8::5', proto: 58, dport: 128 << 8, bytes: 8, start: Date.UTC(2024, 4, 1, 12, 0, 1, 250), flags: 0 });
    expect(r[2]).toMatchObject({ proto: 17, packets: 0, bytes: 0 });
  });
});
