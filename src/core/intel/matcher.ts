/**
 * Flow matching: a flow whose one side lies in a member's prefixes (the internal side) and
 * whose other side matches an indicator is a sighting. Sightings go into preallocated typed
 * arrays, so scanning a batch allocates nothing.
 *
 * Both sides are looked up in the member set first (a few hundred prefixes: cache-resident);
 * only the other side of an internal address is looked up in the indicator set. A flow
 * between two members is checked both ways (one member's host can be another's indicator)
 * and can give two sightings. Indicator lookups return the most specific indicator only.
 */
import { WORDS_PER_ADDRESS, type FlowBatch } from '../flows/batch.ts';
import { DomainSet } from './domain-set.ts';
import type { Indicator } from './indicator.ts';
import { parseIpBounds } from './ip.ts';
import { PrefixSet, PrefixSetBuilder } from './prefix-set.ts';

export { DomainSet, type DomainMatch } from './domain-set.ts';

/** The member's host was the flow's source (it contacted the indicator). */
export const SIDE_SRC = 0;
/** The member's host was the flow's destination (the indicator contacted it). */
export const SIDE_DST = 1;

export class Sightings {
  length = 0;
  /** Row in the batch. */
  readonly row: Uint32Array;
  /** Member payload (institution index). */
  readonly institution: Int32Array;
  /** SIDE_SRC or SIDE_DST: which side of the flow is the member's. */
  readonly side: Uint8Array;
  /** Indicator payload (indicator index). */
  readonly indicator: Int32Array;

  constructor(readonly capacity: number) {
    this.row = new Uint32Array(capacity);
    this.institution = new Int32Array(capacity);
    this.side = new Uint8Array(capacity);
    this.indicator = new Int32Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }
}

export interface MatcherOptions {
  /** Per indicator payload, ms since the epoch after which it no longer matches (Infinity: never expires). Checked against the flow start. */
  validUntil?: Float64Array;
}

export class FlowMatcher {
  constructor(
    readonly members: PrefixSet,
    readonly indicators: PrefixSet,
    readonly options: MatcherOptions = {},
  ) {}

  /**
   * Scans rows [from, batch.length) and appends sightings to `out`. Stops early, before a row
   * whose sightings might not fit (each row needs room for two), and returns the row to resume
   * from; returns batch.length when the whole batch was scanned.
   */
  match(batch: FlowBatch, out: Sightings, from = 0): number {
    const members = this.members;
    const indicators = this.indicators;
    const until = this.options.validUntil;
    const { family, src, dst, start } = batch;
    const n = batch.length;
    const limit = out.capacity - 2;
    const oRow = out.row;
    const oInst = out.institution;
    const oSide = out.side;
    const oInd = out.indicator;
    let k = out.length;
    let row = from;
    for (; row < n; row++) {
      if (k > limit) break;
      const f = family[row]!;
      const w = row * WORDS_PER_ADDRESS;
      let ms: number;
      let md: number;
      if (f === 4) {
        ms = members.lookupV4(src[w + 3]!);
        md = members.lookupV4(dst[w + 3]!);
      } else {
        ms = members.lookupV6(src[w]!, src[w + 1]!, src[w + 2]!, src[w + 3]!);
        md = members.lookupV6(dst[w]!, dst[w + 1]!, dst[w + 2]!, dst[w + 3]!);
      }
      if (ms >= 0) {
        const i = f === 4 ? indicators.lookupV4(dst[w + 3]!) : indicators.lookupV6(dst[w]!, dst[w + 1]!, dst[w + 2]!, dst[w + 3]!);
        if (i >= 0 && (until === undefined || start[row]! <= until[i]!)) {
          oRow[k] = row;
          oInst[k] = ms;
          oSide[k] = SIDE_SRC;
          oInd[k++] = i;
        }
      }
      if (md >= 0) {
        const i = f === 4 ? indicators.lookupV4(src[w + 3]!) : indicators.lookupV6(src[w]!, src[w + 1]!, src[w + 2]!, src[w + 3]!);
        if (i >= 0 && (until === undefined || start[row]! <= until[i]!)) {
          oRow[k] = row;
          oInst[k] = md;
          oSide[k] = SIDE_DST;
          oInd[k++] = i;
        }
      }
    }
    out.length = k;
    return row;
  }
}

/** One member institution's registry entry: its prefixes (address, CIDR or range) and domains. */
export interface MemberPrefixes {
  institution: string;
  prefixes: readonly string[];
  domains?: readonly string[];
}

/** The address registry as a prefix set whose payload is the member's index; the most specific prefix decides. Throws on a malformed prefix, naming it. */
export function buildMemberSet(members: readonly MemberPrefixes[]): { addresses: PrefixSet; domains: DomainSet } {
  const b = new PrefixSetBuilder();
  const domains = new DomainSet();
  members.forEach((m, i) => {
    for (const p of m.prefixes) {
      try {
        b.add(p, i);
      } catch (e) {
        throw new SyntaxError(`${m.institution}: ${(e as Error).message}`);
      }
    }
    for (const d of m.domains ?? []) if (!domains.add(d, i)) throw new SyntaxError(`${m.institution}: '${d}' is not a domain name`);
  });
  return { addresses: b.build(), domains };
}

export interface IndicatorIndex {
  /** Addresses, CIDRs and ranges; payload = index into the indicator array. */
  addresses: PrefixSet;
  /** Domains (each matching its subdomains too); payload = index into the indicator array. */
  domains: DomainSet;
  validUntil: Float64Array;
  counts: { addresses: number; domains: number; expired: number; notMatchable: number; invalid: number };
}

/**
 * What the matcher needs from a list of indicators. Expired ones (validUntil before `now`)
 * are left out; URLs and hashes cannot match flow metadata and are counted, not indexed.
 * Between equal values the first in the list wins, so order the list by preference
 * (or merge duplicates) before building.
 */
export function buildIndicatorIndex(indicators: readonly Indicator[], now = Date.now()): IndicatorIndex {
  const b = new PrefixSetBuilder();
  const domains = new DomainSet();
  const validUntil = new Float64Array(indicators.length).fill(Infinity);
  const counts = { addresses: 0, domains: 0, expired: 0, notMatchable: 0, invalid: 0 };
  const w = new Uint32Array(8);
  for (let i = 0; i < indicators.length; i++) {
    const ind = indicators[i]!;
    if (ind.validUntil) {
      const t = Date.parse(ind.validUntil);
      if (t < now) {
        counts.expired++;
        continue;
      }
      if (Number.isFinite(t)) validUntil[i] = t;
    }
    switch (ind.type) {
      case 'ipv4': case 'ipv6': case 'cidr': case 'range': {
        const family = parseIpBounds(ind.value, w);
        if (!family) counts.invalid++;
        else {
          if (family === 4) b.addV4(w[3]!, w[7]!, i);
          else b.addRange([w[0]!, w[1]!, w[2]!, w[3]!], [w[4]!, w[5]!, w[6]!, w[7]!], i);
          counts.addresses++;
        }
        break;
      }
      case 'domain':
        if (domains.add(ind.value, i)) counts.domains++;
        else counts.invalid++;
        break;
      default:
        counts.notMatchable++;
    }
  }
  return { addresses: b.build(), domains, validUntil, counts };
}

/** DNS log rows for domain matching: the client's address (4 words a row, as in FlowBatch) and the query name. */
export interface DnsRows {
  length: number;
  family: Uint8Array;
  client: Uint32Array;
  query: readonly string[];
  start?: Float64Array;
}

/** A member's client that asked for an indicator domain is a sighting (side SIDE_SRC). Same resume contract as FlowMatcher.match. */
export function matchDns(rows: DnsRows, members: PrefixSet, domains: DomainSet, out: Sightings, options: MatcherOptions = {}, from = 0): number {
  let row = from;
  for (; row < rows.length; row++) {
    if (out.length >= out.capacity) break;
    const inst = members.lookupAt(rows.client, row, rows.family[row]!);
    if (inst < 0) continue;
    const i = domains.lookup(rows.query[row]!);
    if (i < 0 || (options.validUntil && rows.start && rows.start[row]! > options.validUntil[i]!)) continue;
    const k = out.length++;
    out.row[k] = row;
    out.institution[k] = inst;
    out.side[k] = SIDE_SRC;
    out.indicator[k] = i;
  }
  return row;
}
