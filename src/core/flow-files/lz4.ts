/**
 * LZ4 *block* decompression (the raw block format, no frame), as nfdump writes its LZ4 data
 * blocks (LZ4_compress_default; read back with LZ4_decompress_safe).
 *
 * A block is a list of sequences. Each starts with a token byte: the high nibble is the
 * literal length, the low nibble the match length minus 4; a nibble of 15 continues in the
 * following bytes (each added, until a byte below 255). Then come the literals, then a 2-byte
 * little-endian match offset back into the output, then the match-length continuation bytes.
 * The last sequence has literals only. A match may overlap its own output (offset < length),
 * which repeats the last `offset` bytes.
 *
 * Every read and write is bounds-checked: corrupt input yields an `Lz4Error` naming the input
 * position, never a read or write outside the buffers.
 */

export class Lz4Error extends Error {
  constructor(
    message: string,
    /** Offset in the source buffer where decoding failed. */
    readonly position: number,
    /** True when the output buffer was too small (the caller may retry with a larger one). */
    readonly overflow = false,
  ) {
    super(message);
    this.name = 'Lz4Error';
  }
}

/**
 * Decompresses `src[start, end)` into `dst` from index 0 and returns the number of bytes
 * written. Throws `Lz4Error` on malformed input or when `dst` is too small.
 */
export function lz4DecompressBlock(src: Uint8Array, dst: Uint8Array, start = 0, end = src.length): number {
  if (start < 0 || end > src.length || start > end) throw new RangeError('lz4DecompressBlock: bad source range');
  let s = start;
  let d = 0;
  const dEnd = dst.length;
  if (s === end) throw new Lz4Error('LZ4 ブロックが空です / LZ4 block is empty', s);
  // Short copies go 4 bytes at a time through DataViews ("wild copy": up to 3 bytes past the
  // end are written, and overwritten by what follows; only where the buffers have room).
  const sv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const dv = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  const srcLen = src.length;

  while (s < end) {
    const tokenAt = s;
    const token = src[s++]!;

    // Literals.
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (s >= end) throw new Lz4Error('LZ4 のリテラル長がブロックの終わりを越えています / LZ4 literal length runs past the end of the block', tokenAt);
        b = src[s++]!;
        lit += b;
      } while (b === 255);
    }
    if (lit > 0) {
      if (s + lit > end) throw new Lz4Error(`LZ4 のリテラル（${lit} バイト）がブロックの終わりを越えています / LZ4 literals (${lit} bytes) run past the end of the block`, tokenAt);
      if (d + lit > dEnd) throw new Lz4Error('LZ4 の展開結果がバッファーより大きくなります / LZ4 output larger than the buffer', tokenAt, true);
      if (lit <= 32 && s + lit + 3 < srcLen && d + lit + 3 < dEnd) {
        for (let k = 0; k < lit; k += 4) dv.setUint32(d + k, sv.getUint32(s + k));
      } else if (lit < 32) {
        for (let k = 0; k < lit; k++) dst[d + k] = src[s + k]!;
      } else {
        dst.set(src.subarray(s, s + lit), d);
      }
      s += lit;
      d += lit;
    }
    if (s === end) break; // the last sequence carries literals only

    // Match.
    if (s + 2 > end) throw new Lz4Error('LZ4 の一致オフセットが途中で切れています / LZ4 match offset cut off', s);
    const offset = src[s]! | (src[s + 1]! << 8);
    if (offset === 0 || offset > d) throw new Lz4Error(`LZ4 の一致オフセット ${offset} が出力の先頭より前を指しています / LZ4 match offset ${offset} points before the start of the output`, s);
    s += 2;
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (s >= end) throw new Lz4Error('LZ4 の一致長がブロックの終わりを越えています / LZ4 match length runs past the end of the block', tokenAt);
        b = src[s++]!;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (d + len > dEnd) throw new Lz4Error('LZ4 の展開結果がバッファーより大きくなります / LZ4 output larger than the buffer', tokenAt, true);
    let m = d - offset;
    if (offset >= len && len >= 64) {
      dst.copyWithin(d, m, m + len);
      d += len;
    } else if (offset >= 8 && d + len + 7 < dEnd) {
      // Reading 8 bytes at m + k only sees bytes before d + k, which are final (offset >= 8).
      for (let k = 0; k < len; k += 8) {
        dv.setUint32(d + k, dv.getUint32(m + k));
        dv.setUint32(d + k + 4, dv.getUint32(m + k + 4));
      }
      d += len;
    } else if (offset >= 4 && d + len + 3 < dEnd) {
      for (let k = 0; k < len; k += 4) dv.setUint32(d + k, dv.getUint32(m + k));
      d += len;
    } else {
      // Byte by byte: overlapping matches repeat the pattern, as the format requires.
      const stop = d + len;
      while (d < stop) dst[d++] = dst[m++]!;
    }
  }
  return d;
}
