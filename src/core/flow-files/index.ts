/**
 * Flow file import: nfdump 1.7 capture files, Zeek conn.log, CSV and JSON flow exports, each
 * read from chunks into FlowBatch rows with a report of what was taken and what was not.
 * Formats and choices: docs/formats/flow-files.md.
 */
import type { BatchSink, FlowFileFormat, ImportReport } from './common.ts';
import { FlowTextReader, type CsvOptions } from './csv.ts';
import { NfcapdReader } from './nfcapd.ts';
import { ZeekConnReader, type ZeekExtra } from './zeek.ts';

export * from './common.ts';
export { FlowTextReader, NFDUMP_CSV_HEADER, readFlowText, type CsvOptions, type CsvReport } from './csv.ts';
export { FLOW_COLUMN_ALIASES, type FlowField } from './flow-columns.ts';
export { Lz4Error, lz4DecompressBlock } from './lz4.ts';
export { NfcapdReader, readNfcapd, type NfcapdExporter, type NfcapdReport, type NfcapdSampler, type NfcapdStat } from './nfcapd.ts';
export { DNS_COLUMN_ALIASES, DNS_LOG_FORMATS, DNS_RCODES, DnsBatch, DnsLogReader, RCODE_UNKNOWN, detectDnsLogFormat, normaliseQuery, readDnsLog, type DnsBatchSink, type DnsLogFormat, type DnsReaderOptions, type DnsReport } from './dns.ts';
export { ZEEK_CONN_STATES, ZeekConnReader, isEstablished, readZeekConn, tcpFlagsFromHistory, type ZeekExtra, type ZeekReport } from './zeek.ts';

/**
 * Guesses the format from the first bytes of a file (a few KiB are plenty): the nfdump magic,
 * Zeek's header lines or keys, a JSON object or array, or a delimited header line.
 */
export function detectFlowFileFormat(head: Uint8Array): FlowFileFormat | undefined {
  if (head.length >= 2 && ((head[0] === 0x0c && head[1] === 0xa5) || (head[0] === 0xa5 && head[1] === 0x0c))) return 'nfcapd';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 8192)).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('#separator') || text.startsWith('#fields') || text.startsWith('#path\tconn')) return 'zeek';
  if (text.startsWith('{')) return /^\{[^\n]*"id\.orig_h"/.test(text) ? 'zeek' : 'jsonl';
  if (text.startsWith('[')) return 'jsonl';
  const first = text.split('\n', 1)[0] ?? '';
  if (/[,;\t|]/.test(first) && !/[\x00-\x08]/.test(first)) return 'csv';
  return undefined;
}

export interface FlowFileReader {
  push(chunk: Uint8Array | string): void;
  end(): ImportReport;
}

/** One reader interface over the four formats. The Zeek reader passes its conn_state column as `extra`. */
export function createFlowFileReader(format: FlowFileFormat, sink: BatchSink<ZeekExtra | undefined>, options: CsvOptions = {}): FlowFileReader {
  switch (format) {
    case 'nfcapd': {
      const r = new NfcapdReader((b) => sink(b, undefined), options);
      return {
        push: (chunk) => r.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk),
        end: () => r.end(),
      };
    }
    case 'zeek':
      return new ZeekConnReader(sink, options);
    case 'csv':
    case 'jsonl':
      return new FlowTextReader((b) => sink(b, undefined), { ...options, format });
  }
}
