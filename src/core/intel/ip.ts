/**
 * IP addresses, CIDR prefixes and ranges as 128-bit values in four big-endian uint32 words —
 * the layout of FlowBatch columns. IPv4 is held IPv4-mapped (::ffff:a.b.c.d), so one ordering
 * covers both families; `family` says which text form an address came from.
 *
 * Parsers scan characters by hand (no regular expressions): they are linear in the input and
 * return `undefined` for anything that is not exactly an address; `describeIpError` says why.
 */
export type Words = readonly [number, number, number, number];
export type Family = 4 | 6;

export interface IpAddress {
  family: Family;
  words: Words;
}

/** An inclusive interval of addresses; a CIDR prefix or a single address is a special case. */
export interface IpRange {
  family: Family;
  lo: Words;
  hi: Words;
}

export interface IpCidr {
  family: Family;
  /** Network address with the host bits cleared. */
  network: Words;
  /** Prefix length in the family's own terms: 0-32 for IPv4, 0-128 for IPv6. */
  prefix: number;
  /** True when the text had host bits set (10.1.2.3/8); `network` is normalised regardless. */
  hostBits: boolean;
}

export const MAPPED_PREFIX: Words = [0, 0, 0xffff, 0];

export const v4Words = (v: number): Words => [0, 0, 0xffff, v >>> 0];
export const isMapped = (w: Words): boolean => w[0] === 0 && w[1] === 0 && w[2] === 0xffff;

/** Strict dotted quad: four decimal octets 0-255, no leading zeros (010 is octal to some tools), no spaces. */
export function parseIPv4(s: string): number | undefined {
  const n = s.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + octet;
}

function hexGroup(s: string): number {
  const n = s.length;
  if (n < 1 || n > 4) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Parses groups of one side of `::` into `out`; an embedded IPv4 is allowed only as the last group of the address. */
function groups(part: string, out: number[], last: boolean): boolean {
  if (part === '') return true;
  const items = part.split(':');
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (last && k === items.length - 1 && item.includes('.')) {
      const v4 = parseIPv4(item);
      if (v4 === undefined) return false;
      out.push(v4 >>> 16, v4 & 0xffff);
      continue;
    }
    const g = hexGroup(item);
    if (g < 0) return false;
    out.push(g);
  }
  return true;
}

/** Every RFC 4291 text form: full, `::`-compressed, embedded IPv4. Zone ids (`fe80::1%eth0`) are rejected. */
export function parseIPv6(s: string): Words | undefined {
  const n = s.length;
  if (n < 2 || n > 45 || s.includes('%')) return undefined;
  const dc = s.indexOf('::');
  const head: number[] = [];
  const tail: number[] = [];
  if (dc >= 0) {
    if (s.indexOf('::', dc + 1) >= 0) return undefined;
    if (!groups(s.slice(0, dc), head, false) || !groups(s.slice(dc + 2), tail, true)) return undefined;
    if (head.length + tail.length > 7) return undefined;
  } else if (!groups(s, head, true) || head.length !== 8) return undefined;
  const g = head;
  while (g.length + tail.length < 8) g.push(0);
  for (const t of tail) g.push(t);
  return [((g[0]! << 16) | g[1]!) >>> 0, ((g[2]! << 16) | g[3]!) >>> 0, ((g[4]! << 16) | g[5]!) >>> 0, ((g[6]! << 16) | g[7]!) >>> 0];
}

/** An address in either family; `::ffff:a.b.c.d` comes back as family 4, as FlowBatch stores it. */
export function parseAddress(s: string): IpAddress | undefined {
  if (s.includes(':')) {
    const words = parseIPv6(s);
    if (!words) return undefined;
    return { family: isMapped(words) ? 4 : 6, words };
  }
  const v4 = parseIPv4(s);
  return v4 === undefined ? undefined : { family: 4, words: v4Words(v4) };
}

/** Mask of the top `bits` bits of a 32-bit word (0-32), as an unsigned number. */
const wordMask = (bits: number): number => (bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0);

/** The first and last address of a prefix given in 128-bit terms. */
export function prefixBounds(network: Words, prefix128: number): { lo: Words; hi: Words } {
  const lo = [0, 0, 0, 0];
  const hi = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    const m = wordMask(prefix128 - 32 * k);
    lo[k] = (network[k]! & m) >>> 0;
    hi[k] = (lo[k]! | ~m) >>> 0;
  }
  return { lo: lo as unknown as Words, hi: hi as unknown as Words };
}

function parsePrefixLength(s: string, max: number): number | undefined {
  if (s.length < 1 || s.length > 3 || (s.length > 1 && s.charCodeAt(0) === 48)) return undefined;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return v <= max ? v : undefined;
}

/** `a.b.c.d/n` or `x::/n`. A mapped IPv6 prefix of /96 or longer is returned as IPv4. */
export function parseCidr(s: string): IpCidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0 || s.indexOf('/', slash + 1) >= 0) return undefined;
  const addr = parseAddress(s.slice(0, slash));
  if (!addr) return undefined;
  const v6Text = s.includes(':');
  let prefix = parsePrefixLength(s.slice(slash + 1), v6Text ? 128 : 32);
  if (prefix === undefined) return undefined;
  let family = addr.family;
  const prefix128 = v6Text ? prefix : prefix + 96;
  if (v6Text && family === 4) {
    if (prefix >= 96) prefix -= 96;
    else family = 6;
  }
  const { lo } = prefixBounds(addr.words, prefix128);
  const hostBits = lo.some((w, k) => w !== addr.words[k]);
  return { family, network: lo, prefix, hostBits };
}

export function compareWords(a: Words, b: Words): number {
  for (let k = 0; k < 4; k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
  return 0;
}

/** `lo-hi` (spaces around the dash allowed); both ends of one family and lo <= hi. */
export function parseRange(s: string): IpRange | undefined {
  const dash = s.indexOf('-');
  if (dash < 0 || s.indexOf('-', dash + 1) >= 0) return undefined;
  const a = parseAddress(s.slice(0, dash).trim());
  const b = parseAddress(s.slice(dash + 1).trim());
  if (!a || !b || a.family !== b.family || compareWords(a.words, b.words) > 0) return undefined;
  return { family: a.family, lo: a.words, hi: b.words };
}

/** The prefix length (128-bit terms) when [lo, hi] is exactly one CIDR block, else -1. */
export function rangeAsPrefix(lo: Words, hi: Words): number {
  let prefix = 0;
  let k = 0;
  while (k < 4 && lo[k] === hi[k]) {
    prefix += 32;
    k++;
  }
  if (k === 4) return 128;
  const diff = (lo[k]! ^ hi[k]!) >>> 0;
  const bits = Math.clz32(diff);
  const m = wordMask(bits);
  if ((lo[k]! & ~m) !== 0 || (hi[k]! | m) >>> 0 !== 0xffffffff) return -1;
  for (let j = k + 1; j < 4; j++) if (lo[j] !== 0 || hi[j] !== 0xffffffff) return -1;
  return prefix + bits;
}

export const formatIPv4 = (v: number): string => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;

/** RFC 5952: lower case, no leading zeros, the longest (first) run of two or more zero groups as `::`. */
export function formatIPv6(w: Words): string {
  if (isMapped(w)) return `::ffff:${formatIPv4(w[3])}`;
  const g: number[] = [];
  for (const x of w) g.push(x >>> 16, x & 0xffff);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

export const formatAddress = (a: IpAddress): string => (a.family === 4 ? formatIPv4(a.words[3]) : formatIPv6(a.words));

export function formatCidr(c: IpCidr): string {
  return `${formatAddress({ family: c.family, words: c.network })}/${c.prefix}`;
}

/** A short reason why `s` is not an address, prefix or range, for import reports. */
export function describeIpError(s: string): string {
  if (s.includes('%')) return `'${s}': IPv6 zone ids (%…) are not allowed in indicators`;
  const addr = s.split('/')[0]!.split('-')[0]!.trim();
  if (!addr.includes(':') && addr.split('.').some((o) => o.length > 1 && o.startsWith('0'))) {
    return `'${s}': leading zeros in an IPv4 octet are ambiguous (octal to some tools)`;
  }
  if (s.includes('/')) return `'${s}' is not a valid CIDR prefix (address/length, IPv4 0-32, IPv6 0-128)`;
  if (s.includes('-')) return `'${s}' is not a valid address range (first-last, same family, first <= last)`;
  return `'${s}' is not a valid IPv4 or IPv6 address`;
}

export type ParsedIp =
  | { kind: 'address'; family: Family; lo: Words; hi: Words; value: string }
  | { kind: 'cidr'; family: Family; lo: Words; hi: Words; value: string; hostBits: boolean }
  | { kind: 'range'; family: Family; lo: Words; hi: Words; value: string };

/**
 * An address, CIDR or range in normalised text form with its bounds. A /32 (/128) or a
 * one-address range becomes an address; a range that is exactly one block becomes a CIDR.
 */
export function parseIpLike(text: string): ParsedIp | undefined {
  const s = text.trim();
  // Text already in canonical form is kept as is (no second copy of a million values).
  const same = (v: string) => (v === s ? s : v);
  if (s.includes('/')) {
    const c = parseCidr(s);
    if (!c) return undefined;
    const { lo, hi } = prefixBounds(c.network, c.family === 4 ? c.prefix + 96 : c.prefix);
    if (c.prefix === (c.family === 4 ? 32 : 128)) return { kind: 'address', family: c.family, lo, hi, value: formatAddress({ family: c.family, words: lo }) };
    return { kind: 'cidr', family: c.family, lo, hi, value: same(formatCidr(c)), hostBits: c.hostBits };
  }
  if (s.includes('-')) {
    const r = parseRange(s);
    if (!r) return undefined;
    return fromRange(r);
  }
  const a = parseAddress(s);
  // A dotted quad that parsed is canonical (strict parser); IPv6 text may not be.
  return a && { kind: 'address', family: a.family, lo: a.words, hi: a.words, value: a.family === 4 && !s.includes(':') ? s : same(formatAddress(a)) };
}

/**
 * Bounds of an address, CIDR or range without allocating (for index builds over stored,
 * already normalised values): writes lo to out[0..3] and hi to out[4..7], returns the
 * family, or 0 when the text is not IP-like.
 */
export function parseIpBounds(text: string, out: Uint32Array): Family | 0 {
  const slash = text.indexOf('/');
  if (slash < 0 && !text.includes(':') && !text.includes('-')) {
    const v = parseIPv4(text);
    if (v === undefined) return 0;
    out[0] = out[4] = 0;
    out[1] = out[5] = 0;
    out[2] = out[6] = 0xffff;
    out[3] = out[7] = v;
    return 4;
  }
  if (slash > 0 && !text.includes(':')) {
    const v = parseIPv4(text.slice(0, slash));
    const len = parsePrefixLength(text.slice(slash + 1), 32);
    if (v === undefined || len === undefined) return 0;
    const m = wordMask(len);
    out[0] = out[4] = 0;
    out[1] = out[5] = 0;
    out[2] = out[6] = 0xffff;
    out[3] = (v & m) >>> 0;
    out[7] = (v | ~m) >>> 0;
    return 4;
  }
  let family: Family;
  let lo: Words;
  let hi: Words;
  if (slash > 0) {
    const c = parseCidr(text);
    if (!c) return 0;
    ({ lo, hi } = prefixBounds(c.network, c.family === 4 ? c.prefix + 96 : c.prefix));
    family = c.family;
  } else if (text.includes('-')) {
    const r = parseRange(text);
    if (!r) return 0;
    ({ family, lo, hi } = r);
  } else {
    const a = parseAddress(text);
    if (!a) return 0;
    ({ family, words: lo } = a);
    hi = lo;
  }
  for (let k = 0; k < 4; k++) {
    out[k] = lo[k]!;
    out[k + 4] = hi[k]!;
  }
  return family;
}

export function fromRange(r: IpRange): ParsedIp {
  const p = rangeAsPrefix(r.lo, r.hi);
  const fmt = (w: Words) => formatAddress({ family: r.family, words: w });
  if (p === 128) return { kind: 'address', family: r.family, lo: r.lo, hi: r.hi, value: fmt(r.lo) };
  if (p >= 0 && (r.family === 6 || p >= 96)) {
    return { kind: 'cidr', family: r.family, lo: r.lo, hi: r.hi, value: `${fmt(r.lo)}/${r.family === 4 ? p - 96 : p}`, hostBits: false };
  }
  return { kind: 'range', family: r.family, lo: r.lo, hi: r.hi, value: `${fmt(r.lo)}-${fmt(r.hi)}` };
}
