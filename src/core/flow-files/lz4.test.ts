import { describe, expect, it } from 'vitest';
import { Lz4Error, lz4DecompressBlock } from './lz4.ts';

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const text = (u: Uint8Array, n: number) => String.fromCharCode(...u.subarray(0, n));

function decode(src: Uint8Array, size = 1024): string {
  const out = new Uint8Array(size);
  return text(out, lz4DecompressBlock(src, out));
}

describe('lz4DecompressBlock', () => {
  it('reads a literals-only block', () => {
    expect(decode(bytes(0x50, ...ascii('hello')))).toBe('hello');
  });

  it('copies a match, and repeats an overlapping one', () => {
    // "abcd" then match offset 4 len 4 -> "abcdabcd", then final literal "!".
    expect(decode(bytes(0x40, ...ascii('abcd'), 4, 0, 0x10, ...ascii('!')))).toBe('abcdabcd!');
    // "a" then match offset 1 len 4+6 -> 11 × "a" (run-length via overlap), then "b".
    expect(decode(bytes(0x16, ...ascii('a'), 1, 0, 0x10, ...ascii('b')))).toBe('a'.repeat(11) + 'b');
  });

  it('reads extended literal and match lengths (nibble 15 plus 255-continued bytes)', () => {
    const lit = 15 + 255 + 10; // 280 literals
    // Then a match at offset 280 (little-endian 24, 1) of 15 + 255 + 255 + 0 + 4 = 529 bytes, then an empty last sequence.
    const src = [0xff, 255, 10, ...Array.from({ length: lit }, (_, i) => 97 + (i % 26)), lit & 255, lit >> 8, 255, 255, 0, 0x00];
    const out = new Uint8Array(2000);
    const n = lz4DecompressBlock(Uint8Array.from(src), out);
    expect(n).toBe(280 + 529);
    for (let i = 280; i < n; i++) expect(out[i]).toBe(out[i - 280]);
  });

  it('decodes a sub-range of the source', () => {
    const src = bytes(9, 9, 0x30, ...ascii('xyz'), 9);
    const out = new Uint8Array(8);
    expect(lz4DecompressBlock(src, out, 2, 6)).toBe(3);
    expect(text(out, 3)).toBe('xyz');
  });

  it('rejects corrupt input with the position, never reading or writing out of bounds', () => {
    const cases: [Uint8Array, RegExp][] = [
      [bytes(), /^LZ4 ブロックが空です \/ LZ4 block is empty$/],
      [bytes(0x50, ...ascii('hel')), /^LZ4 のリテラル（5 バイト）がブロックの終わりを越えています \/ LZ4 literals \(5 bytes\) run past/],
      [bytes(0xf0), /literal length runs past/],
      [bytes(0x10, 97, 2), /match offset cut off/],
      [bytes(0x10, 97, 2, 0, 0x10, 98), /^LZ4 の一致オフセット 2 が出力の先頭より前を指しています \/ LZ4 match offset 2 points before the start/],
      [bytes(0x10, 97, 0, 0, 0x10, 98), /offset 0 points before/],
      [bytes(0x1f, 97, 1, 0), /match length runs past/],
    ];
    for (const [src, msg] of cases) {
      expect(() => lz4DecompressBlock(src, new Uint8Array(64)), String(msg)).toThrow(msg);
    }
    try {
      lz4DecompressBlock(bytes(0x10, 97, 1, 0, 0x10, 98), new Uint8Array(8), 0);
    } catch (e) {
      expect(e).toBeInstanceOf(Lz4Error);
      expect((e as Lz4Error).overflow).toBe(true);
      expect((e as Lz4Error).position).toBe(0);
    }
  });

  it('reports output overflow so the caller can retry with a larger buffer', () => {
    expect(() => lz4DecompressBlock(bytes(0x50, ...ascii('hello')), new Uint8Array(4))).toThrow(/larger than the buffer/);
  });
});
