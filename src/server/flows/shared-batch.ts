/**
 * FlowBatches whose columns live in one SharedArrayBuffer, so the collector's worker thread
 * and the main thread see the same rows without copying (the worker fills a batch, the main
 * thread reads it, and the batch goes back to the worker). Both threads build their own
 * FlowBatch view over the same buffer with `sharedBatch(buffer, capacity)`.
 */
import { FlowBatch, WORDS_PER_ADDRESS } from '../../core/flows/batch.ts';

/** Bytes one row takes over all columns. */
const ROW_BYTES = 4 * 8 + 2 * WORDS_PER_ADDRESS * 4 + 4 + 3 * 2 + 3;

export function sharedBatchBuffer(capacity: number): SharedArrayBuffer {
  return new SharedArrayBuffer(capacity * ROW_BYTES);
}

/** A FlowBatch over `buffer` (from sharedBatchBuffer with the same capacity). Widest columns first, so every view is aligned. */
export function sharedBatch(buffer: SharedArrayBuffer, capacity: number): FlowBatch {
  if (buffer.byteLength < capacity * ROW_BYTES) throw new RangeError('shared batch buffer too small');
  const b = new FlowBatch(0);
  (b as { capacity: number }).capacity = capacity;
  let at = 0;
  const f64 = () => new Float64Array(buffer, (at += capacity * 8) - capacity * 8, capacity);
  b.packets = f64();
  b.bytes = f64();
  b.start = f64();
  b.end = f64();
  const words = capacity * WORDS_PER_ADDRESS;
  b.src = new Uint32Array(buffer, at, words);
  at += words * 4;
  b.dst = new Uint32Array(buffer, at, words);
  at += words * 4;
  b.sampling = new Uint32Array(buffer, at, capacity);
  at += capacity * 4;
  const u16 = () => new Uint16Array(buffer, (at += capacity * 2) - capacity * 2, capacity);
  b.srcPort = u16();
  b.dstPort = u16();
  b.exporter = u16();
  const u8 = () => new Uint8Array(buffer, (at += capacity) - capacity, capacity);
  b.family = u8();
  b.proto = u8();
  b.tcpFlags = u8();
  return b;
}
