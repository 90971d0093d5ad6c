/**
 * Parsing of the text values flow exports use: addresses, protocol names, TCP flag strings,
 * times. Shared by the Zeek and CSV/JSON readers; each returns a sentinel on bad input rather
 * than throwing, so the reader can report the line and go on.
 */
import { WORDS_PER_ADDRESS } from '../flows/batch.ts';

/**
 * Parses an IPv4 or IPv6 address (optionally in brackets, with a `%zone` that is dropped)
 * into `column` at `row`. Returns 4 or 6 (the family), or 0 when the text is not an address.
 * IPv4 goes in IPv4-mapped form as `FlowBatch` wants; an IPv4-mapped IPv6 address counts as IPv4.
 */
export function parseAddressInto(text: string, column: Uint32Array, row: number): 0 | 4 | 6 {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const w = row * WORDS_PER_ADDRESS;
  if (s.indexOf(':') < 0) {
    const v4 = parseIPv4(s);
    if (v4 < 0) return 0;
    column[w] = 0;
    column[w + 1] = 0;
    column[w + 2] = 0xffff;
    column[w + 3] = v4;
    return 4;
  }
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  const groups = parseIPv6Groups(s);
  if (!groups) return 0;
  for (let k = 0; k < 4; k++) column[w + k] = ((groups[2 * k]! << 16) | groups[2 * k + 1]!) >>> 0;
  if (column[w] === 0 && column[w + 1] === 0 && column[w + 2] === 0xffff) return 4;
  return 6;
}

/** Dotted quad to an unsigned 32-bit number, or -1. */
export function parseIPv4(s: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 3 || (digits > 0 && part === 0)) return -1; // no leading zeros (octal ambiguity)
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

function parseIPv6Groups(s: string): number[] | null {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const parseSide = (side: string): number[] | null => {
    if (side === '') return [];
    const out: number[] = [];
    const parts = side.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.indexOf('.') >= 0) {
        const v4 = parseIPv4(p);
        if (v4 < 0) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  if (dbl < 0) {
    const all = parseSide(s);
    return all && all.length === 8 ? all : null;
  }
  const head = parseSide(s.slice(0, dbl));
  const tail = parseSide(s.slice(dbl + 2));
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * Protocol names as nfdump 1.7 prints them (`nfdump -o csv`, column `pr`), index = number.
 * IANA keywords and common spellings are accepted as well (see PROTO_ALIASES).
 */
const NFDUMP_PROTOCOLS = (
  '0 ICMP IGMP GGP IPIP ST TCP CBT EGP IGP BBN NVPII PUP ARGUS ENCOM XNET CHAOS UDP MUX DCN HMP PRM XNS Trnk1 Trnk2 ' +
  'Leaf1 Leaf2 RDP IRTP ISO-4 NETBK MFESP MEINP DCCP 3PC IDPR XTP DDP IDPR TP++ IL IPv6 SDRP Rte6 Frag6 IDRP RSVP GRE ' +
  'MHRP BNA ESP AH INLSP SWIPE NARP MOBIL TLSP SKIP ICMP6 NOHE6 OPTS6 HOST CFTP NET SATNT KLAN RVD IPPC FS SATM VISA ' +
  'IPCV CPNX CPHB WSN PVP BSATM SUNND WBMON WBEXP ISOIP VMTP SVMTP VINES TTP NSIGP DGP TCF EIGRP OSPF S-RPC LARP MTP ' +
  'AX.25 OS MICP SCCSP ETHIP ENCAP 99 GMTP IFMP PNNI PIM ARIS SCPS QNX A/N IPcmp SNP CpqPP IPXIP VRRP PGM 0hop L2TP DDX ' +
  'IATP STP SRP UTI SMP SM PTP ISIS4 FIRE CRTP CRUDP 128 IPLT SPS PIPE SCTP FC 134 MHEAD UDP-L MPLS'
).split(' ');

const PROTO_ALIASES: Record<string, number> = {
  icmpv6: 58,
  'ipv6-icmp': 58,
  'icmp-v6': 58,
  ipv4: 4,
  'ip-in-ip': 4,
  ospfigp: 89,
  'udp-lite': 136,
  udplite: 136,
  'mpls-in-ip': 137,
};

const PROTO_BY_NAME = new Map<string, number>();
NFDUMP_PROTOCOLS.forEach((name, i) => {
  const key = name.toLowerCase();
  if (!/^\d+$/.test(key) && !PROTO_BY_NAME.has(key)) PROTO_BY_NAME.set(key, i);
});
for (const [k, v] of Object.entries(PROTO_ALIASES)) PROTO_BY_NAME.set(k, v);

/** A protocol number (0-255) or name (nfdump's or IANA's, any case) to a number; -1 if unknown. */
export function parseProto(text: string): number {
  const s = text.trim();
  if (/^\d{1,3}$/.test(s)) {
    const n = Number(s);
    return n <= 255 ? n : -1;
  }
  return PROTO_BY_NAME.get(s.toLowerCase()) ?? -1;
}

const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 };
const NFDUMP_FLAG_ORDER = 'CEUAPRSF';

/**
 * TCP flags from a number (decimal or 0x hex), nfdump's positional string (`...AP.SF`, the
 * order CEUAPRSF with dots for unset bits) or plain letters (`SA`, `FSPA`). -1 if unreadable.
 */
export function parseTcpFlags(text: string): number {
  const s = text.trim();
  if (s === '') return 0;
  if (/^\d+$/.test(s)) return Number(s) <= 255 ? Number(s) : -1;
  if (/^0x[0-9a-f]{1,2}$/i.test(s)) return parseInt(s.slice(2), 16);
  if (s.length === 8 && /^[.CEUAPRSF]+$/.test(s)) {
    let v = 0;
    for (let i = 0; i < 8; i++) {
      const c = s[i]!;
      if (c === '.') continue;
      if (c !== NFDUMP_FLAG_ORDER[i]) return -1;
      v |= 1 << (7 - i);
    }
    return v;
  }
  let v = 0;
  for (const c of s.toUpperCase()) {
    const bit = FLAG_BITS[c];
    if (bit === undefined) {
      if (c === '.' || c === ',' || c === ' ' || c === '|') continue;
      return -1;
    }
    v |= bit;
  }
  return v;
}

/**
 * A time to milliseconds since the epoch (UTC), or NaN.
 * Numbers are epoch seconds, milliseconds, microseconds or nanoseconds, told apart by
 * magnitude (below 1e11 seconds — up to year 5138 —, below 1e14 ms, below 1e17 µs, else ns).
 * Strings: ISO 8601 (`2024-05-01T12:00:00.123Z`, with offset or without) and nfdump's
 * `2024-05-01 12:00:00[.123]`; a time without zone is UTC plus `assumeOffsetMinutes`.
 */
export function parseTime(value: string | number, assumeOffsetMinutes = 0): number {
  if (typeof value === 'number') return epochNumberToMs(value);
  const s = value.trim();
  if (s === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(s)) return epochNumberToMs(Number(s));
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 60) return NaN;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec ?? 0));
  if (frac) ms += Math.round(Number(`0.${frac}`) * 1000);
  let offset = assumeOffsetMinutes;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  } else if (zone) {
    offset = 0;
  }
  return ms - offset * 60_000;
}

function epochNumberToMs(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

/** A non-negative count (packets, bytes). -1 when it is not one. Empty is 0. */
export function parseCount(text: string): number {
  const s = text.trim();
  if (s === '') return 0;
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Math.round(Number(s));
  return -1;
}

/** A port 0-65535; -1 when it is not one. Empty is 0. */
export function parsePort(text: string): number {
  const s = text.trim();
  if (s === '') return 0;
  if (!/^\d{1,5}$/.test(s)) return -1;
  const n = Number(s);
  return n <= 65535 ? n : -1;
}
