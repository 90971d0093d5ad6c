/**
 * Reader for Zeek's conn.log, in its TSV form (`#separator`, `#fields`, `#types`, `-` for
 * unset, `(empty)` for empty, `#close`) and its JSON form (one object per line, keys such as
 * "id.orig_h"; `ts` as epoch seconds or ISO 8601).
 *
 * A Zeek connection is bidirectional; it becomes ONE row: src = originator (id.orig_h/p),
 * dst = responder (id.resp_h/p), packets = orig_pkts + resp_pkts, bytes = orig_ip_bytes +
 * resp_ip_bytes (IP-level, as NetFlow counts; orig_bytes + resp_bytes, the payload, when the
 * IP-level fields are absent), start = ts, end = ts + duration. ICMP: Zeek puts type and code
 * in orig_p/resp_p; the row has dstPort = type × 256 + code, as NetFlow does.
 * TCP flags are those the `history` letters show (s S → SYN, h H → SYN+ACK, a A → ACK,
 * d D → ACK+PSH, f F → FIN, r R → RST), or, without history, typical flags for `conn_state`.
 * `conn_state` itself goes in a side column (`ZeekExtra.connState`, an index into
 * ZEEK_CONN_STATES) so the matcher can tell an established connection (see isEstablished).
 */
import type { FlowBatch } from '../flows/batch.ts';
import { BatchFiller, IssueLog, LineSplitter, skippedMessage, type BatchSink, type ImportReport, type ReaderOptions } from './common.ts';
import { parseAddressInto, parseTime } from './fields.ts';

/** Index 0 = unset or unknown. */
export const ZEEK_CONN_STATES = ['', 'S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'] as const;
export type ZeekConnState = (typeof ZEEK_CONN_STATES)[number];
const STATE_INDEX = new Map<string, number>(ZEEK_CONN_STATES.map((s, i) => [s, i]));

/** States in which the responder answered the handshake: the connection was established. */
const ESTABLISHED = new Set(['S1', 'SF', 'S2', 'S3', 'RSTO', 'RSTR']);
export function isEstablished(connState: number): boolean {
  return ESTABLISHED.has(ZEEK_CONN_STATES[connState] ?? '');
}

const F = 0x01, S = 0x02, R = 0x04, P = 0x08, A = 0x10; // prettier-ignore
const STATE_FLAGS: Record<string, number> = {
  S0: S, S1: S | A, SF: S | A | F, REJ: S | R, S2: S | A | F, S3: S | A | F, RSTO: S | A | R, RSTR: S | A | R,
  RSTOS0: S | R, RSTRH: S | A | R, SH: S | F, SHR: S | A | F, OTH: A,
}; // prettier-ignore
const HISTORY_FLAGS: Record<string, number> = { s: S, h: S | A, a: A, d: A | P, f: F, r: R, i: S | R, q: S };

export function tcpFlagsFromHistory(history: string): number {
  let v = 0;
  for (const c of history.toLowerCase()) v |= HISTORY_FLAGS[c] ?? 0;
  return v;
}

export interface ZeekExtra {
  connState: Uint8Array;
}

export interface ZeekReport extends ImportReport {
  format: 'zeek';
  form?: 'tsv' | 'json';
  /** Lines read (headers included). */
  lines: number;
}

type Get = (name: string) => string | number | undefined;

export class ZeekConnReader {
  private readonly lines = new LineSplitter();
  private readonly log: IssueLog;
  private readonly fill: BatchFiller<ZeekExtra>;
  private readonly fileIndex: number;
  private form: 'tsv' | 'json' | undefined;
  private sep = '\t';
  private unset = '-';
  private empty = '(empty)';
  private fields: Map<string, number> | undefined;
  private skipped = 0;

  constructor(sink: BatchSink<ZeekExtra>, options: ReaderOptions = {}) {
    this.log = new IssueLog(options.maxIssues ?? 100);
    this.fill = new BatchFiller<ZeekExtra>(sink, options, (n) => ({ connState: new Uint8Array(n) }));
    this.fileIndex = options.fileIndex ?? 0;
  }

  push(chunk: string | Uint8Array): void {
    if (this.log.fatal) return;
    this.lines.push(chunk, (line, n) => this.line(line, n));
  }

  end(): ZeekReport {
    if (!this.log.fatal) this.lines.end((line, n) => this.line(line, n));
    if (!this.log.fatal && !this.form) this.log.stop({ line: 1, message: '入力が空です（Zeek の conn.log ではありません） / empty input: not a Zeek conn.log' });
    this.fill.flush();
    const skipped = this.skipped;
    return {
      format: 'zeek', form: this.form, lines: this.lines.lineNo, flows: this.fill.emitted, skipped,
      complete: !this.log.fatal && skipped === 0, fatal: this.log.fatal, issues: this.log.issues, issuesOmitted: this.log.omitted,
    }; // prettier-ignore
  }

  private line(line: string, n: number): boolean {
    if (line.trim() === '') return true;
    if (!this.form) {
      if (line.startsWith('#')) this.form = 'tsv';
      else if (line.trimStart().startsWith('{')) this.form = 'json';
      else {
        this.log.stop({ line: n, message: 'Zeek の conn.log ではありません（TSV の `#separator`/`#fields` 見出し行か JSON オブジェクトが必要です） / not a Zeek conn.log: expected `#separator`/`#fields` header lines (TSV) or JSON objects' });
        return false;
      }
    }
    if (line.startsWith('#')) return this.header(line, n);
    if (this.form === 'json') return this.jsonLine(line, n);
    if (!this.fields) {
      this.skip(n, '`#fields` 見出し行より前にデータ行があります / data line before the #fields header');
      return true;
    }
    const values = line.split(this.sep);
    if (values.length !== this.fields.size) {
      this.skip(n, `列が ${values.length} 個ありますが、#fields 見出し行は ${this.fields.size} 列です / ${values.length} columns, the #fields header has ${this.fields.size}`);
      return true;
    }
    const fields = this.fields;
    this.connection((name) => {
      const i = fields.get(name);
      const v = i === undefined ? undefined : values[i];
      return v === undefined || v === this.unset ? undefined : v === this.empty ? '' : v;
    }, n);
    return true;
  }

  private skip(line: number, message: string): void {
    this.skipped++;
    this.log.add({ line, message: skippedMessage(message) });
  }

  private header(line: string, n: number): boolean {
    if (line.startsWith('#separator')) {
      const raw = line.slice('#separator'.length).trim();
      this.sep = raw.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      if (this.sep === '') this.sep = '\t';
      return true;
    }
    const parts = line.split(this.sep);
    const key = parts[0]!;
    const value = parts.slice(1);
    if (key === '#unset_field') this.unset = value[0] ?? '-';
    else if (key === '#empty_field') this.empty = value[0] ?? '(empty)';
    else if (key === '#path' && value[0] !== 'conn') {
      this.log.stop({ line: n, message: `これは Zeek の ${value[0]}.log で、conn.log ではありません / this is Zeek's ${value[0]}.log, not conn.log` });
      return false;
    } else if (key === '#fields') {
      this.fields = new Map(value.map((f, i) => [f, i]));
      const missing = ['ts', 'id.orig_h', 'id.resp_h'].filter((f) => !this.fields!.has(f));
      if (missing.length) {
        this.log.stop({ line: n, message: `#fields に ${missing.join(', ')} がないため、conn.log ではありません / #fields lacks ${missing.join(', ')}: not a conn.log` });
        return false;
      }
    }
    return true;
  }

  private jsonLine(line: string, n: number): boolean {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      this.skip(n, `JSON として読めません（${(e as Error).message}） / not valid JSON (${(e as Error).message})`);
      return true;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      this.skip(n, 'JSON オブジェクトではありません / not a JSON object');
      return true;
    }
    const o = obj as Record<string, unknown>;
    this.connection((name) => {
      const v = o[name];
      return typeof v === 'string' || typeof v === 'number' ? v : undefined;
    }, n);
    return true;
  }

  private connection(get: Get, n: number): void {
    const fill = this.fill;
    const row = fill.row();
    const b = fill.batch;
    const bad = (message: string) => {
      fill.unrow();
      this.skip(n, message);
    };
    const orig = String(get('id.orig_h') ?? '');
    const resp = String(get('id.resp_h') ?? '');
    const f1 = parseAddressInto(orig, b.src, row);
    if (!f1) return bad(`id.orig_h「${orig}」は IP アドレスではありません / id.orig_h "${orig}" is not an IP address`);
    const f2 = parseAddressInto(resp, b.dst, row);
    if (!f2) return bad(`id.resp_h「${resp}」は IP アドレスではありません / id.resp_h "${resp}" is not an IP address`);
    if (f1 !== f2) return bad(`id.orig_h ${orig} と id.resp_h ${resp} の IP のバージョンが異なります / id.orig_h ${orig} and id.resp_h ${resp} are of different IP versions`);
    b.family[row] = f1;
    const ts = get('ts');
    const start = ts === undefined ? NaN : parseTime(typeof ts === 'number' ? ts : /^\d+(\.\d+)?$/.test(ts) ? Number(ts) : ts);
    if (!Number.isFinite(start)) return bad(`ts「${ts ?? ''}」は時刻として読めません / ts "${ts ?? ''}" is not a time`);
    const duration = num(get('duration'));
    if (Number.isNaN(duration)) return bad(`duration「${get('duration')}」は数値ではありません / duration "${get('duration')}" is not a number`);
    const proto = String(get('proto') ?? '').toLowerCase();
    const p = proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'icmp' ? (f1 === 6 ? 58 : 1) : 0;
    const op = num(get('id.orig_p'));
    const rp = num(get('id.resp_p'));
    if (!(op >= 0 && op <= 65535 && rp >= 0 && rp <= 65535)) return bad(`ポート番号 ${get('id.orig_p')}/${get('id.resp_p')} が範囲外です / ports ${get('id.orig_p')}/${get('id.resp_p')} out of range`);
    const counts = ['orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes', 'orig_bytes', 'resp_bytes'].map((k) => num(get(k)));
    if (counts.some((c) => !(c >= 0))) return bad('パケット数・バイト数のどれかが 0 以上の数値ではありません / a packet or byte count is not a non-negative number');
    const [op2, rp2, oib, rib, ob, rb] = counts as [number, number, number, number, number, number];
    const state = String(get('conn_state') ?? '');
    const history = get('history');
    b.srcPort[row] = p === 1 || p === 58 ? 0 : op;
    b.dstPort[row] = p === 1 || p === 58 ? ((op & 255) << 8) | (rp & 255) : rp;
    b.proto[row] = p;
    b.tcpFlags[row] = p !== 6 ? 0 : typeof history === 'string' && history !== '' ? tcpFlagsFromHistory(history) : (STATE_FLAGS[state] ?? 0);
    b.packets[row] = op2 + rp2;
    b.bytes[row] = get('orig_ip_bytes') !== undefined || get('resp_ip_bytes') !== undefined ? oib + rib : ob + rb;
    b.start[row] = start;
    b.end[row] = start + Math.round(duration * 1000);
    b.exporter[row] = this.fileIndex;
    fill.extra.connState[row] = STATE_INDEX.get(state) ?? 0;
  }
}

/** An unset value is 0; text must be a plain decimal number. NaN otherwise. */
function num(v: string | number | undefined): number {
  if (v === undefined || v === '') return 0;
  if (typeof v === 'number') return v;
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
}

/** Reads a whole conn.log held in memory. */
export function readZeekConn(text: string | Uint8Array, options: ReaderOptions = {}) {
  const batches: { batch: FlowBatch; extra: ZeekExtra }[] = [];
  const reader = new ZeekConnReader((batch, extra) => batches.push({ batch, extra }), options);
  reader.push(text);
  return { batches, report: reader.end() };
}
