/**
 * What every flow-file reader shares: how batches leave the reader, and how problems are
 * reported. Readers never throw on bad input: they record an issue (with the byte offset or
 * line number), skip what they cannot read, and keep going where the format allows it; a
 * problem that makes the rest unreadable is recorded as `fatal` and the rest is ignored.
 */
import { FlowBatch } from '../flows/batch.ts';

export type FlowFileFormat = 'nfcapd' | 'zeek' | 'csv' | 'jsonl';

export interface ImportIssue {
  /** Byte offset in the input (binary formats). */
  offset?: number;
  /** 1-based line number (text formats). */
  line?: number;
  /** 0-based data block number (nfcapd). */
  block?: number;
  message: string;
}

export interface ImportReport {
  format: FlowFileFormat;
  /** Rows emitted into batches. */
  flows: number;
  /** Records or lines skipped because they were malformed or unusable. */
  skipped: number;
  /** False when input was missing, cut short or unreadable from some point on. */
  complete: boolean;
  /** The error that stopped reading, if any (also the last entry of `issues`). */
  fatal?: ImportIssue;
  /** The first `maxIssues` problems, in input order. */
  issues: ImportIssue[];
  /** Problems not listed because `issues` was full. */
  issuesOmitted: number;
}

/** Receives each batch when it is full and once more at `end()`; `extra` carries side columns of the same rows. */
export type BatchSink<E = undefined> = (batch: FlowBatch, extra: E) => void;

export interface ReaderOptions {
  /** Rows per batch (default 65 536). */
  batchSize?: number;
  /** Value written into `batch.exporter` (the input's index in a file list). Default 0. */
  fileIndex?: number;
  /** Hand the same batch object to the sink every time (cleared after the sink returns); saves allocation when the sink consumes it at once. */
  reuseBatch?: boolean;
  /** How many issues to keep in the report (default 100). */
  maxIssues?: number;
}

export const DEFAULT_BATCH_SIZE = 65_536;

/** The two halves of a message written as `日本語 / English` (a message without ` / ` is both). */
export function messageHalves(message: string): [ja: string, en: string] {
  const i = message.indexOf(' / ');
  return i < 0 ? [message, message] : [message.slice(0, i), message.slice(i + 3)];
}

/** The message of a skipped line or record: its reason (`日本語 / English`) and that it was skipped, in both languages. */
export function skippedMessage(reason: string): string {
  const [ja, en] = messageHalves(reason);
  return `${ja}。この行を読み飛ばしました / ${en}: skipped`;
}

/** Collects issues with a cap and counts the rest. */
export class IssueLog {
  readonly issues: ImportIssue[] = [];
  omitted = 0;
  fatal: ImportIssue | undefined;
  constructor(private readonly max: number) {}

  add(issue: ImportIssue): void {
    if (this.issues.length < this.max) this.issues.push(issue);
    else this.omitted++;
  }

  stop(issue: ImportIssue): void {
    if (this.fatal) return;
    this.fatal = issue;
    // The fatal error is always listed, even when the list is full.
    if (this.issues.length >= this.max) {
      this.issues.pop();
      this.omitted++;
    }
    this.issues.push(issue);
  }
}

/** Owns the current batch and hands it to the sink when full. */
export class BatchFiller<E = undefined> {
  batch: FlowBatch;
  extra: E;
  emitted = 0;
  private readonly size: number;
  private readonly reuse: boolean;

  constructor(
    private readonly sink: BatchSink<E>,
    options: ReaderOptions,
    private readonly makeExtra: (capacity: number) => E,
    private readonly clearExtra: (extra: E) => void = () => {},
  ) {
    this.size = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    this.reuse = options.reuseBatch ?? false;
    this.batch = new FlowBatch(this.size);
    this.extra = makeExtra(this.size);
  }

  /** Index of a fresh row (address words zeroed, sampling 1); flushes first when the batch is full. */
  row(): number {
    if (this.batch.length >= this.batch.capacity) this.flush();
    this.emitted++;
    return this.batch.next();
  }

  /** Like `row()` but leaves every column as it was: the caller must write all of them (hot paths). */
  rawRow(): number {
    if (this.batch.length >= this.batch.capacity) this.flush();
    this.emitted++;
    return this.batch.length++;
  }

  /** Drops the last row taken with `row()` (when a record turns out unusable after all). */
  unrow(): void {
    this.batch.length--;
    this.emitted--;
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.sink(this.batch, this.extra);
    if (this.reuse) {
      this.batch.clear();
      this.clearExtra(this.extra);
    } else {
      this.batch = new FlowBatch(this.size);
      this.extra = this.makeExtra(this.size);
    }
  }
}

/** Decodes byte chunks as UTF-8 across chunk boundaries; strings pass through. */
export class TextChunks {
  private readonly decoder = new TextDecoder('utf-8');
  decode(chunk: string | Uint8Array): string {
    return typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
  }
  end(): string {
    return this.decoder.decode();
  }
}

/**
 * Splits text chunks into lines (LF or CRLF), keeping the unfinished tail for the next chunk,
 * and numbers them from 1.
 */
export class LineSplitter {
  private tail = '';
  lineNo = 0;
  private readonly text = new TextChunks();

  push(chunk: string | Uint8Array, onLine: (line: string, lineNo: number) => boolean | void): boolean {
    const s = this.tail + this.text.decode(chunk);
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.lineNo++;
      if (onLine(s.slice(start, end), this.lineNo) === false) {
        this.tail = '';
        return false;
      }
      start = nl + 1;
    }
    this.tail = s.slice(start);
    return true;
  }

  end(onLine: (line: string, lineNo: number) => boolean | void): void {
    let s = this.tail + this.text.end();
    this.tail = '';
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (s.length) {
      this.lineNo++;
      onLine(s, this.lineNo);
    }
  }
}
