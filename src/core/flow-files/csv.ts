/**
 * Reader for flow records as CSV (a header line names the columns) or as JSON objects (one per
 * line, or a JSON array / pretty-printed objects such as `nfdump -o json` writes). Column
 * names are matched against FLOW_COLUMN_ALIASES (nfdump's `-o csv` and `-o json` names,
 * NetFlow/IPFIX element names, Zeek's, and the usual src/dst/sport/dport/proto/packets/bytes
 * spellings); an explicit `columns` mapping overrides them.
 *
 * Stream-friendly: `push()` text or bytes in chunks of any size (lines may straddle chunks);
 * batches go to the sink as they fill; `end()` flushes and returns the report. A line that
 * cannot be read is reported with its number and skipped.
 *
 * nfdump specifics: the `Summary` trailer of `nfdump -o csv` is skipped; `nfdump -q -o csv`
 * (no header line) is recognised by its 48 columns and read with nfdump's header. nfdump
 * prints local time without a zone: export with TZ=UTC, or pass `timeZoneOffsetMinutes`.
 */
import type { FlowBatch } from '../flows/batch.ts';
import { BatchFiller, IssueLog, LineSplitter, TextChunks, skippedMessage, type BatchSink, type ImportReport, type ReaderOptions } from './common.ts';
import { FLOW_COLUMN_ALIASES, fieldOf, fillFlowRow, resolveColumns, type FieldGetter, type FlowField } from './flow-columns.ts';

/** nfdump 1.7's `-o csv` header. */
export const NFDUMP_CSV_HEADER =
  'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr';

export interface CsvOptions extends ReaderOptions {
  /** Default: JSON when the first non-blank character is `{` or `[`, else CSV. */
  format?: 'csv' | 'jsonl';
  /** CSV delimiter; default: whichever of , ; tab | occurs most in the header line. */
  delimiter?: string;
  /** Minutes east of UTC for times written without a zone (default 0: UTC). */
  timeZoneOffsetMinutes?: number;
  /** Field → column (or JSON key) name, overriding the aliases. */
  columns?: Partial<Record<FlowField, string>>;
}

export interface CsvReport extends ImportReport {
  format: 'csv' | 'jsonl';
  lines: number;
  delimiter?: string;
  /** Which input column feeds each field (CSV). */
  columns: Partial<Record<FlowField, string>>;
  /** Header columns not used (CSV). */
  ignored: string[];
  /** Set when the header line was missing and nfdump's was assumed. */
  headerAssumed?: 'nfdump';
}

export class FlowTextReader {
  private readonly lines = new LineSplitter();
  private readonly log: IssueLog;
  private readonly fill: BatchFiller;
  private readonly offset: number;
  private readonly fileIndex: number;
  private format: 'csv' | 'jsonl' | undefined;
  private delimiter: string | undefined;
  private headerLine: string | undefined;
  private names: string[] = [];
  private index: Partial<Record<FlowField, number>> = {};
  private trailer = 0; // lines of nfdump's Summary trailer still to skip
  private skipped = 0;
  private readonly report: CsvReport;
  private json: JsonObjects | undefined;
  private readonly text = new TextChunks();
  private sniffed = '';

  constructor(sink: BatchSink, private readonly options: CsvOptions = {}) {
    this.log = new IssueLog(options.maxIssues ?? 100);
    this.fill = new BatchFiller(sink, options, () => undefined);
    this.offset = options.timeZoneOffsetMinutes ?? 0;
    this.fileIndex = options.fileIndex ?? 0;
    this.format = options.format;
    if (this.format === 'jsonl') this.json = this.jsonSplitter();
    this.delimiter = options.delimiter;
    this.report = { format: options.format ?? 'csv', lines: 0, flows: 0, skipped: 0, complete: true, issues: [], issuesOmitted: 0, columns: {}, ignored: [] };
  }

  push(chunk: string | Uint8Array): void {
    if (this.log.fatal) return;
    let text = this.text.decode(chunk);
    if (!this.format) {
      // Decide CSV or JSON on the first non-blank character.
      text = this.sniffed + text;
      const first = /\S/.exec(text);
      if (!first) return void (this.sniffed = text);
      this.sniffed = '';
      this.format = first[0] === '{' || first[0] === '[' ? 'jsonl' : 'csv';
      if (this.format === 'jsonl') this.json = this.jsonSplitter();
    }
    if (this.json) this.json.push(text);
    else this.lines.push(text, (line, n) => this.line(line, n));
  }

  end(): CsvReport {
    this.push(this.text.end());
    if (this.json) this.json.end();
    else if (!this.log.fatal && this.format) this.lines.end((line, n) => this.line(line, n));
    if (!this.log.fatal && !this.format) this.log.stop({ line: 1, message: '入力が空です（フローの記録がありません） / empty input: no flow records' });
    if (!this.log.fatal && this.format === 'csv' && !this.headerLine) this.log.stop({ line: 1, message: '見出し行がありません / no header line' });
    this.fill.flush();
    const r = this.report;
    Object.assign(r, {
      format: this.format ?? r.format, lines: this.json ? this.json.lineNo : this.lines.lineNo, flows: this.fill.emitted, skipped: this.skipped,
      complete: !this.log.fatal && this.skipped === 0, fatal: this.log.fatal, issues: this.log.issues, issuesOmitted: this.log.omitted,
    }); // prettier-ignore
    return r;
  }

  private jsonSplitter(): JsonObjects {
    return new JsonObjects((t, at) => this.object(t, at), (at, msg) => this.skip(at, msg));
  }

  private skip(line: number, message: string): void {
    this.skipped++;
    this.log.add({ line, message: skippedMessage(message) });
  }

  private line(line: string, n: number): boolean {
    if (line.trim() === '') return true;
    if (!this.headerLine) return this.header(line, n);
    if (line === this.headerLine) return true; // a repeated header (concatenated exports)
    if (this.trailer > 0) return (this.trailer--, true);
    if (line === 'Summary') return ((this.trailer = 2), true);
    const values = splitCsv(line, this.delimiter!);
    if (!values) return (this.skip(n, '引用符で囲んだ値が閉じていません / unterminated quoted field'), true);
    if (values.length !== this.names.length) return (this.skip(n, `列が ${values.length} 個ありますが、見出し行は ${this.names.length} 列です / ${values.length} columns, the header has ${this.names.length}`), true);
    const index = this.index;
    this.row((f) => {
      const i = index[f];
      return i === undefined ? undefined : values[i];
    }, n);
    return true;
  }

  private header(line: string, n: number): boolean {
    if (line.startsWith('#')) return true; // comment lines before the header
    if (!this.delimiter) {
      const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1]);
      this.delimiter = counts[0]![0];
    }
    let names = splitCsv(line, this.delimiter) ?? [];
    if (names.length === 48 && this.delimiter === ',' && /^\d{4}-\d\d-\d\d/.test(names[0]!)) {
      // `nfdump -q -o csv`: no header, this is already data.
      names = NFDUMP_CSV_HEADER.split(',');
      this.report.headerAssumed = 'nfdump';
      this.headerLine = NFDUMP_CSV_HEADER;
      this.setColumns(names);
      return this.line(line, n);
    }
    this.headerLine = line;
    this.setColumns(names.map((s) => s.trim()));
    const missing = (['src', 'dst'] as const).filter((f) => this.index[f] === undefined);
    if (missing.length) {
      const accepted = missing.map((f) => FLOW_COLUMN_ALIASES[f].slice(0, 6).join(', ')).join('; ');
      const ja = missing.map((f) => (f === 'src' ? '送信元' : '宛先')).join('・');
      const en = missing.map((f) => (f === 'src' ? 'source' : 'destination')).join(' or ');
      this.log.stop({ line: n, message: `見出し行に${ja}アドレスの列がありません（使える列名: ${accepted} …） / the header names no ${en} address column (accepted: ${accepted} …)` });
      return false;
    }
    return true;
  }

  private setColumns(names: string[]): void {
    this.names = names;
    const { index, ignored } = resolveColumns(names, this.options.columns);
    this.index = index;
    this.report.delimiter = this.delimiter;
    this.report.columns = Object.fromEntries(Object.entries(index).map(([f, i]) => [f, names[i!]!]));
    this.report.ignored = ignored;
  }

  private object(text: string, n: number): void {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return this.skip(n, `JSON として読めません（${(e as Error).message}） / not valid JSON (${(e as Error).message})`);
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return this.skip(n, 'JSON オブジェクトではありません / not a JSON object');
    // Per object: the most preferred key present for each field (explicit names first).
    const values: Partial<Record<FlowField, string | number>> = {};
    const rank: Partial<Record<FlowField, number>> = {};
    const explicit = this.options.columns ?? {};
    for (const [key, v] of Object.entries(obj as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const forced = (Object.keys(explicit) as FlowField[]).find((f) => explicit[f] === key);
      const hit = forced ? { field: forced, rank: -1 } : fieldOf(key);
      if (!hit || (rank[hit.field] ?? Infinity) <= hit.rank) continue;
      values[hit.field] = v;
      rank[hit.field] = hit.rank;
    }
    this.row((f) => values[f], n);
  }

  private row(get: FieldGetter, n: number): void {
    const row = this.fill.row();
    const b = this.fill.batch;
    const problem = fillFlowRow(b, row, get, this.offset);
    if (problem) {
      this.fill.unrow();
      return this.skip(n, problem);
    }
    b.exporter[row] = this.fileIndex;
  }
}

/** Splits a CSV line honouring "double quotes" ("" inside quotes is one quote). Null if a quote is left open. */
export function splitCsv(line: string, delimiter: string): string[] | null {
  if (line.indexOf('"') < 0) return line.split(delimiter);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (line.startsWith(delimiter, i)) (out.push(cur), (cur = ''), (i += delimiter.length - 1));
    else cur += c;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

/**
 * Splits a stream of JSON text into top-level objects, whatever the line breaks: JSON lines,
 * a JSON array of objects, pretty-printed objects. Between objects only white space, commas
 * and brackets are expected; anything else is reported once per line.
 */
class JsonObjects {
  lineNo = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending = '';
  private startLine = 0;
  private junkLine = -1;

  constructor(
    private readonly onObject: (text: string, line: number) => void,
    private readonly onJunk: (line: number, message: string) => void,
  ) {}

  push(s: string): void {
    let objStart = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) this.lineNo++;
      if (this.depth === 0) {
        if (c === 123) {
          this.depth = 1;
          objStart = i;
          this.startLine = this.lineNo;
        } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 44 && c !== 91 && c !== 93 && this.junkLine !== this.lineNo) {
          this.junkLine = this.lineNo;
          this.onJunk(this.lineNo, `JSON オブジェクトの外に予期しない「${s[i]}」があります / unexpected "${s[i]}" outside a JSON object`);
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (--this.depth === 0) {
          this.onObject(this.pending + s.slice(objStart, i + 1), this.startLine);
          this.pending = '';
          objStart = -1;
        }
      }
    }
    if (this.depth > 0) this.pending += s.slice(objStart);
  }

  end(): void {
    if (this.depth > 0) this.onJunk(this.startLine, 'JSON オブジェクトが入力の終わりまでに閉じていません / JSON object not closed at the end of the input');
  }
}

/** Reads a whole CSV or JSON text held in memory. */
export function readFlowText(text: string | Uint8Array, options: CsvOptions = {}): { batches: FlowBatch[]; report: CsvReport } {
  const batches: FlowBatch[] = [];
  const reader = new FlowTextReader((b) => batches.push(b), options);
  reader.push(text);
  return { batches, report: reader.end() };
}
