/**
 * The live flow pipeline inside the server: collector → matcher → flow alerts.
 *
 *   UDP (NetFlow v5/v9, IPFIX) ─▶ Collector ─batch─▶ FlowMatcher ─sightings─▶ queue ─chunks─▶ ingestSightings
 *                                                        ▲                                    (one transaction each;
 *                           indicators + registry (DB) ──┘ rebuilt when they change            urgent alerts go out
 *                                                                                              through the outbox)
 *
 * - The matcher is built from the database: active indicators of enabled sources, not expired
 *   (payload = index into `indicatorIds`), and the registry's prefixes (payload = index into
 *   `institutionIds`). A cheap fingerprint query (counts and latest instants of imports, sources
 *   and prefixes) runs every `checkMs`; when it changes, a new matcher is built aside and swapped
 *   in. `reload()` does the same at once. Expiry between rebuilds is enforced by the matcher
 *   (validUntil against the flow's start).
 * - A rebuild streams the indicators row by row (pipeline-repo: one consistent read, one string
 *   per row) straight into typed columns, ordered by confidence with a counting sort, and ids into
 *   one buffer: no object per indicator. The scan yields to the event loop every 20 000 rows, so
 *   the old matcher keeps matching collector batches meanwhile; only the final index build (about
 *   a second for a million indicators) runs in one piece.
 * - Each collector batch is matched synchronously (the scan allocates nothing; only sightings
 *   become objects) and handed back at once, so a slow database never makes the collector drop
 *   flows. Sightings wait in a bounded queue; a drain loop ingests them in chunks, one
 *   transaction per chunk. A chunk refused as invalid (e.g. an indicator removed since the last
 *   rebuild) is split until the offending sightings are isolated and dropped; a failing database
 *   is retried a few times, then the chunk is counted as lost.
 * - Nothing here throws into the collector or the server: errors are counted, logged and kept
 *   in `stats()` (GET /api/v1/flows/pipeline for the operator).
 * - `buildMatcherState` is the build on its own: imports of archived logs (modules/flows/imports.ts)
 *   call it with `domains: true` to match DNS logs against the domain indicators as well.
 */
import { type Actor, can } from '../../core/access.ts';
import { type FlowBatch, formatAddress } from '../../core/flows/batch.ts';
import { parseIpBounds } from '../../core/intel/ip.ts';
import { DomainSet, FlowMatcher, SIDE_SRC, Sightings } from '../../core/intel/matcher.ts';
import { PrefixSetBuilder } from '../../core/intel/prefix-set.ts';
import type { Deps } from '../platform/deps.ts';
import { AppError } from '../platform/errors.ts';
import { type SightingInput, ingestSightings } from '../modules/flows/service.ts';
import { memberAddressMap } from '../modules/intel/service.ts';
import { Collector, type CollectorOptions, type CollectorStats } from './collector.ts';
import { registryFingerprint, streamMatchableIndicators } from './pipeline-repo.ts';

export interface FlowPipelineOptions {
  /** Listen for NetFlow/IPFIX; without it, batches are fed through `consume()` (files, tests). */
  collector?: Omit<CollectorOptions, 'onBatch'> | undefined;
  /** How often to check whether indicators or the registry changed (ms; default 5000; 0 = only on `reload()`). */
  checkMs?: number;
  /** Sightings per ingest transaction (default 500). */
  chunkSize?: number;
  /** Sightings that may wait for the database; beyond this they are dropped and counted (default 200 000). */
  maxQueued?: number;
  /** Attempts per chunk while the database fails (default 3), `retryMs` apart (default 1000). */
  attempts?: number;
  retryMs?: number;
}

export interface RebuildInfo {
  at: string;
  /** Whole rebuild, and of it reading (and parsing) the indicators from the database. */
  ms: number;
  queryMs: number;
  indicators: number;
  addresses: number;
  expired: number;
  invalid: number;
  institutions: number;
  prefixes: number;
  invalidPrefixes: number;
  /** Domain indicators indexed (imports of DNS logs only). */
  domains?: number;
}

export interface PipelineStats {
  running: boolean;
  /** Flows matched. */
  flows: number;
  /** Flows that arrived before the first matcher was built (not matched). */
  unmatched: number;
  batches: number;
  sightings: number;
  /** Sightings stored (grouped into alerts). */
  ingested: number;
  queued: number;
  alertsCreated: number;
  alertsUpdated: number;
  alertsSent: number;
  /** Sightings dropped because the queue was full (the database could not keep up). */
  overflow: number;
  /** Sightings refused by the alert service (unknown institution or indicator), dropped. */
  rejected: number;
  /** Sightings lost after the database failed `attempts` times. */
  lost: number;
  /** Sightings whose flow times were unusable; the time received was used instead. */
  badTimes: number;
  errors: number;
  lastError: { at: string; message: string } | null;
  rebuilds: number;
  lastRebuild: RebuildInfo | null;
  collector: CollectorStats | null;
}

/** A matcher built from the database, with what turns its payloads back into ids. */
export interface MatcherState {
  matcher: FlowMatcher;
  /** Domain indicators (payload = indicator index), when built with `domains: true`; else empty. */
  domains: DomainSet;
  /** Per indicator payload, ms since the epoch after which it no longer matches. */
  validUntil: Float64Array;
  institutionIds: string[];
  indicatorIds: IdArena;
}

/**
 * Indicator ids by payload, as UTF-8 in one growing buffer: a million ids kept as strings
 * would be a million objects for the garbage collector to trace; only sightings need them back.
 */
export class IdArena {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private ends = new Uint32Array(1 << 16);
  private used = 0;
  length = 0;
  /** Appends an id; returns its index. */
  push(id: string): number {
    if (this.used + id.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + id.length * 3));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.used += this.bytes.write(id, this.used, 'utf8');
    this.ends[this.length] = this.used;
    return this.length++;
  }
  get(i: number): string {
    return this.bytes.toString('utf8', i > 0 ? this.ends[i - 1]! : 0, this.ends[i]!);
  }
  /** Gives back the room grown for but not used (up to half of each buffer). */
  trim(): this {
    this.bytes = Buffer.from(this.bytes.subarray(0, this.used));
    this.ends = this.ends.slice(0, this.length);
    return this;
  }
}

const SIGHTINGS_CAPACITY = 8192;

/**
 * Rows of `width` uint32 values in one growable array; the last value of a row is its rank
 * (0-101). `orderByRank` lists row numbers by rank, keeping row order within a rank.
 */
class Columns {
  data = new Uint32Array(0);
  length = 0;
  constructor(private readonly width: number) {}
  private room(): number {
    const at = this.length * this.width;
    if (at + this.width > this.data.length) {
      const grown = new Uint32Array(Math.max(1024 * this.width, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.length++;
    return at;
  }
  push4(a: number, b: number, c: number, d: number): void {
    const o = this.room();
    this.data[o] = a;
    this.data[o + 1] = b;
    this.data[o + 2] = c;
    this.data[o + 3] = d;
  }
  /** Bounds as parseIpBounds writes them (lo words, hi words), then payload and rank. */
  pushRow(bounds: Uint32Array, payload: number, rank: number): void {
    const o = this.room();
    this.data.set(bounds, o);
    this.data[o + 8] = payload;
    this.data[o + 9] = rank;
  }
  orderByRank(): Uint32Array {
    const w = this.width;
    const start = new Uint32Array(103);
    for (let k = 0; k < this.length; k++) start[this.data[k * w + w - 1]! + 1]!++;
    for (let r = 1; r < start.length; r++) start[r]! += start[r - 1]!;
    const order = new Uint32Array(this.length);
    for (let k = 0; k < this.length; k++) order[start[this.data[k * w + w - 1]!]!++] = k;
    return order;
  }
}
/** Flow times later than this after receipt are not believed (the alert service refuses sightings over an hour ahead). */
const FUTURE_MS = 30 * 60_000;
/** Per-flow byte/packet counts are capped here (2^53 - 1), so that alert totals fit a signed 64-bit column. */
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/**
 * The matcher from the database as of now: address indicators of enabled sources, not expired,
 * the most confident first between equal values (and, with `domains`, the domain indicators
 * for DNS logs), against the registry's prefixes. The live pipeline builds it without domains;
 * log imports (modules/flows/imports.ts) with them.
 */
export async function buildMatcherState(deps: Deps, options: { domains?: boolean } = {}): Promise<{ state: MatcherState; info: RebuildInfo }> {
  const t0 = performance.now();
  const now = deps.now();
  const at = now.toISOString();
  const nowMs = now.getTime();
  // Address indicators straight from the rows into typed columns (no object per indicator):
  // payload = row number, index into `indicatorIds` and `validUntil`.
  const ids = new IdArena();
  const v4 = new Columns(4); // lo, hi, payload, confidence
  const v6 = new Columns(10); // lo (4 words), hi (4 words), payload, confidence
  let until = new Float64Array(1 << 16);
  let invalid = 0;
  let expired = 0;
  const w = new Uint32Array(8);
  const payload = (id: string, validUntil: number | null): number => {
    const i = ids.push(id);
    if (i === until.length) {
      const grown = new Float64Array(until.length * 2);
      grown.set(until);
      until = grown;
    }
    until[i] = validUntil !== null && Number.isFinite(validUntil) ? validUntil : Infinity;
    return i;
  };
  const rank = (confidence: number | null) => 100 - Math.max(-1, Math.min(100, confidence ?? -1)); // 0 (most confident) … 101 (unknown)
  let rows = await streamMatchableIndicators(deps.db, deps.config.database, at, (id, value, confidence, validUntil) => {
    const i = payload(id, validUntil);
    if (validUntil !== null && validUntil < nowMs) {
      expired++; // the query's own instant and this one agree; kept for the figures
      return;
    }
    const family = parseIpBounds(value, w);
    if (family === 4) v4.push4(w[3]!, w[7]!, i, rank(confidence));
    else if (family === 6) v6.pushRow(w, i, rank(confidence));
    else invalid++; // the value's own form decides (address, CIDR or range), as buildIndicatorIndex does
  });
  const domainRows: { value: string; i: number; rank: number }[] = [];
  if (options.domains) {
    rows += await streamMatchableIndicators(deps.db, deps.config.database, at, (id, value, confidence, validUntil) => {
      const i = payload(id, validUntil);
      if (validUntil !== null && validUntil < nowMs) expired++;
      else domainRows.push({ value, i, rank: rank(confidence) });
    }, ['domain']);
  }
  const tQuery = performance.now();
  // The most confident first: between equal values the entry added first wins (a stable counting sort by rank).
  const addresses = new PrefixSetBuilder();
  for (const k of v4.orderByRank()) addresses.addV4(v4.data[k * 4]!, v4.data[k * 4 + 1]!, v4.data[k * 4 + 2]!);
  for (const k of v6.orderByRank()) {
    const d = v6.data;
    const o = k * 10;
    addresses.addRange([d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!], [d[o + 4]!, d[o + 5]!, d[o + 6]!, d[o + 7]!], d[o + 8]!);
  }
  const indicators = addresses.build();
  const domains = new DomainSet();
  domainRows.sort((a, b) => a.rank - b.rank); // stable
  for (const d of domainRows) if (!domains.add(d.value, d.i)) invalid++;

  const members = await memberAddressMap(deps.db);
  const validUntil = until.slice(0, ids.length);
  const state: MatcherState = {
    matcher: new FlowMatcher(members.set, indicators, { validUntil }),
    domains, validUntil,
    institutionIds: members.institutionIds,
    indicatorIds: ids.trim(),
  };
  const info: RebuildInfo = {
    at, ms: Math.round(performance.now() - t0), queryMs: Math.round(tQuery - t0), indicators: rows, addresses: v4.length + v6.length, expired, invalid,
    institutions: members.institutionIds.length, prefixes: members.prefixes, invalidPrefixes: members.invalid,
    ...(options.domains ? { domains: domains.size } : {}),
  };
  return { state, info };
}

/**
 * Sighting `k` of `out` (matched in batch `b`) as the alert service takes it. Missing, garbage or
 * future flow times (a broken exporter clock) are replaced by `nowMs` and counted in `counters.badTimes`.
 */
export function flowSightingInput(state: MatcherState, b: FlowBatch, out: Sightings, k: number, nowMs: number, counters: { badTimes: number }): SightingInput {
  const row = out.row[k]!;
  const fam = b.family[row]!;
  const internalIsSource = out.side[k] === SIDE_SRC;
  const src = formatAddress(b.src, row, fam);
  const dst = formatAddress(b.dst, row, fam);
  let start = b.start[row]!;
  let end = b.end[row]!;
  if (!(start > 0 && start <= nowMs + FUTURE_MS)) {
    // Missing, garbage or future times (a broken exporter clock): the time received stands in.
    counters.badTimes++;
    start = nowMs;
  }
  if (!(end >= start && end <= nowMs + FUTURE_MS)) end = start;
  return {
    institutionId: state.institutionIds[out.institution[k]!]!,
    indicatorId: state.indicatorIds.get(out.indicator[k]!),
    internalHost: internalIsSource ? src : dst,
    remoteAddress: internalIsSource ? dst : src,
    internalIsSource,
    proto: b.proto[row]!,
    srcPort: b.srcPort[row]!,
    dstPort: b.dstPort[row]!,
    tcpFlags: b.tcpFlags[row]!,
    // Exported 64-bit counters can exceed what the database's bigint holds; sums of many must still fit.
    bytes: Math.min(b.bytes[row]!, MAX_COUNTER),
    packets: Math.min(b.packets[row]!, MAX_COUNTER),
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
  };
}

export class FlowPipeline {
  private state: MatcherState | null = null;
  private fingerprint = '';
  private readonly out = new Sightings(SIGHTINGS_CAPACITY);
  private collector: Collector | null = null;
  private timer: NodeJS.Timeout | null = null;
  private rebuilding: Promise<void> | null = null;
  private checking: Promise<boolean> | null = null;
  private draining: Promise<void> | null = null;
  /** Sightings waiting for the database, in chunks of at most chunkSize. */
  private readonly queue: SightingInput[][] = [];
  private queued = 0;
  private running = false;
  private readonly chunkSize: number;
  private readonly maxQueued: number;
  private readonly attempts: number;
  private readonly retryMs: number;
  private readonly counters = {
    flows: 0, unmatched: 0, batches: 0, sightings: 0, ingested: 0, alertsCreated: 0, alertsUpdated: 0, alertsSent: 0,
    overflow: 0, rejected: 0, lost: 0, badTimes: 0, errors: 0, rebuilds: 0,
  };
  private lastError: PipelineStats['lastError'] = null;
  private lastRebuild: RebuildInfo | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly options: FlowPipelineOptions = {},
  ) {
    this.chunkSize = Math.max(1, options.chunkSize ?? 500);
    this.maxQueued = Math.max(1, options.maxQueued ?? 200_000);
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryMs = Math.max(0, options.retryMs ?? 1000);
  }

  /** Builds the matcher, then starts the collector (if configured) and the change check. Resolves with the collector's port (0 without one). */
  async start(): Promise<number> {
    if (this.running) throw new Error('flow pipeline already started');
    this.running = true;
    await this.reload();
    let port = 0;
    if (this.options.collector) {
      this.collector = new Collector({ ...this.options.collector, onBatch: (b) => this.consume(b) });
      try {
        port = await this.collector.start();
      } catch (err) {
        this.collector = null;
        this.running = false;
        throw err;
      }
    }
    const checkMs = this.options.checkMs ?? 5000;
    if (checkMs > 0) {
      const tick = () => {
        this.checking = this.check();
        void this.checking.finally(() => {
          this.checking = null;
          if (this.timer) this.timer = setTimeout(tick, checkMs).unref();
        });
      };
      this.timer = setTimeout(tick, checkMs).unref();
    }
    return port;
  }

  /** The collector's bound port (0 without a collector or before start). */
  get port(): number {
    return this.collector?.port ?? 0;
  }

  /** Stops receiving, matches the last partial batch and waits until every queued sighting is stored (or given up). */
  async stop(): Promise<PipelineStats> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const collector = this.collector;
    if (collector) await collector.stop().catch((err: unknown) => this.fail(err, 'collector stop failed'));
    this.running = false;
    await this.checking;
    await this.rebuilding?.catch(() => {});
    await this.drain();
    return this.stats();
  }

  /** Rebuilds the matcher now if indicators or the registry changed since the last build (and resolves when done). */
  async check(): Promise<boolean> {
    try {
      const fp = await registryFingerprint(this.deps.db);
      if (fp === this.fingerprint && this.state) return false;
      await this.rebuild(fp);
      return true;
    } catch (err) {
      this.fail(err, 'flow matcher check failed');
      return false;
    }
  }

  /** Rebuilds the matcher from the database now; the old one keeps matching until the new one is ready. */
  async reload(): Promise<void> {
    try {
      await this.rebuild(await registryFingerprint(this.deps.db));
    } catch (err) {
      this.fail(err, 'flow matcher rebuild failed');
    }
  }

  private rebuild(fp: string): Promise<void> {
    // One build at a time; a request during a build waits for it and then builds again.
    const prev = this.rebuilding?.catch(() => {}) ?? Promise.resolve();
    const next = prev.then(() => this.build(fp));
    this.rebuilding = next;
    return next.finally(() => {
      if (this.rebuilding === next) this.rebuilding = null;
    });
  }

  private async build(fp: string): Promise<void> {
    const { state, info } = await buildMatcherState(this.deps);
    this.state = state;
    this.fingerprint = fp;
    this.counters.rebuilds++;
    this.lastRebuild = info;
    this.deps.log.info({ matcher: this.lastRebuild }, 'flow matcher built');
  }

  /**
   * Matches one batch and queues its sightings; never throws. Synchronous: the batch is free
   * for reuse when it returns. (The collector's onBatch; public for file imports and tests.)
   */
  consume(batch: FlowBatch): void {
    try {
      this.counters.batches++;
      const state = this.state;
      if (!state) {
        this.counters.unmatched += batch.length;
        return;
      }
      const out = this.out;
      const nowMs = this.deps.now().getTime();
      let from = 0;
      while (from < batch.length) {
        out.clear();
        from = state.matcher.match(batch, out, from);
        for (let k = 0; k < out.length; k++) this.enqueue(this.toInput(state, batch, k, nowMs));
      }
      this.counters.flows += batch.length;
    } catch (err) {
      this.fail(err, 'flow batch failed');
    }
    if (this.queued > 0) this.kick();
  }

  private toInput(state: MatcherState, b: FlowBatch, k: number, nowMs: number): SightingInput {
    return flowSightingInput(state, b, this.out, k, nowMs, this.counters);
  }

  private enqueue(s: SightingInput): void {
    this.counters.sightings++;
    if (this.queued >= this.maxQueued) {
      this.counters.overflow++;
      return;
    }
    let tail = this.queue[this.queue.length - 1];
    if (!tail || tail.length >= this.chunkSize) {
      tail = [];
      this.queue.push(tail);
    }
    tail.push(s);
    this.queued++;
  }

  private kick(): void {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves when the queue is empty (every sighting stored, refused or given up). */
  async drain(): Promise<void> {
    while (this.queued > 0 || this.draining) {
      this.kick();
      await this.draining;
    }
  }

  private async drainLoop(): Promise<void> {
    for (let chunk = this.queue.shift(); chunk; chunk = this.queue.shift()) {
      this.queued -= chunk.length;
      await this.ingest(chunk);
    }
  }

  /** Stores one chunk; invalid sightings are isolated by splitting and dropped, database failures retried. Never throws. */
  private async ingest(chunk: SightingInput[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await ingestSightings(this.deps, chunk);
        this.counters.ingested += chunk.length;
        this.counters.alertsCreated += r.created.length;
        this.counters.alertsUpdated += r.updated.length;
        this.counters.alertsSent += r.sent.length;
        return;
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation') {
          if (chunk.length === 1) {
            this.counters.rejected++;
            this.fail(err, 'sighting refused');
            return;
          }
          const half = chunk.length >> 1;
          await this.ingest(chunk.slice(0, half));
          await this.ingest(chunk.slice(half));
          return;
        }
        this.fail(err, `storing sightings failed (attempt ${attempt} of ${this.attempts})`);
        // While stopping (SIGTERM) there is no waiting for the database to come back.
        if (attempt >= this.attempts || !this.running) {
          this.counters.lost += chunk.length;
          return;
        }
        await new Promise((r) => setTimeout(r, this.retryMs * attempt));
      }
    }
  }

  private fail(err: unknown, what: string): void {
    this.counters.errors++;
    const message = err instanceof Error ? err.message : String(err);
    let at: string;
    try {
      at = this.deps.now().toISOString();
    } catch {
      at = new Date().toISOString();
    }
    this.lastError = { at, message: `${what}: ${message}`.slice(0, 500) };
    try {
      this.deps.log.error({ err }, what);
    } catch {
      // a broken logger must not break the pipeline either
    }
  }

  stats(): PipelineStats {
    return {
      running: this.running, ...this.counters, queued: this.queued, lastError: this.lastError, lastRebuild: this.lastRebuild,
      collector: this.collector ? this.collector.stats() : null,
    };
  }
}

/** The pipeline running in a server process, by its deps (so several servers in one test process stay apart). */
const running = new WeakMap<Deps, FlowPipeline>();

export function registerPipeline(deps: Deps, pipeline: FlowPipeline | null): void {
  if (pipeline) running.set(deps, pipeline);
  else running.delete(deps);
}

/** What the operator sees of the live pipeline (GET /api/v1/flows/pipeline). */
export function pipelineStatus(deps: Deps, actor: Actor): { configured: boolean; listen: { host: string; port: number } | null; stats: PipelineStats | null } {
  if (!can.reviewFlowAlerts(actor)) throw new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');
  const p = running.get(deps);
  const c = deps.config.collector;
  return { configured: !!c, listen: c ? { host: c.host, port: p?.port || c.port } : null, stats: p ? p.stats() : null };
}
