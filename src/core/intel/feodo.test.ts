import { describe, expect, it } from 'vitest';
import { csvFields, parseFeodoCsv } from './feodo.ts';

// Test data in the shape of Feodo Tracker's ipblocklist.csv (documentation addresses, invented rows).
const CURRENT = `################################################################
# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)          #
# Last updated: 2026-11-24 06:00:00 UTC                        #
################################################################
#
"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
"2026-10-01 08:15:02","198.51.100.23","443","online","2026-11-24","QakBot"
"2026-10-02 09:00:00","203.0.113.45","8080","offline","2026-11-01","Emotet"
"2026-10-03 10:00:00","999.0.113.45","8080","offline","2026-11-01","Emotet"
"2026-10-04 11:00:00","192.0.2.77","443"
"2026-10-05 12:00:00","192.0.2.78","447,"online","2026-11-20","Dridex"
# end
`;

const OLD = `# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)
# Firstseen,DstIP,DstPort,LastOnline,Malware
2020-10-29 19:16:38,198.51.100.50,80,2020-11-02,Heodo
2020-10-29 19:16:35,192.0.2.51,8080,2020-11-02,Heodo
`;

describe('Feodo Tracker CSV', () => {
  it('reads the current format: C2 category, malware and port as tags, times in UTC', () => {
    const r = parseFeodoCsv(CURRENT);
    expect(r.indicators[0]).toEqual({
      type: 'ipv4', value: '198.51.100.23', category: 'c2', tlp: 'CLEAR', source: 'abuse.ch Feodo Tracker', firstSeen: '2026-10-01T08:15:02.000Z',
      lastSeen: '2026-11-24T00:00:00.000Z', description: 'QakBot C2 port 443', tags: ['malware:QakBot', 'port:443', 'c2_status:online'],
    });
    expect(r.indicators.map((i) => i.value)).toEqual(['198.51.100.23', '203.0.113.45']);
    expect(r.errors).toEqual([
      { line: 9, message: "'999.0.113.45' is not a valid IPv4 or IPv6 address" },
      { line: 10, message: 'expected 6 fields, found 3' },
      { line: 11, message: 'unterminated quoted field' },
    ]);
  });

  it('reads the older format with its header in a comment', () => {
    const r = parseFeodoCsv(OLD, { source: 'feodo-2020' });
    expect(r.errors).toEqual([]);
    expect(r.indicators.map((i) => [i.value, i.firstSeen, i.tags])).toEqual([
      ['198.51.100.50', '2020-10-29T19:16:38.000Z', ['malware:Heodo', 'port:80']],
      ['192.0.2.51', '2020-10-29T19:16:35.000Z', ['malware:Heodo', 'port:8080']],
    ]);
    expect(r.indicators[0]?.source).toBe('feodo-2020');
  });

  it('guesses columns by count when there is no header', () => {
    const r = parseFeodoCsv('2026-01-01 00:00:00,192.0.2.1,443\n2026-01-01 00:00:00,192.0.2.2,443,online,2026-01-02,QakBot\n');
    expect(r.indicators.map((i) => i.value)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('reads the JSON blocklist', () => {
    const r = parseFeodoCsv('[{"ip_address":"192.0.2.9","port":443,"status":"online","first_seen":"2026-01-01 00:00:00","malware":"QakBot"},{"port":1}]');
    expect(r.indicators.map((i) => [i.value, i.tags])).toEqual([['192.0.2.9', ['malware:QakBot', 'port:443', 'c2_status:online']]]);
    expect(r.errors).toEqual([{ position: '[1]', message: 'no IP address in the row' }]);
  });

  it('splits CSV records with quotes and doubled quotes', () => {
    expect(csvFields('"a","b ""c""",d, e ,""')).toEqual(['a', 'b "c"', 'd', 'e', '']);
    expect(csvFields('"open')).toBeUndefined();
  });
});
