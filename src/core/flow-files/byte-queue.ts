/**
 * Byte chunks in, contiguous views out: binary readers ask for the next `n` bytes and get a
 * view into the caller's chunk when it holds them, or a copy joined from several chunks.
 * Views are only valid until the next `push` (readers use them at once).
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  /** Bytes held and not yet consumed. */
  available = 0;
  /** Absolute offset (from the start of the input) of the next unconsumed byte. */
  position = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.available += chunk.length;
  }

  /** The next `n` bytes without consuming them, or null if fewer are held. */
  peek(n: number): { buf: Uint8Array; off: number } | null {
    if (n > this.available) return null;
    const first = this.chunks[0];
    if (!first) return n === 0 ? { buf: new Uint8Array(0), off: 0 } : null;
    if (first.length - this.head >= n) return { buf: first, off: this.head };
    const joined = new Uint8Array(n);
    let filled = 0;
    let off = this.head;
    for (const c of this.chunks) {
      const take = Math.min(c.length - off, n - filled);
      joined.set(c.subarray(off, off + take), filled);
      filled += take;
      off = 0;
      if (filled === n) break;
    }
    // Keep the joined bytes as one chunk so a later peek of the same range does not copy again.
    this.replaceHead(joined, n);
    return { buf: joined, off: 0 };
  }

  /** Consumes `n` bytes (n <= available). */
  skip(n: number): void {
    this.available -= n;
    this.position += n;
    while (n > 0) {
      const first = this.chunks[0]!;
      const left = first.length - this.head;
      if (n < left) {
        this.head += n;
        return;
      }
      n -= left;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** Drops everything held. */
  clear(): void {
    this.position += this.available;
    this.chunks = [];
    this.head = 0;
    this.available = 0;
  }

  // Replace the first n unconsumed bytes (spread over chunks) by `joined`.
  private replaceHead(joined: Uint8Array, n: number): void {
    let rest = n;
    let off = this.head;
    let i = 0;
    while (rest > 0) {
      const c = this.chunks[i]!;
      const left = c.length - off;
      if (rest < left) {
        this.chunks[i] = c.subarray(off + rest);
        rest = 0;
        break;
      }
      rest -= left;
      off = 0;
      i++;
    }
    this.chunks.splice(0, i, joined);
    this.head = 0;
  }
}
