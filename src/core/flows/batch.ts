/**
 * Flow records in columns (struct of arrays): decoders append into typed arrays and the
 * matcher reads them, so a batch of a million flows costs no per-flow object. Flow metadata
 * only: Renkei never sees or stores payloads (seed 004).
 *
 * Addresses are 128-bit, four big-endian 32-bit words per flow; an IPv4 address is stored
 * IPv4-mapped (::ffff:a.b.c.d), so its value is word 3 and `family` says which it is.
 */
export const WORDS_PER_ADDRESS = 4;

export class FlowBatch {
  length = 0;
  family: Uint8Array;
  src: Uint32Array;
  dst: Uint32Array;
  srcPort: Uint16Array;
  dstPort: Uint16Array;
  proto: Uint8Array;
  tcpFlags: Uint8Array;
  /** Counts as exported (never scaled up by the sampling interval). */
  packets: Float64Array;
  bytes: Float64Array;
  /** Milliseconds since the Unix epoch, UTC. */
  start: Float64Array;
  end: Float64Array;
  /** 1 when unsampled; N for 1-in-N sampling as the exporter declared it. */
  sampling: Uint32Array;
  /** Index into the source's exporter table (collector) or file list (import). */
  exporter: Uint16Array;

  constructor(readonly capacity: number) {
    this.family = new Uint8Array(capacity);
    this.src = new Uint32Array(capacity * WORDS_PER_ADDRESS);
    this.dst = new Uint32Array(capacity * WORDS_PER_ADDRESS);
    this.srcPort = new Uint16Array(capacity);
    this.dstPort = new Uint16Array(capacity);
    this.proto = new Uint8Array(capacity);
    this.tcpFlags = new Uint8Array(capacity);
    this.packets = new Float64Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.sampling = new Uint32Array(capacity);
    this.exporter = new Uint16Array(capacity);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  clear(): void {
    this.length = 0;
  }

  /** Reserves the next row and returns its index; the caller fills the columns. Address words start zeroed. */
  next(): number {
    if (this.length >= this.capacity) throw new RangeError('FlowBatch is full');
    const i = this.length++;
    const w = i * WORDS_PER_ADDRESS;
    this.src.fill(0, w, w + WORDS_PER_ADDRESS);
    this.dst.fill(0, w, w + WORDS_PER_ADDRESS);
    this.sampling[i] = 1;
    return i;
  }

  setIPv4(column: Uint32Array, row: number, address: number): void {
    const w = row * WORDS_PER_ADDRESS;
    column[w] = 0;
    column[w + 1] = 0;
    column[w + 2] = 0xffff;
    column[w + 3] = address >>> 0;
  }
}

/** Text form of a row's address, for output and tests (not for hot paths). */
export function formatAddress(column: Uint32Array, row: number, family: number): string {
  const w = row * WORDS_PER_ADDRESS;
  if (family === 4) {
    const v = column[w + 3]!;
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const parts: string[] = [];
  for (let k = 0; k < 4; k++) {
    const v = column[w + k]!;
    parts.push((v >>> 16).toString(16), (v & 0xffff).toString(16));
  }
  // Compress the longest run of zero groups, as RFC 5952 asks.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}
