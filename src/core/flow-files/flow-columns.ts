/**
 * Column names that CSV and JSON flow exports use, mapped to FlowBatch fields, and the filling
 * of one row from such a record. Names are compared lower-case with everything but letters
 * and digits removed, so `src_ip`, `Src IP`, `srcIp` and `src-ip` are the same name.
 */
import type { FlowBatch } from '../flows/batch.ts';
import { parseAddressInto, parseCount, parsePort, parseProto, parseTcpFlags, parseTime } from './fields.ts';

export type FlowField =
  | 'src' | 'dst' | 'srcPort' | 'dstPort' | 'proto' | 'packets' | 'outPackets' | 'bytes' | 'outBytes'
  | 'start' | 'end' | 'duration' | 'tcpFlags' | 'icmpType' | 'icmpCode' | 'sampling'; // prettier-ignore

/** Accepted names per field, in order of preference (normalised form). */
export const FLOW_COLUMN_ALIASES: Record<FlowField, string[]> = {
  // nfdump -o csv: sa da sp dp pr flg ipkt ibyt opkt obyt ts te td; -o json: src4_addr … in_packets first last.
  src: ['src', 'srcaddr', 'srcip', 'sa', 'source', 'sourceip', 'sourceaddress', 'srcaddress', 'saddr', 'ipsrc', 'src4addr', 'src6addr', 'ipv4srcaddr', 'ipv6srcaddr', 'sourceipv4address', 'sourceipv6address', 'idorigh', 'origh', 'clientip'],
  dst: ['dst', 'dstaddr', 'dstip', 'da', 'destination', 'destinationip', 'destinationaddress', 'dstaddress', 'daddr', 'ipdst', 'dst4addr', 'dst6addr', 'ipv4dstaddr', 'ipv6dstaddr', 'destinationipv4address', 'destinationipv6address', 'idresph', 'resph', 'serverip'],
  srcPort: ['sport', 'srcport', 'sp', 'sourceport', 'l4srcport', 'sourcetransportport', 'idorigp', 'origp'],
  dstPort: ['dport', 'dstport', 'dp', 'destinationport', 'destport', 'l4dstport', 'destinationtransportport', 'idrespp', 'respp'],
  proto: ['proto', 'pr', 'protocol', 'ipproto', 'prot', 'protocolidentifier', 'transport'],
  packets: ['packets', 'pkts', 'ipkt', 'inpackets', 'inpkts', 'dpkts', 'packetdeltacount', 'packetcount', 'origpkts'],
  outPackets: ['opkt', 'outpackets', 'outpkts', 'resppkts', 'reversepacketdeltacount'],
  bytes: ['bytes', 'octets', 'ibyt', 'inbytes', 'doctets', 'octetdeltacount', 'bytecount', 'origipbytes', 'origbytes'],
  outBytes: ['obyt', 'outbytes', 'respipbytes', 'respbytes', 'reverseoctetdeltacount'],
  start: ['start', 'first', 'ts', 'stime', 'starttime', 'tstart', 'timestart', 'flowstart', 'flowstartmilliseconds', 'flowstartseconds', 'firstseen', 'datefirstseen', 'timestamp', 'time'],
  end: ['end', 'last', 'te', 'etime', 'endtime', 'tend', 'timeend', 'flowend', 'flowendmilliseconds', 'flowendseconds', 'lastseen'],
  duration: ['duration', 'td', 'dur'],
  tcpFlags: ['flags', 'flg', 'tcpflags', 'tcpcontrolbits'],
  icmpType: ['icmptype'],
  icmpCode: ['icmpcode'],
  sampling: ['sampling', 'samplingrate', 'samplinginterval', 'samplerate'],
};

export const normaliseColumn = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const FIELD_BY_ALIAS = new Map<string, { field: FlowField; rank: number }>();
for (const [field, names] of Object.entries(FLOW_COLUMN_ALIASES) as [FlowField, string[]][]) {
  names.forEach((n, rank) => FIELD_BY_ALIAS.set(n, { field, rank }));
}

export function fieldOf(name: string): { field: FlowField; rank: number } | undefined {
  return FIELD_BY_ALIAS.get(normaliseColumn(name));
}

/**
 * Picks a column for each field among `names`: an explicit mapping first, else the most
 * preferred alias. Returns field → column index, and the names not used.
 */
export function resolveColumns(names: string[], explicit: Partial<Record<FlowField, string>> = {}): { index: Partial<Record<FlowField, number>>; ignored: string[] } {
  const index: Partial<Record<FlowField, number>> = {};
  const rank: Partial<Record<FlowField, number>> = {};
  const explicitCols = new Map(Object.entries(explicit).map(([f, col]) => [col, f as FlowField]));
  names.forEach((name, i) => {
    const forced = explicitCols.get(name);
    if (forced) {
      index[forced] = i;
      rank[forced] = -1;
      return;
    }
    const hit = fieldOf(name);
    if (!hit || (rank[hit.field] ?? Infinity) <= hit.rank) return;
    index[hit.field] = i;
    rank[hit.field] = hit.rank;
  });
  const used = new Set(Object.values(index));
  return { index, ignored: names.filter((_, i) => !used.has(i)) };
}

export type FieldGetter = (field: FlowField) => string | number | undefined;

const text = (v: string | number | undefined) => (v === undefined ? '' : String(v));

/**
 * Fills `row` of `b` from a record. Returns null, or what is wrong (the caller drops the row).
 * Missing numbers are 0; a missing end is start + duration (seconds), else start.
 */
export function fillFlowRow(b: FlowBatch, row: number, get: FieldGetter, offsetMinutes: number): string | null {
  const src = text(get('src'));
  const dst = text(get('dst'));
  const f1 = parseAddressInto(src, b.src, row);
  if (!f1) return src === '' ? '送信元アドレスがありません / no source address' : `送信元アドレス「${src}」は IP アドレスではありません / source address "${src}" is not an IP address`;
  const f2 = parseAddressInto(dst, b.dst, row);
  if (!f2) return dst === '' ? '宛先アドレスがありません / no destination address' : `宛先アドレス「${dst}」は IP アドレスではありません / destination address "${dst}" is not an IP address`;
  if (f1 !== f2) return `送信元 ${src} と宛先 ${dst} の IP のバージョンが異なります / source ${src} and destination ${dst} are of different IP versions`;
  b.family[row] = f1;

  const pv = get('proto');
  const proto = pv === undefined || pv === '' ? 0 : typeof pv === 'number' ? (Number.isInteger(pv) && pv >= 0 && pv <= 255 ? pv : -1) : parseProto(pv);
  if (proto < 0) return `プロトコル「${pv}」は不明です / protocol "${pv}" is not known`;
  const sp = parsePort(text(get('srcPort')));
  const dp = parsePort(text(get('dstPort')));
  if (sp < 0 || dp < 0) {
    const port = sp < 0 ? get('srcPort') : get('dstPort');
    return `ポート「${port}」が 0-65535 の範囲にありません / port "${port}" is not 0-65535`;
  }
  b.proto[row] = proto;
  b.srcPort[row] = sp;
  b.dstPort[row] = dp;
  const it = get('icmpType');
  if (it !== undefined && it !== '' && (proto === 1 || proto === 58)) {
    const type = parseCount(text(it));
    const code = parseCount(text(get('icmpCode')));
    if (!(type >= 0 && type <= 255 && code >= 0 && code <= 255)) return `ICMP type/code「${it}/${get('icmpCode')}」が範囲外です / ICMP type/code "${it}/${get('icmpCode')}" out of range`;
    b.srcPort[row] = 0;
    b.dstPort[row] = type * 256 + code;
  }

  const counts = [get('packets'), get('outPackets'), get('bytes'), get('outBytes')].map((v) => (typeof v === 'number' ? (v >= 0 ? Math.round(v) : -1) : parseCount(text(v))));
  const badCount = counts.findIndex((c) => c < 0);
  if (badCount >= 0) {
    const field = (['packets', 'outPackets', 'bytes', 'outBytes'] as const)[badCount]!;
    return `${field}「${get(field)}」は個数として読めません / ${field} "${get(field)}" is not a count`;
  }
  b.packets[row] = counts[0]! + counts[1]!;
  b.bytes[row] = counts[2]! + counts[3]!;

  const fv = get('tcpFlags');
  const flags = fv === undefined ? 0 : typeof fv === 'number' ? (fv >= 0 && fv <= 255 ? fv : -1) : parseTcpFlags(fv);
  if (flags < 0) return `TCP フラグ「${fv}」を読めません / TCP flags "${fv}" are not readable`;
  b.tcpFlags[row] = flags;

  const sv = get('start');
  const start = sv === undefined || sv === '' ? 0 : parseTime(sv, offsetMinutes);
  if (Number.isNaN(start)) return `開始時刻「${sv}」は時刻として読めません / start time "${sv}" is not a time`;
  const ev = get('end');
  let end: number;
  if (ev !== undefined && ev !== '') {
    end = parseTime(ev, offsetMinutes);
    if (Number.isNaN(end)) return `終了時刻「${ev}」は時刻として読めません / end time "${ev}" is not a time`;
  } else {
    const dv = get('duration');
    const d = dv === undefined || dv === '' ? 0 : Number(dv);
    if (!(d >= 0)) return `継続時間「${dv}」は秒数として読めません / duration "${dv}" is not a number of seconds`;
    end = start + Math.round(d * 1000);
  }
  b.start[row] = start;
  b.end[row] = end;

  const sm = get('sampling');
  if (sm !== undefined && sm !== '') {
    const n = parseCount(text(sm));
    if (!(n >= 1 && n <= 0xffffffff)) return `サンプリングレート「${sm}」が 1 以上の整数ではありません / sampling rate "${sm}" is not a whole number ≥ 1`;
    b.sampling[row] = n;
  }
  return null;
}
