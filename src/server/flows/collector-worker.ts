/**
 * The collector's worker thread (started by `new Collector({ worker: true, … })`): the UDP
 * socket and the decoder run here, away from the main thread's heap and event loop, so that
 * a garbage collection or a slow task on the main thread (HTTP, database, alerts) never
 * leaves datagrams to overflow the kernel's receive buffer. Decoded rows go into a ring of
 * shared batches; the main thread consumes each batch and hands it back.
 *
 * Messages, worker → main: ready {port, recvBufferSize} | failed {message} |
 * batch {index, length, counters} | counters {counters} | stopped {stats}.
 * Main → worker: free {index} | flush | stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FlowBatch } from '../../core/flows/batch.ts';
import { Collector, type CollectorOptions, type WorkerInit } from './collector.ts';
import { sharedBatch } from './shared-batch.ts';
import { warmUpDecoder } from './warm-up.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const ring = init.buffers.map((b) => sharedBatch(b, init.capacity));
const indexOf = new Map<FlowBatch, number>(ring.map((b, i) => [b, i]));
const waiting = new Map<number, () => void>();

const options: CollectorOptions = {
  ...init.options,
  onBatch: (batch) => {
    const index = indexOf.get(batch)!;
    const freed = new Promise<void>((resolve) => waiting.set(index, resolve));
    port.postMessage({ type: 'batch', index, length: batch.length, counters: collector.counters() });
    return freed;
  },
};
const collector = new Collector(options, ring);

let lastPackets = -1;
// Live counters for the main thread's stats() between batches.
const timer = setInterval(() => {
  if (collector.packets === lastPackets) return;
  lastPackets = collector.packets;
  port.postMessage({ type: 'counters', counters: collector.counters() });
}, init.statsMs);

port.on('message', (m: { type: 'free'; index: number } | { type: 'flush' } | { type: 'stop' }) => {
  if (m.type === 'free') {
    const resolve = waiting.get(m.index);
    waiting.delete(m.index);
    resolve?.();
  } else if (m.type === 'flush') collector.flush();
  else if (m.type === 'stop') {
    clearInterval(timer);
    void collector.stop().then((stats) => {
      port.postMessage({ type: 'stopped', stats });
      port.close();
    });
  }
});

try {
  // Hot code before the first datagram: a cold decoder under a flood loses packets.
  if (init.warmUpMs > 0) warmUpDecoder(init.warmUpMs);
  const bound = await collector.start();
  port.postMessage({ type: 'ready', port: bound, recvBufferSize: collector.stats().recvBufferSize });
} catch (err) {
  clearInterval(timer);
  port.postMessage({ type: 'failed', message: (err as Error).message, code: (err as NodeJS.ErrnoException).code });
  port.close();
}
