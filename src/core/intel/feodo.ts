/**
 * abuse.ch Feodo Tracker botnet C2 blocklist, CSV (`ipblocklist.csv`, `…_recommended.csv`):
 * a `#` banner, then the header
 *   "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
 * and quoted rows. The older format (until 2021) put the header in a comment,
 *   # Firstseen,DstIP,DstPort,LastOnline,Malware
 * with unquoted rows; both are read, as is the JSON form (`ipblocklist.json`). Every entry is
 * a C2 server: category `c2`, the malware family and port as tags.
 */
import type { ImportOptions } from './blocklist.ts';
import { type Indicator, type ParseResult, emptyResult, isoTime, makeIndicator, normalise } from './indicator.ts';

const DEFAULT_SOURCE = 'abuse.ch Feodo Tracker';

/** One CSV record (RFC 4180 quoting, `""` inside quotes); undefined when a quote is left open. */
export function csvFields(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (line.charCodeAt(i) === 32) i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      while (line.charCodeAt(i) === 32) i++;
      if (i < line.length && line[i] !== ',') return undefined;
    } else {
      const c = line.indexOf(',', i);
      field = (c < 0 ? line.slice(i) : line.slice(i, c)).trim();
      i = c < 0 ? line.length : c;
    }
    out.push(field);
    if (i >= line.length) return out;
    i++;
  }
}

type Column = 'first' | 'ip' | 'port' | 'status' | 'last' | 'malware';
const NAMES: Record<string, Column> = {
  first_seen_utc: 'first', firstseen: 'first', first_seen: 'first', dst_ip: 'ip', dstip: 'ip', ip_address: 'ip', dst_port: 'port', dstport: 'port',
  port: 'port', c2_status: 'status', status: 'status', last_online: 'last', lastonline: 'last', malware: 'malware',
};
/** Column layouts by field count when no header was seen. */
const POSITIONAL: Record<number, Column[]> = {
  6: ['first', 'ip', 'port', 'status', 'last', 'malware'],
  5: ['first', 'ip', 'port', 'last', 'malware'],
  4: ['first', 'ip', 'port', 'malware'],
  3: ['first', 'ip', 'port'],
};

function header(fields: string[]): (Column | undefined)[] | undefined {
  const cols = fields.map((f) => NAMES[f.trim().toLowerCase()]);
  return cols.includes('ip') ? cols : undefined;
}

export function parseFeodoCsv(text: string, options: ImportOptions = {}): ParseResult {
  if (text.trimStart().startsWith('[')) return parseFeodoJson(text, options);
  const result = emptyResult();
  let columns: (Column | undefined)[] | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const h = line.slice(1).trim();
      if (!columns && h.includes(',')) columns = header(csvFields(h) ?? []);
      continue;
    }
    const fields = csvFields(line);
    if (!fields) {
      result.errors.push({ line: i + 1, message: 'unterminated quoted field' });
      continue;
    }
    if (!columns && header(fields)) {
      columns = header(fields);
      continue;
    }
    const cols = columns ?? POSITIONAL[fields.length];
    if (!cols || fields.length !== cols.length) {
      result.errors.push({ line: i + 1, message: `expected ${cols?.length ?? '3-6'} fields, found ${fields.length}` });
      continue;
    }
    const row: Partial<Record<Column, string>> = {};
    cols.forEach((c, k) => c && (row[c] = fields[k]));
    take(row, i + 1, undefined, result, options);
  }
  return result;
}

function take(row: Partial<Record<Column, string>>, line: number | undefined, position: string | undefined, result: ParseResult, options: ImportOptions) {
  const where = line !== undefined ? { line } : { position };
  if (!row.ip) {
    result.errors.push({ ...where, message: 'no IP address in the row' });
    return;
  }
  const n = normalise('ip', row.ip);
  if ('error' in n || (n.type !== 'ipv4' && n.type !== 'ipv6')) {
    result.errors.push({ ...where, message: 'error' in n ? n.error : `'${row.ip}' is not a single address` });
    return;
  }
  const tags = [...(options.tags ?? [])];
  const malware = row.malware && row.malware !== 'None' ? row.malware : undefined;
  if (malware) tags.push(`malware:${malware}`);
  if (row.port && /^\d{1,5}$/.test(row.port)) tags.push(`port:${row.port}`);
  if (row.status) tags.push(`c2_status:${row.status.toLowerCase()}`);
  const firstSeen = row.first ? isoTime(row.first) : undefined;
  if (row.first && !firstSeen) result.warnings.push({ ...where, message: `first seen '${row.first}' is not a date; left out` });
  const ind: Indicator = makeIndicator({
    type: n.type, value: n.value, category: options.category ?? 'c2', confidence: options.confidence, tlp: options.tlp ?? 'CLEAR',
    source: options.source ?? DEFAULT_SOURCE, firstSeen, lastSeen: row.last ? isoTime(row.last) : undefined,
    description: malware ? `${malware} C2${row.port ? ` port ${row.port}` : ''}` : undefined, tags,
  });
  result.indicators.push(ind);
}

/** `ipblocklist.json`: an array of {ip_address, port, status, first_seen, last_online, malware}. */
export function parseFeodoJson(text: string, options: ImportOptions = {}): ParseResult {
  const result = emptyResult();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    result.errors.push({ message: `not valid JSON: ${(e as Error).message}` });
    return result;
  }
  if (!Array.isArray(data)) {
    result.errors.push({ message: 'expected a JSON array of entries' });
    return result;
  }
  data.forEach((e: Record<string, unknown>, k) => {
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
    const row = { ip: str(e?.ip_address), port: str(e?.port), status: str(e?.status), first: str(e?.first_seen), last: str(e?.last_online), malware: str(e?.malware) };
    take(row, undefined, `[${k}]`, result, options);
  });
  return result;
}
