/**
 * The UDP flow collector: one dgram socket (NetFlow v5, v9, IPFIX), one FlowDecoder, and two
 * FlowBatches used in turn. Packets are decoded into the active batch; when it cannot hold
 * another full packet (or on `flush()` / the flush timer) it is handed to `onBatch` and the
 * other batch becomes active. If the consumer is still working on the other batch (its
 * promise has not settled), the full batch cannot be handed over: its flows are counted as
 * `dropped` (consumer lag) and the batch is reused, so memory stays bounded and the socket is
 * always drained. Malformed packets are counted by reason and dropped; nothing in a packet can
 * throw out of the receive handler.
 *
 *   const c = new Collector({ port: 2055, onBatch: (b) => matcher.match(b, sightings) });
 *   await c.start();
 *   …
 *   await c.stop();   // flushes the last partial batch
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import { FlowBatch } from '../../core/flows/batch.ts';
import { type Exporter, FlowDecoder, type FlowDecoderOptions, MAX_FLOWS_PER_PACKET } from '../../core/flows/decoder.ts';

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
  /** Clock for received-at times (tests). */
  now?: () => number;
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

export class Collector {
  readonly decoder: FlowDecoder;
  private socket: dgram.Socket | null = null;
  private batches: [FlowBatch, FlowBatch];
  private active = 0;
  /** The consumer is still busy with the other batch. */
  private busy = false;
  private pending: Promise<void> = Promise.resolve();
  private readonly exporters = new Map<string, Exporter>();
  private readonly highWater: number;
  private timer: NodeJS.Timeout | null = null;
  private sweepAt = 0;
  private readonly now: () => number;
  private boundPort = 0;
  private recvBuffer = 0;
  packets = 0;
  bytes = 0;
  delivered = 0;
  dropped = 0;
  batchCount = 0;
  /** Consumer errors (thrown or rejected); the collector keeps running. */
  consumerErrors = 0;
  lastConsumerError: unknown = null;

  constructor(readonly options: CollectorOptions) {
    this.decoder = new FlowDecoder(options.decoder);
    const size = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    // Room for one more maximal packet above the hand-over mark.
    this.batches = [new FlowBatch(size + MAX_FLOWS_PER_PACKET), new FlowBatch(size + MAX_FLOWS_PER_PACKET)];
    this.highWater = size;
    this.now = options.now ?? Date.now;
  }

  /** Binds the socket; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    if (this.socket) throw new Error('collector already started');
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
    const key = `${address}:${port}`;
    let exporter = this.exporters.get(key);
    if (!exporter) {
      exporter = { id: this.exporters.size & 0xffff, key };
      // Bounded like the decoder's own exporter state.
      if (this.exporters.size < this.decoder.limits.maxExporters) this.exporters.set(key, exporter);
    }
    const now = this.now();
    const batch = this.batches[this.active]!;
    this.decoder.decode(msg, exporter, now, batch);
    if (batch.length >= this.highWater) this.handOver();
    if (now >= this.sweepAt) {
      this.sweepAt = now + 60_000;
      this.decoder.sweep(now);
    }
  }

  /** Hands the active batch (if any rows) to the consumer now, unless the consumer is busy. */
  flush(): void {
    // A partial batch waits (rather than being dropped) while the consumer is busy.
    if (!this.busy && this.batches[this.active]!.length > 0) this.handOver();
  }

  private handOver(): void {
    const batch = this.batches[this.active]!;
    if (this.busy) {
      this.dropped += batch.length;
      batch.clear();
      return;
    }
    this.batchCount++;
    this.delivered += batch.length;
    this.active ^= 1;
    this.busy = true;
    const done = () => {
      batch.clear();
      this.busy = false;
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
    if (result && typeof (result as Promise<void>).then === 'function') this.pending = (result as Promise<void>).then(done, failed);
    else done();
  }

  /** Waits until the consumer has finished the batch it holds. */
  async idle(): Promise<void> {
    await this.pending;
  }

  stats(): CollectorStats {
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
      kernelDrops: this.socket ? kernelDrops(this.boundPort) : null,
      recvBufferSize: this.recvBuffer,
    };
  }

  /** Stops receiving, hands over the last partial batch and waits for the consumer. */
  async stop(): Promise<CollectorStats> {
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
