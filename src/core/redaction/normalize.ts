/**
 * Width folding with an offset map. Detectors run on the NFKC form of the text (full-width
 * letters, digits and ＠ become ASCII, half-width katakana become full-width), and every match
 * is mapped back to UTF-16 offsets in the original text.
 */

export interface Folded {
  /** NFKC form of the text. */
  text: string;
  /** For each code unit of `text`, the offset in the original of the character it came from. */
  from: Int32Array;
  /** For each code unit of `text`, the end offset in the original of that character. */
  to: Int32Array;
}

const isHalfwidthKana = (c: number) => c >= 0xff66 && c <= 0xff9d;
const isHalfwidthMark = (c: number) => c === 0xff9e || c === 0xff9f;

/** Full-width punctuation and the ideographic space, kept as they are for the Japanese analyser. */
const isFullwidthPunct = (c: number) => c === 0x3000 || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65);

/**
 * `keepPunctuation`: fold letters, digits and half-width kana only, so that the analyser sees
 * 問い合わせ：松田 as Japanese text (NFKC would make the colon ASCII and confuse it).
 */
export function fold(original: string, keepPunctuation = false): Folded {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  const n = original.length;
  while (i < n) {
    const cp = original.codePointAt(i)!;
    let len = cp > 0xffff ? 2 : 1;
    // A half-width kana with its voiced mark composes into one full-width character.
    if (isHalfwidthKana(cp) && i + 1 < n && isHalfwidthMark(original.charCodeAt(i + 1))) len = 2;
    const src = original.slice(i, i + len);
    const out = cp < 0x80 || (keepPunctuation && isFullwidthPunct(cp)) ? src : src.normalize('NFKC');
    parts.push(out);
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(i + len);
    }
    i += len;
  }
  return { text: parts.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** Original [start, end) of the folded range [s, e). */
export function unfold(f: Folded, s: number, e: number): [number, number] {
  if (e <= s) return [f.from[s] ?? 0, f.from[s] ?? 0];
  return [f.from[s]!, f.to[e - 1]!];
}
