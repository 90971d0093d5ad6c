/**
 * The UDP flow collector: one dgram socket (NetFlow v5, v9, IPFIX), one FlowDecoder, and a
 * ring of FlowBatches (two by default) used in turn. Packets are decoded into the active
 * batch; when it cannot hold another full packet (or on `flush()` / the flush timer) it is
 * handed to `onBatch` and the next free batch becomes active. If the consumer still holds
 * every other batch (their promises have not settled), the full batch cannot be handed over:
 * its flows are counted as `dropped` (consumer lag) and the batch is reused, so memory stays
 * bounded and the socket is always drained. Malformed packets are counted by reason and
 * dropped; nothing in a packet can throw out of the receive handler.
 *
 * With `worker: true` the socket and the decoder run in a worker thread (collector-worker.ts)
 * and fill a ring of `ringSize` batches in shared memory; `onBatch` is still called on this
 * thread, one batch at a time, with the same FlowBatch API. The worker's small heap and its
 * own event loop keep reception going while this thread is busy or collecting garbage: the
 * kernel's receive buffer (net.core.rmem_max, often 4-8 MB) holds well under 100 ms of
 * traffic at a few hundred thousand flows/s, the default ring about a second of it.
 *
 *   const c = new Collector({ port: 2055, worker: true, onBatch: (b) => matcher.match(b, sightings) });
 *   await c.start();
 *   …
 *   await c.stop();   // flushes the last partial batch
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FlowBatch } from '../../core/flows/batch.ts';
import { type Exporter, FlowDecoder, type FlowDecoderOptions, MAX_FLOWS_PER_PACKET } from '../../core/flows/decoder.ts';
import { sharedBatch, sharedBatchBuffer } from './shared-batch.ts';

export interface CollectorOptions {
  port: number;
  /** Address to bind; default 127.0.0.1 (use 0.0.0.0 or :: to listen on all interfaces). */
  host?: string;
  /** SO_RCVBUF asked for (the kernel caps it at net.core.rmem_max). Default 32 MiB. */
  recvBufferSize?: number;
  /** Rows handed over per batch at most (default 65 536). */
  batchSize?: number;
  /** Hand over a partial batch after this many ms (default 1000; 0 = only when full or on flush). */
  flushMs?: number;
  /**
   * Receives each batch. The batch belongs to the consumer until the call returns (or its
   * promise settles); do not keep it afterwards.
   */
  onBatch: (batch: FlowBatch) => void | Promise<void>;
  decoder?: FlowDecoderOptions;
  /** Clock for received-at times (tests; not with `worker`). */
  now?: () => number;
  /**
   * Receive and decode in a worker thread (default false): reception no longer stalls while
   * this thread is busy or collecting garbage. `receive()` and `decoder` are then unused here.
   */
  worker?: boolean;
  /** Batches in the shared ring with `worker` (default 6, at least 2): how long the consumer may lag before flows are dropped. */
  ringSize?: number;
  /** With `worker`: ms spent decoding synthetic packets before the socket opens, so the first datagrams meet hot code (default 150). */
  warmUpMs?: number;
}

/** What the worker thread is started with (collector-worker.ts). */
export interface WorkerInit {
  options: Omit<CollectorOptions, 'onBatch' | 'now' | 'worker' | 'ringSize' | 'warmUpMs'>;
  buffers: SharedArrayBuffer[];
  capacity: number;
  statsMs: number;
  /** Decode synthetic packets this long before binding (0: none). */
  warmUpMs: number;
}

export interface CollectorStats {
  packets: number;
  bytes: number;
  flows: number;
  /** Flows handed to the consumer. */
  delivered: number;
  batches: number;
  malformed: number;
  malformedByReason: Record<string, number>;
  /** Units missing by sequence number (v5 flows, v9 packets, IPFIX records). */
  sequenceLost: number;
  sequenceResets: number;
  /** Flows dropped because the consumer had not finished the previous batch. */
  dropped: number;
  /** Flows lost because one packet did not fit the batch (should stay 0). */
  overflow: number;
  /** Data sets waiting for their template (buffered ones are decoded later). */
  waiting: number;
  templates: number;
  exporters: number;
  /** Datagrams the kernel dropped on this socket (receive buffer full), from /proc/net/udp; null where unknown. */
  kernelDrops: number | null;
  recvBufferSize: number;
}

const DEFAULT_BATCH = 65_536;
const DEFAULT_RING = 6;
/** How often the worker reports its counters while packets arrive. */
const WORKER_STATS_MS = 100;
const WORKER_ENTRY = new URL('./collector-worker.mjs', import.meta.url);

type FromWorker =
  | { type: 'ready'; port: number; recvBufferSize: number }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'batch'; index: number; length: number; counters: CollectorStats }
  | { type: 'counters'; counters: CollectorStats }
  | { type: 'stopped'; stats: CollectorStats };

export class Collector {
  readonly decoder: FlowDecoder;
  private socket: dgram.Socket | null = null;
  private readonly ring: FlowBatch[];
  /** 1 while the consumer holds the batch. */
  private readonly held: Uint8Array;
  private active = 0;
  private outstanding = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private readonly exporters = new Map<string, Exporter>();
  /** The last datagram's sender, so a steady stream from one exporter builds no key string. */
  private lastAddress = '';
  private lastPort = -1;
  private lastExporter: Exporter | null = null;
  private readonly highWater: number;
  private readonly capacity: number;
  private timer: NodeJS.Timeout | null = null;
  private sweepAt = 0;
  private readonly now: () => number;
  private boundPort = 0;
  private recvBuffer = 0;
  private thread: WorkerSide | null = null;
  /** The worker's last stats once it has stopped. */
  private workerFinal: CollectorStats | null = null;
  packets = 0;
  bytes = 0;
  delivered = 0;
  dropped = 0;
  batchCount = 0;
  /** Consumer errors (thrown or rejected); the collector keeps running. */
  consumerErrors = 0;
  lastConsumerError: unknown = null;

  /** `ring`: batches to decode into (the worker thread passes its shared ones); default two of batchSize + one packet. */
  constructor(
    readonly options: CollectorOptions,
    ring?: FlowBatch[],
  ) {
    this.decoder = new FlowDecoder(options.decoder);
    const size = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    // Room for one more maximal packet above the hand-over mark.
    this.capacity = size + MAX_FLOWS_PER_PACKET;
    this.ring = ring ?? (options.worker ? [] : [new FlowBatch(this.capacity), new FlowBatch(this.capacity)]);
    this.held = new Uint8Array(this.ring.length);
    this.highWater = size;
    this.now = options.now ?? Date.now;
  }

  /** Binds the socket; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    if (this.socket || this.thread) throw new Error('collector already started');
    if (this.options.worker) return this.startWorker();
    const host = this.options.host ?? '127.0.0.1';
    const type = host.includes(':') ? 'udp6' : 'udp4';
    const socket = dgram.createSocket({ type, recvBufferSize: this.options.recvBufferSize ?? 32 * 1024 * 1024 });
    this.socket = socket;
    socket.on('message', (msg, rinfo) => this.receive(msg, rinfo.address, rinfo.port));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // A later socket error (rare for UDP) must not crash the process.
    socket.on('error', () => {});
    this.boundPort = socket.address().port;
    try {
      this.recvBuffer = socket.getRecvBufferSize();
    } catch {
      this.recvBuffer = 0;
    }
    const flushMs = this.options.flushMs ?? 1000;
    if (flushMs > 0) {
      this.timer = setInterval(() => this.flush(), flushMs);
      this.timer.unref();
    }
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Decodes one datagram (the socket handler; public so benchmarks can feed packets directly). */
  receive(msg: Uint8Array, address: string, port: number): void {
    this.packets++;
    this.bytes += msg.length;
    let exporter = this.lastExporter;
    if (exporter === null || port !== this.lastPort || address !== this.lastAddress) {
      const key = `${address}:${port}`;
      exporter = this.exporters.get(key) ?? null;
      if (exporter === null) {
        exporter = { id: this.exporters.size & 0xffff, key };
        // Bounded like the decoder's own exporter state.
        if (this.exporters.size < this.decoder.limits.maxExporters) this.exporters.set(key, exporter);
      }
      this.lastExporter = exporter;
      this.lastAddress = address;
      this.lastPort = port;
    }
    const now = this.now();
    const batch = this.ring[this.active]!;
    this.decoder.decode(msg, exporter, now, batch);
    if (batch.length >= this.highWater) this.handOver();
    if (now >= this.sweepAt) {
      this.sweepAt = now + 60_000;
      this.decoder.sweep(now);
    }
  }

  /** Hands the active batch (if any rows) to the consumer now, unless the consumer holds every other batch. */
  flush(): void {
    if (this.thread) {
      this.thread.worker.postMessage({ type: 'flush' });
      return;
    }
    // A partial batch waits (rather than being dropped) while the consumer is busy.
    if (this.ring[this.active]!.length > 0 && this.nextFree() >= 0) this.handOver();
  }

  /** The batch to decode into after the active one, or -1 when the consumer holds all others. */
  private nextFree(): number {
    const n = this.ring.length;
    for (let k = 1; k < n; k++) {
      const i = (this.active + k) % n;
      if (this.held[i] === 0) return i;
    }
    return -1;
  }

  private handOver(): void {
    const index = this.active;
    const batch = this.ring[index]!;
    const next = this.nextFree();
    if (next < 0) {
      this.dropped += batch.length;
      batch.clear();
      return;
    }
    this.batchCount++;
    this.delivered += batch.length;
    this.active = next;
    this.held[index] = 1;
    this.outstanding++;
    const done = () => {
      batch.clear();
      this.held[index] = 0;
      this.outstanding--;
    };
    const failed = (err: unknown) => {
      this.consumerErrors++;
      this.lastConsumerError = err;
      done();
    };
    let result: void | Promise<void>;
    try {
      result = this.options.onBatch(batch);
    } catch (err) {
      failed(err);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      const settled = (result as Promise<void>).then(done, failed);
      this.pending = Promise.all([this.pending, settled]);
    } else done();
  }

  /** Waits until the consumer has finished the batches it holds. */
  async idle(): Promise<void> {
    if (this.thread) {
      await this.thread.consuming;
      return;
    }
    while (this.outstanding > 0) await this.pending;
  }

  /** The counters without the kernel's drop count (cheap: no /proc read). */
  counters(): CollectorStats {
    const t = this.decoder.totals;
    return {
      packets: this.packets,
      bytes: this.bytes,
      flows: t.flows,
      delivered: this.delivered,
      batches: this.batchCount,
      malformed: t.malformed,
      malformedByReason: t.malformedReasons(),
      sequenceLost: t.sequenceLost,
      sequenceResets: t.sequenceResets,
      dropped: this.dropped,
      overflow: t.overflow,
      waiting: t.waiting,
      templates: this.decoder.templateCount,
      exporters: this.exporters.size,
      kernelDrops: null,
      recvBufferSize: this.recvBuffer,
    };
  }

  stats(): CollectorStats {
    if (this.thread) {
      const s = this.thread.final ?? { ...this.thread.counters, kernelDrops: kernelDrops(this.boundPort) };
      return { ...s, malformedByReason: { ...s.malformedByReason } };
    }
    if (this.workerFinal) return { ...this.workerFinal, malformedByReason: { ...this.workerFinal.malformedByReason } };
    return { ...this.counters(), kernelDrops: this.socket ? kernelDrops(this.boundPort) : null };
  }

  /** Stops receiving, hands over the last partial batch and waits for the consumer. */
  async stop(): Promise<CollectorStats> {
    if (this.thread) return this.stopWorker();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Stop reading first, so a datagram arriving while the consumer finishes is not counted
    // as received yet left undelivered in the active batch. The socket stays bound until the
    // stats are read (its kernel drop count lives in /proc/net/udp only while it is open).
    this.socket?.removeAllListeners('message');
    await this.idle();
    this.flush();
    await this.idle();
    const stats = this.stats();
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    return stats;
  }

  // ------------------------------------------------------------ worker thread

  private async startWorker(): Promise<number> {
    if (this.options.now) throw new Error('collector: `now` cannot be used with `worker`');
    this.workerFinal = null;
    const ringSize = Math.max(2, this.options.ringSize ?? DEFAULT_RING);
    const buffers = Array.from({ length: ringSize }, () => sharedBatchBuffer(this.capacity));
    const views = buffers.map((b) => sharedBatch(b, this.capacity));
    const { onBatch: _onBatch, now: _now, worker: _worker, ringSize: _ringSize, warmUpMs = 150, ...options } = this.options;
    const init: WorkerInit = { options, buffers, capacity: this.capacity, statsMs: WORKER_STATS_MS, warmUpMs };
    // execArgv: [] so the worker loads TypeScript through its own entry, whatever this process was started with.
    const worker = new Worker(WORKER_ENTRY, { workerData: init, execArgv: [] });
    const side: WorkerSide = { worker, views, counters: this.counters(), final: null, consuming: Promise.resolve(), stopped: null, exited: null };
    side.exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.thread = side;
    const ready = new Promise<number>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`collector worker exited (${code}) before it was ready`)));
      side.stopped = new Promise<CollectorStats>((resolveStop) => {
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'ready') {
            this.boundPort = m.port;
            this.recvBuffer = m.recvBufferSize;
            side.counters = { ...side.counters, recvBufferSize: m.recvBufferSize };
            resolve(m.port);
          } else if (m.type === 'failed') {
            reject(Object.assign(new Error(m.message), { code: m.code }));
          } else if (m.type === 'counters') {
            this.take(m.counters);
          } else if (m.type === 'batch') {
            this.take(m.counters);
            this.consumeShared(m.index, m.length);
          } else if (m.type === 'stopped') {
            this.take(m.stats);
            side.final = m.stats;
            resolveStop(m.stats);
          }
        });
      });
    });
    try {
      return await ready;
    } catch (err) {
      this.thread = null;
      await worker.terminate();
      throw err;
    } finally {
      worker.removeAllListeners('error');
      // A worker failure later (a bug, never input) must not crash the process; stop() still returns.
      worker.on('error', (err) => {
        this.consumerErrors++;
        this.lastConsumerError = err;
      });
    }
  }

  /** Counters from the worker, mirrored in this object's fields. */
  private take(c: CollectorStats): void {
    if (this.thread) this.thread.counters = c;
    this.packets = c.packets;
    this.bytes = c.bytes;
    this.delivered = c.delivered;
    this.dropped = c.dropped;
    this.batchCount = c.batches;
  }

  /** One shared batch from the worker: consumed after the ones before it, then handed back. */
  private consumeShared(index: number, length: number): void {
    const side = this.thread!;
    const batch = side.views[index]!;
    side.consuming = side.consuming.then(async () => {
      batch.length = length;
      try {
        await this.options.onBatch(batch);
      } catch (err) {
        this.consumerErrors++;
        this.lastConsumerError = err;
      }
      batch.clear();
      side.worker.postMessage({ type: 'free', index });
    });
  }

  private async stopWorker(): Promise<CollectorStats> {
    const side = this.thread!;
    side.worker.postMessage({ type: 'stop' });
    const stats = await Promise.race([side.stopped!, side.exited!.then(() => null)]);
    await side.consuming;
    await side.worker.terminate();
    this.thread = null;
    const final = stats ?? { ...side.counters, kernelDrops: null };
    this.take(final);
    this.workerFinal = final;
    return { ...final };
  }
}

interface WorkerSide {
  worker: Worker;
  /** This thread's views of the shared ring. */
  views: FlowBatch[];
  counters: CollectorStats;
  final: CollectorStats | null;
  /** The chain of batches being consumed, in order. */
  consuming: Promise<void>;
  stopped: Promise<CollectorStats> | null;
  exited: Promise<void> | null;
}

/**
 * Datagrams dropped by the kernel for the UDP socket bound to `port` (last column of
 * /proc/net/udp and udp6), or null where that file is not available (not Linux).
 */
export function kernelDrops(port: number): number | null {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let found = false;
  let drops = 0;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13 || !cols[1]!.endsWith(hexPort)) continue;
      found = true;
      drops += Number(cols[cols.length - 1]);
    }
  }
  return found ? drops : null;
}
