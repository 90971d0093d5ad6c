/**
 * Threat indicators as every importer returns them, and the normalisation they share: one
 * canonical text per value (so the same address from two feeds compares equal), TLP names,
 * categories from free-form labels, and timestamps as ISO 8601 UTC.
 */
import { describeIpError, parseIpLike } from './ip.ts';

export type IndicatorType = 'ipv4' | 'ipv6' | 'cidr' | 'range' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256';
export type Tlp = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';

export interface Indicator {
  type: IndicatorType;
  /** Normalised: RFC 5952 / dotted quad, network/len with host bits cleared, lower-case A-label domains, WHATWG URL, lower-case hex. */
  value: string;
  /** c2, scanner, phishing, malware-distribution, malware, botnet, bruteforce, spam, … (see CATEGORY_RULES). */
  category?: string;
  /** 0-100. */
  confidence?: number;
  /** ISO 8601 UTC. */
  firstSeen?: string;
  lastSeen?: string;
  /** After this instant the indicator no longer matches. */
  validUntil?: string;
  tlp?: Tlp;
  tags: string[];
  source?: string;
  /** The id in the source: STIX object id, MISP attribute uuid, Spamhaus SBL number… */
  externalId?: string;
  /** Free text from the source (STIX name, MISP comment, Zeek meta.desc). */
  description?: string;
}

export interface ParseIssue {
  line?: number;
  /** Where in a structured document, e.g. `objects[3] indicator--…` or `Event.Attribute[2]`. */
  position?: string;
  message: string;
}

/** `errors`: entries skipped as malformed or unsupported. `warnings`: entries taken after a change, or left out on purpose (non-IDS, unsupported type). */
export interface ParseResult {
  indicators: Indicator[];
  errors: ParseIssue[];
  warnings: ParseIssue[];
}

export const emptyResult = (): ParseResult => ({ indicators: [], errors: [], warnings: [] });

export type Normalised = { type: IndicatorType; value: string; warning?: string } | { error: string };

/** `hxxp://evil[.]example` as reports write it, made usable again. */
export function refang(s: string): string {
  if (!s.includes('[') && !s.includes('(') && !s.startsWith('hxxp') && !s.startsWith('fxp')) return s;
  let t = s.split('[.]').join('.').split('(.)').join('.').split('[:]').join(':').split('[://]').join('://');
  if (t.startsWith('hxxp')) t = `http${t.slice(4)}`;
  return t;
}

export function normaliseIp(raw: string): Normalised {
  const p = parseIpLike(raw);
  if (!p) return { error: describeIpError(raw.trim()) };
  const type: IndicatorType = p.kind === 'address' ? (p.family === 4 ? 'ipv4' : 'ipv6') : p.kind;
  const warning = p.kind === 'cidr' && p.hostBits ? `'${raw.trim()}' has host bits set; taken as ${p.value}` : undefined;
  return warning ? { type, value: p.value, warning } : { type, value: p.value };
}

function validAsciiDomain(d: string): boolean {
  if (d.length < 3 || d.length > 253) return false;
  let label = 0;
  let labels = 1;
  let lastLabelDigits = true;
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    if (c === 46) {
      if (label === 0) return false;
      label = 0;
      labels++;
      lastLabelDigits = true;
      continue;
    }
    const digit = c >= 48 && c <= 57;
    if (!(digit || (c >= 97 && c <= 122) || c === 45 || c === 95)) return false;
    if (!digit) lastLabelDigits = false;
    if (++label > 63) return false;
  }
  return label > 0 && labels >= 2 && !lastLabelDigits;
}

/**
 * Lower case, no trailing dot, `*.`/leading-dot wildcard dropped (domain indicators always
 * match subdomains), Unicode names converted to their A-label (punycode) form so both
 * spellings match. At least two labels; the last not all digits.
 */
export function normaliseDomain(raw: string): string | undefined {
  let d = refang(raw.trim()).toLowerCase();
  if (d.startsWith('*.')) d = d.slice(2);
  else if (d.startsWith('.')) d = d.slice(1);
  if (d.endsWith('.')) d = d.slice(0, -1);
  let ascii = true;
  for (let i = 0; i < d.length; i++) if (d.charCodeAt(i) > 127) ascii = false;
  if (!ascii) {
    if (/[\s/:?#@\\%]/.test(d)) return undefined;
    try {
      d = new URL(`http://${d}/`).hostname;
    } catch {
      return undefined;
    }
  }
  return validAsciiDomain(d) ? d : undefined;
}

/** WHATWG URL serialisation (scheme and host lower case, IDNA host, default port dropped); `http://` added when the scheme is missing. */
export function normaliseUrl(raw: string): string | undefined {
  let s = refang(raw.trim());
  if (!s || /\s/.test(s)) return undefined;
  if (!s.includes('://')) s = `http://${s}`;
  try {
    const u = new URL(s);
    return u.hostname ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const HASH_LENGTH: Record<string, 'md5' | 'sha1' | 'sha256'> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** Lower-case hex of the length its type needs; `type` undefined guesses from the length. */
export function normaliseHash(raw: string, type?: 'md5' | 'sha1' | 'sha256'): Normalised {
  const h = raw.trim().toLowerCase();
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return { error: `'${raw}' is not a hexadecimal hash` };
  }
  const byLength = HASH_LENGTH[h.length];
  if (!byLength || (type && byLength !== type)) return { error: `'${raw}' has ${h.length} hex digits, not a${type ? `n ${type.toUpperCase()}` : ' MD5/SHA-1/SHA-256'} hash` };
  return { type: byLength, value: h };
}

export type ValueKind = 'ip' | 'domain' | 'url' | 'hash' | IndicatorType;

/** Normalises a value of a known kind; `ip` takes an address, CIDR or range; `hash` guesses by length. */
export function normalise(kind: ValueKind, raw: string): Normalised {
  switch (kind) {
    case 'ip': case 'ipv4': case 'ipv6': case 'cidr': case 'range': {
      const r = normaliseIp(refang(raw));
      const mismatch = 'type' in r && (kind === 'ipv4' || kind === 'ipv6') && (r.type === 'ipv4' || r.type === 'ipv6') && r.type !== kind;
      return mismatch ? { error: `'${raw}' is not an ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} address` } : r;
    }
    case 'domain': {
      const d = normaliseDomain(raw);
      return d ? { type: 'domain', value: d } : { error: `'${raw}' is not a valid domain name` };
    }
    case 'url': {
      const u = normaliseUrl(raw);
      return u ? { type: 'url', value: u } : { error: `'${raw}' is not a valid URL` };
    }
    case 'hash': return normaliseHash(raw);
    case 'md5': case 'sha1': case 'sha256': return normaliseHash(raw, kind);
  }
}

/** Guesses the kind of a bare value (blocklists): IP-like, URL, hash, else domain. */
export function classify(raw: string): Normalised {
  const s = refang(raw.trim());
  if (s.includes('://')) return normalise('url', s);
  // A colon outside a URL can only be IPv6 (domains have none).
  if (s.includes(':')) return normaliseIp(s);
  let ipLike = s.length > 0;
  for (let i = 0; i < s.length && ipLike; i++) {
    const c = s.charCodeAt(i);
    ipLike = (c >= 48 && c <= 57) || c === 46 || c === 47 || c === 45 || c === 32;
  }
  if (ipLike) return normaliseIp(s);
  if (s.length >= 32) {
    const h = normaliseHash(s);
    if ('value' in h) return h;
  }
  if (s.includes('/')) return normalise('url', s);
  return normalise('domain', s);
}

/** `tlp:white`, `TLP:AMBER+STRICT`, `clear`… → the TLP 2.0 name (WHITE is CLEAR in TLP 2.0). */
export function parseTlp(raw: string): Tlp | undefined {
  let s = raw.trim().toLowerCase();
  if (s.startsWith('tlp:')) s = s.slice(4);
  else if (s.startsWith('tlp-') || s.startsWith('tlp_')) s = s.slice(4);
  switch (s) {
    case 'white': case 'clear': return 'CLEAR';
    case 'green': return 'GREEN';
    case 'amber': return 'AMBER';
    case 'amber+strict': case 'amber-strict': return 'AMBER+STRICT';
    case 'red': return 'RED';
    default: return undefined;
  }
}

const TLP_ORDER: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
/** The more restrictive of two markings (an object marked twice keeps the stricter). */
export const stricterTlp = (a: Tlp | undefined, b: Tlp | undefined): Tlp | undefined =>
  !a ? b : !b ? a : TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b) ? a : b;

/** Phrases (matched on word boundaries, lower case) that name a category; first rule wins. */
export const CATEGORY_RULES: [string, string[]][] = [
  ['c2', ['c2', 'c&c', 'cnc', 'c2 server', 'botnet cc', 'command and control', 'command-and-control', 'botnet c2']],
  ['phishing', ['phishing', 'phish']],
  ['bruteforce', ['bruteforce', 'brute force', 'brute-force']],
  ['scanner', ['scanner', 'scanning', 'scan', 'port scan']],
  ['malware-distribution', ['malware distribution', 'malware download', 'payload delivery', 'exploit kit', 'dropper', 'malware-distribution']],
  ['botnet', ['botnet', 'bot']],
  ['spam', ['spam', 'spammer']],
  ['anonymisation', ['tor', 'tor exit', 'proxy', 'anonymizer', 'anonymization', 'vpn']],
  ['malware', ['malware', 'trojan', 'ransomware', 'backdoor', 'rat', 'stealer', 'malicious activity', 'malicious-activity']],
  ['compromised', ['compromised']],
  ['anomalous', ['anomalous activity', 'anomalous-activity']],
  ['benign', ['benign']],
];

const words = (s: string): string =>
  ` ${s.toLowerCase().split('').map((c) => (/[a-z0-9&]/.test(c) ? c : ' ')).join('').split(' ').filter(Boolean).join(' ')} `;

/** The first category whose phrase occurs in any of the terms (labels, tags, types). */
export function categoryFrom(terms: readonly (string | undefined)[]): string | undefined {
  const texts = terms.filter((t): t is string => !!t).map(words);
  for (const [category, phrases] of CATEGORY_RULES) {
    for (const phrase of phrases) {
      const p = words(phrase);
      if (texts.some((t) => t.includes(p))) return category;
    }
  }
  return undefined;
}

/**
 * ISO 8601 UTC from what feeds write: ISO with zone, `YYYY-MM-DD HH:MM:SS` (taken as UTC),
 * `YYYY-MM-DD`, or Unix seconds (number or digits). Undefined when it is none of those.
 */
export function isoTime(v: unknown): string | undefined {
  let ms: number;
  if (typeof v === 'number' || (typeof v === 'string' && v.length > 0 && v.length <= 12 && [...v].every((c) => c >= '0' && c <= '9'))) {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) return undefined;
    ms = n < 1e11 ? n * 1000 : n;
  } else if (typeof v === 'string') {
    let s = v.trim();
    if (s.length < 10 || s[4] !== '-' || s[7] !== '-') return undefined;
    if (s.length === 10) s += 'T00:00:00Z';
    else if (s[10] === ' ') s = `${s.slice(0, 10)}T${s.slice(11)}`;
    if (s.length === 19) s += 'Z';
    ms = Date.parse(s);
  } else return undefined;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** 0-100 integer or undefined. */
export function confidenceOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100 ? Math.round(n) : undefined;
}

/** Drops undefined and empty optional fields so results compare and serialise cleanly (explicit checks: this runs once per entry on million-line lists). */
export function makeIndicator(b: Omit<Indicator, 'tags'> & { tags?: string[] }): Indicator {
  const out: Indicator = { type: b.type, value: b.value, tags: b.tags ?? [] };
  if (b.category) out.category = b.category;
  if (b.confidence !== undefined) out.confidence = b.confidence;
  if (b.firstSeen) out.firstSeen = b.firstSeen;
  if (b.lastSeen) out.lastSeen = b.lastSeen;
  if (b.validUntil) out.validUntil = b.validUntil;
  if (b.tlp) out.tlp = b.tlp;
  if (b.source) out.source = b.source;
  if (b.externalId) out.externalId = b.externalId;
  if (b.description) out.description = b.description;
  return out;
}
