/**
 * Plain blocklists, one entry a line, as FireHOL netsets, the Spamhaus DROP list and hosts
 * files are written: an address, CIDR, range (`a.b.c.d-e.f.g.h`), domain or URL; `#` and `;`
 * start comments (a trailing `; SBL123` is kept as the entry's external id); blank lines are
 * skipped. Hosts-file lines (`0.0.0.0 evil.example`) give the domain. Spamhaus' JSON-lines
 * form (`{"cidr":…,"sblid":…}`) is read too.
 */
import { type ParseResult, type Tlp, classify, emptyResult, makeIndicator } from './indicator.ts';

export interface ImportOptions {
  source?: string;
  category?: string;
  confidence?: number;
  tlp?: Tlp;
  tags?: string[];
}

const SINK_ADDRESSES = new Set(['0.0.0.0', '127.0.0.1', '::', '::1', '0', '255.255.255.255']);
const HOSTS_NAMES = new Set(['localhost', 'localhost.localdomain', 'local', 'broadcasthost', 'ip6-localhost', 'ip6-loopback', 'ip6-localnet',
  'ip6-mcastprefix', 'ip6-allnodes', 'ip6-allrouters', 'ip6-allhosts', '0.0.0.0']);

const isSpace = (c: number) => c === 32 || c === 9;

/** Splits on runs of spaces and tabs (no regular expression on untrusted lines). */
function tokens(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const space = i === s.length || isSpace(s.charCodeAt(i));
    if (space && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return out;
}

export function parseBlocklist(text: string, options: ImportOptions = {}): ParseResult {
  const result = emptyResult();
  const lines = text.split('\n');
  const add = (raw: string, line: number, comment: string | undefined, extraTags?: string[]) => {
    const n = classify(raw);
    if ('error' in n) {
      result.errors.push({ line, message: n.error });
      return;
    }
    if (n.warning) result.warnings.push({ line, message: n.warning });
    let externalId: string | undefined;
    let description: string | undefined;
    if (comment) {
      if (comment.startsWith('SBL') && comment.length > 3 && [...comment.slice(3)].every((c) => c >= '0' && c <= '9')) externalId = comment;
      else description = comment;
    }
    const tags = options.tags || extraTags ? [...(options.tags ?? []), ...(extraTags ?? [])] : [];
    result.indicators.push(makeIndicator({
      type: n.type, value: n.value, source: options.source, category: options.category, confidence: options.confidence, tlp: options.tlp,
      externalId, description, tags,
    }));
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const first = line.charCodeAt(0);
    if (first === 35 || first === 59) continue;
    line = line.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const lineNo = i + 1;
    if (line.startsWith('{')) {
      jsonLine(line, lineNo, result, add);
      continue;
    }
    let comment: string | undefined;
    const cut = commentStart(line);
    if (cut >= 0) {
      comment = line.slice(cut + 1).trim() || undefined;
      line = line.slice(0, cut).trim();
      if (!line) continue;
    }
    let hasSpace = false;
    for (let k = 0; k < line.length && !hasSpace; k++) hasSpace = isSpace(line.charCodeAt(k));
    if (!hasSpace) {
      add(line, lineNo, comment);
      continue;
    }
    const t = tokens(line);
    if (t.length === 3 && t[1] === '-') add(`${t[0]}-${t[2]}`, lineNo, comment);
    else if (SINK_ADDRESSES.has(t[0]!)) {
      // hosts file: "0.0.0.0 name [alias…]"; loopback names are part of every hosts file, not entries.
      for (const name of t.slice(1)) if (!HOSTS_NAMES.has(name.toLowerCase())) add(name, lineNo, comment);
    } else add(t[0]!, lineNo, comment ?? t.slice(1).join(' '));
  }
  return result;
}

/** `;` or `#` after a space; a bare `;` too unless the line holds a URL (whose query or fragment may contain both). */
function commentStart(line: string): number {
  const url = line.includes('://');
  for (let k = 0; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 59 && (!url || isSpace(line.charCodeAt(k - 1)))) return k;
    if (c === 35 && k > 0 && isSpace(line.charCodeAt(k - 1))) return k;
  }
  return -1;
}

function jsonLine(line: string, lineNo: number, result: ParseResult, add: (raw: string, line: number, comment: string | undefined, tags?: string[]) => void) {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    result.errors.push({ line: lineNo, message: `not valid JSON: ${(e as Error).message}` });
    return;
  }
  const o = obj as Record<string, unknown>;
  if (o.type === 'metadata') return;
  const value = [o.cidr, o.ip, o.value, o.domain].find((v) => typeof v === 'string') as string | undefined;
  if (!value) {
    result.errors.push({ line: lineNo, message: 'JSON line has no "cidr", "ip", "domain" or "value"' });
    return;
  }
  add(value, lineNo, typeof o.sblid === 'string' ? o.sblid : undefined, typeof o.rir === 'string' ? [`rir:${o.rir}`] : undefined);
}
