/**
 * Reader for DNS query logs, for matching domain indicators (`matchDns` in core/intel/matcher.ts):
 * which client asked for which name, and when.
 *
 * - Zeek dns.log in its TSV form (`#separator`, `#fields`, `#types`, `-` for unset, `(empty)`
 *   for empty, `\xNN` escapes in values, `#close`) and its JSON form (one object per line:
 *   "ts", "id.orig_h", "query", "rcode_name", "answers" …).
 * - A simple CSV with a header line (`ts,client,query`; column names below, compared as the
 *   flow CSV reader compares them: lower case, only letters and digits) and JSON lines with
 *   the same keys.
 *
 * Rows go into DnsBatch columns (client address as 4 words, as in FlowBatch; the query name as
 * a string, lower case, without a trailing dot). TSV and CSV lines are cut at the separators
 * without splitting them into arrays, so the hot path allocates only the query string.
 * A line without a client address or a query name (or with an unreadable time) is skipped and
 * reported with its line number; nothing throws on bad input.
 */
import { WORDS_PER_ADDRESS } from '../flows/batch.ts';
import { DEFAULT_BATCH_SIZE, type ImportIssue, IssueLog, LineSplitter, skippedMessage, type ReaderOptions } from './common.ts';
import { splitCsv } from './csv.ts';
import { FLOW_COLUMN_ALIASES, normaliseColumn } from './flow-columns.ts';
import { parseAddressInto, parseTime } from './fields.ts';

export type DnsLogFormat = 'zeek' | 'csv' | 'jsonl';
export const DNS_LOG_FORMATS: readonly DnsLogFormat[] = ['zeek', 'csv', 'jsonl'];

/** Response codes by number (RFC 1035, 2136, 6891); index 255 = unset or unknown. */
export const DNS_RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'] as const;
export const RCODE_UNKNOWN = 255;
const RCODE_INDEX = new Map<string, number>(DNS_RCODES.map((s, i) => [s, i]));

/** Accepted column names (normalised) per field, most preferred first. */
export const DNS_COLUMN_ALIASES = {
  client: ['client', 'clientip', 'clientaddr', 'clientaddress', 'idorigh', 'origh', 'src', 'srcip', 'srcaddr', 'source', 'sourceip', 'sourceaddress', 'sa', 'ip'],
  query: ['query', 'qname', 'queryname', 'question', 'domain', 'name', 'rrname', 'hostname'],
  ts: FLOW_COLUMN_ALIASES.start,
  rcode: ['rcodename', 'rcode', 'responsecode', 'status'],
} as const;
type DnsField = keyof typeof DNS_COLUMN_ALIASES;
const FIELDS: readonly DnsField[] = ['client', 'query', 'ts', 'rcode'];
const FIELD_BY_ALIAS = new Map<string, { field: DnsField; rank: number }>();
for (const f of FIELDS) DNS_COLUMN_ALIASES[f].forEach((n, rank) => FIELD_BY_ALIAS.set(n, { field: f, rank }));

/** Queries in columns; implements the matcher's DnsRows. */
export class DnsBatch {
  length = 0;
  readonly family: Uint8Array;
  /** Client addresses, WORDS_PER_ADDRESS words a row (IPv4 in IPv4-mapped form). */
  readonly client: Uint32Array;
  /** Query names, lower case, no trailing dot. */
  readonly query: string[];
  /** Query time, ms since the epoch; NaN when the log had none. */
  readonly start: Float64Array;
  /** Index into DNS_RCODES, or RCODE_UNKNOWN. */
  readonly rcode: Uint8Array;
  /** 1-based line number in the input. */
  readonly line: Uint32Array;

  constructor(readonly capacity: number) {
    this.family = new Uint8Array(capacity);
    this.client = new Uint32Array(capacity * WORDS_PER_ADDRESS);
    this.query = new Array<string>(capacity).fill('');
    this.start = new Float64Array(capacity);
    this.rcode = new Uint8Array(capacity);
    this.line = new Uint32Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }
}

export interface DnsReport {
  format: DnsLogFormat;
  /** Zeek only: which of its two forms. */
  form?: 'tsv' | 'json';
  lines: number;
  /** Rows emitted into batches. */
  queries: number;
  /** Lines skipped as malformed (no client, no query, unreadable time or line). */
  skipped: number;
  complete: boolean;
  fatal?: ImportIssue;
  issues: ImportIssue[];
  issuesOmitted: number;
  /** CSV: which column feeds each field. */
  columns?: Partial<Record<DnsField, string>>;
}

export interface DnsReaderOptions extends Omit<ReaderOptions, 'fileIndex'> {
  /** Default: Zeek TSV when the first line starts with `#`, JSON when with `{`, else CSV. */
  format?: DnsLogFormat;
  /** CSV delimiter; default: whichever of , ; tab | occurs most in the header line. */
  delimiter?: string;
  /** Minutes east of UTC for times written without a zone (default 0: UTC). */
  timeZoneOffsetMinutes?: number;
}

export type DnsBatchSink = (batch: DnsBatch) => void;

/** Guesses the DNS log format from its first bytes: Zeek's header lines, a JSON object, or a delimited header. */
export function detectDnsLogFormat(head: Uint8Array | string): DnsLogFormat | undefined {
  const text = (typeof head === 'string' ? head : new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 8192))).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('#separator') || text.startsWith('#fields') || text.startsWith('#path')) return 'zeek';
  if (text.startsWith('{')) return /^\{[^\n]*"id\.orig_h"/.test(text) ? 'zeek' : 'jsonl';
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  if (/[,;\t|]/.test(first) && !/[\x00-\x08]/.test(first)) return 'csv';
  return undefined;
}

const NO_COLUMN = -1;
const ZEEK_HEADER = /^#(separator|set_separator|empty_field|unset_field|path|open|fields|types)\b/;

export class DnsLogReader {
  private readonly lines = new LineSplitter();
  private readonly log: IssueLog;
  private batch: DnsBatch;
  private readonly size: number;
  private readonly reuse: boolean;
  private emitted = 0;
  private skipped = 0;
  private form: 'tsv' | 'json' | 'csv' | undefined;
  private sep = '\t';
  private unset = '-';
  private empty = '(empty)';
  private columns = 0;
  /** Column number per field (client, query, ts, rcode), NO_COLUMN when absent. */
  private readonly col = new Int32Array(4).fill(NO_COLUMN);
  private readonly cutStart = new Int32Array(4);
  private readonly cutEnd = new Int32Array(4);
  private headerLine: string | undefined;
  private columnNames: Partial<Record<DnsField, string>> | undefined;
  private readonly offset: number;
  /** JSON objects with Zeek's keys (`id.orig_h`) were seen. */
  private zeekJson = false;

  constructor(
    private readonly sink: DnsBatchSink,
    private readonly options: DnsReaderOptions = {},
  ) {
    this.log = new IssueLog(options.maxIssues ?? 100);
    this.size = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    this.reuse = options.reuseBatch ?? false;
    this.batch = new DnsBatch(this.size);
    this.offset = options.timeZoneOffsetMinutes ?? 0;
    if (options.format === 'csv') this.form = 'csv';
  }

  push(chunk: string | Uint8Array): void {
    if (this.log.fatal) return;
    this.lines.push(chunk, (line, n) => this.line(line, n));
  }

  end(): DnsReport {
    if (!this.log.fatal) this.lines.end((line, n) => this.line(line, n));
    if (!this.log.fatal && !this.form) this.log.stop({ line: 1, message: '入力が空です（DNS の問い合わせがありません） / empty input: no DNS queries' });
    if (!this.log.fatal && this.form === 'csv' && !this.headerLine) this.log.stop({ line: 1, message: '見出し行がありません / no header line' });
    if (!this.log.fatal && this.form === 'tsv' && this.columns === 0) this.log.stop({ line: 1, message: '`#fields` 見出し行がないため、Zeek の dns.log ではありません / no #fields header: not a Zeek dns.log' });
    this.flush();
    const format: DnsLogFormat = this.options.format ?? (this.form === 'tsv' || this.zeekJson ? 'zeek' : this.form === 'json' ? 'jsonl' : 'csv');
    return {
      format, ...(this.form === 'tsv' || (this.form === 'json' && format === 'zeek') ? { form: this.form } : {}), lines: this.lines.lineNo, queries: this.emitted,
      skipped: this.skipped, complete: !this.log.fatal && this.skipped === 0, ...(this.log.fatal ? { fatal: this.log.fatal } : {}),
      issues: this.log.issues, issuesOmitted: this.log.omitted, ...(this.columnNames ? { columns: this.columnNames } : {}),
    }; // prettier-ignore
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.sink(this.batch);
    if (this.reuse) this.batch.clear();
    else this.batch = new DnsBatch(this.size);
  }

  private skip(line: number, message: string): void {
    this.skipped++;
    this.log.add({ line, message: skippedMessage(message) });
  }

  private line(line: string, n: number): boolean {
    if (line.trim() === '') return true;
    if (!this.form) {
      const s = line.replace(/^\uFEFF/, '').trimStart();
      const wanted = this.options.format;
      if (s.startsWith('#') && !ZEEK_HEADER.test(s)) return true; // a comment line before a CSV header
      if (s.startsWith('{')) this.form = 'json';
      else if (s.startsWith('#') && wanted !== 'jsonl') this.form = 'tsv';
      else if (!wanted) this.form = 'csv';
      else {
        this.log.stop({ line: n, message: wanted === 'zeek' ? 'Zeek の dns.log ではありません（TSV の `#separator`/`#fields` 見出し行か JSON オブジェクトが必要です） / not a Zeek dns.log: expected `#separator`/`#fields` header lines (TSV) or JSON objects' : 'JSON Lines ではありません（1 行に 1 つの JSON オブジェクトが必要です） / not JSON lines: expected one JSON object per line' });
        return false;
      }
      if (n === 1) line = line.replace(/^\uFEFF/, '');
    }
    if (this.form === 'json') return this.jsonLine(line, n);
    if (this.form === 'tsv') {
      if (line.startsWith('#')) return this.zeekHeader(line, n);
      if (this.columns === 0) return (this.skip(n, '`#fields` 見出し行より前にデータ行があります / data line before the #fields header'), true);
      return this.cutLine(line, n, true);
    }
    if (!this.headerLine) return this.csvHeader(line, n);
    if (line === this.headerLine) return true;
    return this.cutLine(line, n, false);
  }

  private zeekHeader(line: string, n: number): boolean {
    if (line.startsWith('#separator')) {
      const raw = line.slice('#separator'.length).trim();
      this.sep = unescapeZeek(raw) || '\t';
      return true;
    }
    const sep = this.sep;
    const cut = line.indexOf(sep);
    const key = cut < 0 ? line : line.slice(0, cut);
    const value = cut < 0 ? [] : line.slice(cut + sep.length).split(sep);
    if (key === '#unset_field') this.unset = value[0] ?? '-';
    else if (key === '#empty_field') this.empty = value[0] ?? '(empty)';
    else if (key === '#path' && value[0] !== 'dns') {
      this.log.stop({ line: n, message: `これは Zeek の ${value[0] ?? '?'}.log で、dns.log ではありません / this is Zeek's ${value[0] ?? '?'}.log, not dns.log` });
      return false;
    } else if (key === '#fields') {
      this.columns = value.length;
      this.col.fill(NO_COLUMN);
      const at = (name: string) => value.indexOf(name);
      this.col[0] = at('id.orig_h');
      this.col[1] = at('query');
      this.col[2] = at('ts');
      this.col[3] = value.includes('rcode_name') ? at('rcode_name') : at('rcode');
      const missing = ['id.orig_h', 'query'].filter((f) => !value.includes(f));
      if (missing.length) {
        this.log.stop({ line: n, message: `#fields に ${missing.join(', ')} がないため、dns.log ではありません / #fields lacks ${missing.join(', ')}: not a dns.log` });
        return false;
      }
    }
    return true;
  }

  private csvHeader(line: string, n: number): boolean {
    if (line.startsWith('#')) return true; // comment lines before the header
    let d = this.options.delimiter;
    if (!d) {
      const counts = [',', ';', '\t', '|'].map((c) => [c, line.split(c).length] as const).sort((a, b) => b[1] - a[1]);
      d = counts[0]![0];
    }
    this.sep = d;
    const names = (splitCsv(line, d) ?? []).map((s) => s.trim());
    const rank = [Infinity, Infinity, Infinity, Infinity];
    names.forEach((name, i) => {
      const hit = FIELD_BY_ALIAS.get(normaliseColumn(name));
      if (!hit) return;
      const k = FIELDS.indexOf(hit.field);
      if (rank[k]! <= hit.rank) return;
      rank[k] = hit.rank;
      this.col[k] = i;
    });
    this.headerLine = line;
    this.columns = names.length;
    this.columnNames = Object.fromEntries(FIELDS.filter((_, k) => this.col[k] !== NO_COLUMN).map((f) => [f, names[this.col[FIELDS.indexOf(f)]!]!]));
    const missing = FIELDS.slice(0, 2).filter((_, k) => this.col[k] === NO_COLUMN);
    if (missing.length) {
      const accepted = missing.map((f) => DNS_COLUMN_ALIASES[f].slice(0, 6).join(', ')).join('; ');
      this.log.stop({ line: n, message: `見出し行に ${missing.join('・')} の列がありません（使える列名: ${accepted} …） / the header names no ${missing.join(' or ')} column (accepted: ${accepted} …)` });
      return false;
    }
    return true;
  }

  /** A TSV or CSV data line: finds the wanted columns between separators, without an array per line. */
  private cutLine(line: string, n: number, zeek: boolean): boolean {
    const sep = this.sep;
    if (!zeek && line.indexOf('"') >= 0) {
      const values = splitCsv(line, sep);
      if (!values) return (this.skip(n, '引用符で囲んだ値が閉じていません / unterminated quoted field'), true);
      if (values.length !== this.columns) return (this.skip(n, `列が ${values.length} 個ありますが、見出し行は ${this.columns} 列です / ${values.length} columns, the header has ${this.columns}`), true);
      const v = (k: number) => (this.col[k] === NO_COLUMN ? undefined : values[this.col[k]!]);
      this.row(v(0), v(1), v(2), v(3), n);
      return true;
    }
    const col = this.col;
    const cs = this.cutStart;
    const ce = this.cutEnd;
    cs.fill(-1);
    let start = 0;
    let c = 0;
    for (;;) {
      const end = line.indexOf(sep, start);
      const stop = end < 0 ? line.length : end;
      for (let k = 0; k < 4; k++) {
        if (col[k] === c) {
          cs[k] = start;
          ce[k] = stop;
        }
      }
      c++;
      if (end < 0) break;
      start = end + sep.length;
    }
    if (c !== this.columns) return (this.skip(n, `列が ${c} 個ありますが、${zeek ? '#fields 見出し行' : '見出し行'}は ${this.columns} 列です / ${c} columns, the ${zeek ? '#fields header' : 'header'} has ${this.columns}`), true);
    const get = (k: number): string | undefined => {
      if (cs[k]! < 0) return undefined;
      const s = line.slice(cs[k], ce[k]);
      if (!zeek) return s;
      if (s === this.unset) return undefined;
      if (s === this.empty) return '';
      return s;
    };
    this.row(get(0), get(1), get(2), get(3), n, zeek);
    return true;
  }

  private jsonLine(line: string, n: number): boolean {
    const s = line.trim();
    if (s === '[' || s === ']' || s === ',') return true;
    let obj: unknown;
    try {
      obj = JSON.parse(s.endsWith(',') ? s.slice(0, -1) : s);
    } catch (e) {
      return (this.skip(n, `JSON として読めません（${(e as Error).message}） / not valid JSON (${(e as Error).message})`), true);
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return (this.skip(n, 'JSON オブジェクトではありません / not a JSON object'), true);
    const values: (string | undefined)[] = [undefined, undefined, undefined, undefined];
    const rank = [Infinity, Infinity, Infinity, Infinity];
    for (const [key, v] of Object.entries(obj as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const hit = FIELD_BY_ALIAS.get(normaliseColumn(key));
      if (!hit) continue;
      if (key === 'id.orig_h') this.zeekJson = true;
      const k = FIELDS.indexOf(hit.field);
      if (rank[k]! <= hit.rank) continue;
      rank[k] = hit.rank;
      values[k] = String(v);
    }
    this.row(values[0], values[1], values[2], values[3], n);
    return true;
  }

  private row(client: string | undefined, query: string | undefined, ts: string | undefined, rcode: string | undefined, n: number, zeek = false): void {
    if (this.batch.length >= this.batch.capacity) this.flush();
    const b = this.batch;
    const row = b.length;
    if (client === undefined || client.trim() === '') return this.skip(n, 'クライアントのアドレスがありません / no client address');
    const family = parseAddressInto(client, b.client, row);
    if (!family) return this.skip(n, `クライアント「${client.slice(0, 100)}」は IP アドレスではありません / client "${client.slice(0, 100)}" is not an IP address`);
    const name = normaliseQuery(query, zeek);
    if (!name) return this.skip(n, '問い合わせ名がありません / no query name');
    let start = NaN;
    if (ts !== undefined && ts.trim() !== '') {
      start = parseTime(ts, this.offset);
      if (!Number.isFinite(start)) return this.skip(n, `ts「${ts.slice(0, 100)}」は時刻として読めません / ts "${ts.slice(0, 100)}" is not a time`);
    }
    b.family[row] = family;
    b.query[row] = name;
    b.start[row] = start;
    b.rcode[row] = rcode === undefined ? RCODE_UNKNOWN : rcodeIndex(rcode);
    b.line[row] = n;
    b.length++;
    this.emitted++;
  }
}

function rcodeIndex(s: string): number {
  const t = s.trim();
  if (/^\d{1,2}$/.test(t)) return Number(t) < DNS_RCODES.length ? Number(t) : RCODE_UNKNOWN;
  return RCODE_INDEX.get(t.toUpperCase()) ?? RCODE_UNKNOWN;
}

/** Zeek writes bytes it will not print as `\xNN`. */
function unescapeZeek(s: string): string {
  return s.indexOf('\\x') < 0 ? s : s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Lower case, no trailing dot; '' when there is no name. */
export function normaliseQuery(query: string | undefined, zeek = false): string {
  if (query === undefined) return '';
  let q = zeek ? unescapeZeek(query) : query;
  q = q.trim();
  if (q.endsWith('.')) q = q.slice(0, -1);
  for (let i = 0; i < q.length; i++) {
    const c = q.charCodeAt(i);
    if (c >= 65 && c <= 90) return q.toLowerCase();
    if (c > 127) return q.toLowerCase();
  }
  return q;
}

/** Reads a whole DNS log held in memory. */
export function readDnsLog(text: string | Uint8Array, options: DnsReaderOptions = {}): { batches: DnsBatch[]; report: DnsReport } {
  const batches: DnsBatch[] = [];
  const reader = new DnsLogReader((b) => batches.push(b), options);
  reader.push(text);
  return { batches, report: reader.end() };
}
