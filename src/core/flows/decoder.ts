/**
 * FlowDecoder: one UDP export packet (NetFlow v5, NetFlow v9 or IPFIX) into FlowBatch rows.
 * Pure logic: the collector owns the socket and the clock and passes both in. The decoder
 * keeps the template cache and per-exporter state, never throws on input, and never loops
 * forever: every loop advances by at least 4 bytes (sets, templates) or one non-empty record.
 *
 *   const decoder = new FlowDecoder();
 *   const r = decoder.decode(packet, { id: 3, key: '192.0.2.1:2055' }, Date.now(), batch);
 *   if (r.malformed) log(MALFORMED_NAMES[r.malformed]);
 *
 * Keep at least MAX_FLOWS_PER_PACKET rows free in the batch before each call (plus room for
 * buffered data sets released when a template arrives); rows that do not fit are counted in
 * `overflow` and lost.
 */
import type { FlowBatch } from './batch.ts';
import { decodeIpfix } from './ipfix.ts';
import { decodeV5 } from './netflow5.ts';
import { decodeV9 } from './netflow9.ts';
import { DecodeResult, DecodeTotals, Malformed } from './result.ts';
import { PacketScope } from './sets.ts';
import { type CacheLimits, type DomainStats, TemplateCache } from './templates.ts';

export { DecodeResult, DecodeTotals, MALFORMED_NAMES, Malformed, type MalformedReason } from './result.ts';
export type { DomainStats } from './templates.ts';

/** Most flows one packet can yield: a 65535-byte IPFIX message of 8-byte IPv4 records. */
export const MAX_FLOWS_PER_PACKET = 8190;

export interface Exporter {
  /** Index into the collector's exporter table, written to FlowBatch.exporter. */
  id: number;
  /** "address:port": templates and sequence numbers are kept per exporter key. */
  key: string;
}

export type FlowDecoderOptions = Partial<CacheLimits>;

export const DEFAULT_LIMITS: CacheLimits = {
  /** Cisco refreshes templates every 30 min by default; allow four refreshes to be lost. */
  templateTimeoutMs: 2 * 60 * 60 * 1000,
  /** Bounds the memory a flood of spoofed exporters or templates can take (tens of MB at most). */
  maxTemplates: 16_384,
  maxExporters: 4096,
  maxDomains: 65_536,
  /** Data sets kept per (exporter, domain, template id) while the template is unknown. */
  pendingPerTemplate: 8,
  pendingBytes: 4 * 1024 * 1024,
  pendingTimeoutMs: 10 * 60 * 1000,
};

export class FlowDecoder {
  readonly totals = new DecodeTotals();
  readonly limits: CacheLimits;
  private readonly cache: TemplateCache;
  private readonly scope: PacketScope;
  private readonly result = new DecodeResult();
  /** Unexpected exceptions caught (a decoder bug, never input): should stay 0. */
  internalErrors = 0;

  constructor(options: FlowDecoderOptions = {}) {
    const limits = { ...DEFAULT_LIMITS };
    for (const key of Object.keys(limits) as (keyof CacheLimits)[]) {
      const value = options[key];
      if (value !== undefined) limits[key] = value;
    }
    this.limits = limits;
    this.cache = new TemplateCache(this.limits);
    this.scope = new PacketScope(this.cache, this.result);
  }

  /**
   * Decodes one packet, appending its flows to `out`. The returned result object is reused
   * by the next call. A malformed packet adds no row (data sets decoded before the fault are
   * taken back), though templates it carried before the fault are kept.
   */
  decode(packet: Uint8Array, exporter: Exporter, receivedAtMs: number, out: FlowBatch): DecodeResult {
    const res = this.result.reset();
    const s = this.scope;
    const rows = out.length;
    const length = packet.length;
    const v = new DataView(packet.buffer, packet.byteOffset, length);
    s.v = v;
    s.bytes = packet;
    s.exporterKey = exporter.key;
    s.exporterId = exporter.id;
    s.nowMs = receivedAtMs;
    s.out = out;
    try {
      if (length < 4) {
        res.malformed = Malformed.SHORT_HEADER;
      } else {
        const version = v.getUint16(0);
        if (version === 5) {
          res.version = 5;
          decodeV5(v, length, this.cache, exporter.key, exporter.id, receivedAtMs, s.times, out, res);
        } else if (version === 9) {
          res.version = 9;
          decodeV9(s, length);
        } else if (version === 10) {
          res.version = 10;
          decodeIpfix(s, length);
        } else {
          res.malformed = Malformed.BAD_VERSION;
        }
      }
    } catch {
      // Defence in depth for a network-facing parser: a bug must not take the collector down.
      this.internalErrors++;
      res.malformed = Malformed.INTERNAL;
    }
    if (res.malformed !== Malformed.NONE) {
      out.length = rows;
      res.flows = 0;
    }
    s.out = null;
    this.totals.add(res);
    return res;
  }

  /** Drops expired templates, stale buffered data sets and idle exporters; call now and then. */
  sweep(nowMs: number): number {
    return this.cache.sweep(nowMs);
  }

  /** Per exporter and domain: templates, sampling, sequence loss, buffered sets. */
  stats(): DomainStats[] {
    return this.cache.stats();
  }

  /** Templates currently cached, over all exporters. */
  get templateCount(): number {
    return this.cache.templateCount;
  }
}
