/**
 * Text search over shared reports: one folding for the stored search text, the query and the snippet.
 * Folding is NFKC plus lower case, done per grapheme cluster so that every folded position maps back to
 * the original text (full-width "ＶＰＮ" folds to "vpn"; half-width "ｶﾞ" stays one cluster and folds to "ガ").
 * The database only finds which reports contain every term; snippets are cut here from the original text.
 */

const segmenter = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** Folded text and, for each folded UTF-16 offset (and one past the end), the offset in the original. */
export interface FoldedText {
  folded: string;
  origin: number[];
}

export function foldWithMap(text: string): FoldedText {
  let folded = '';
  const origin: number[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const f = segment.normalize('NFKC').toLowerCase();
    for (let k = 0; k < f.length; k++) origin.push(index);
    folded += f;
  }
  origin.push(text.length);
  return { folded, origin };
}

/** The text as stored for search and as matched. */
export function foldForSearch(text: string): string {
  return foldWithMap(text).folded;
}

/** Terms of a query: folded, split at white space (full-width spaces too), duplicates and empties dropped; at most 8. */
export function searchTerms(q: string): string[] {
  return [...new Set(foldForSearch(q).split(/\s+/u).filter((t) => t.length > 0))].slice(0, 8);
}

/** Trigram indexes find terms of three characters or more; shorter terms are matched with LIKE. */
export const TRIGRAM_MIN = 3;
export const termLength = (term: string) => [...term].length;

/** The reference matcher: what the database search must agree with on both engines. */
export function matchesAll(text: string, terms: readonly string[]): boolean {
  const f = foldForSearch(text);
  return terms.every((t) => f.includes(t));
}

/** A LIKE pattern for a term, with `\` as the escape character. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 phrase for a term (double quotes doubled). */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

export interface Snippet {
  text: string;
  /** Where the terms are in `text` (UTF-16 offsets), for highlighting. */
  highlights: { start: number; end: number }[];
}

/** Original [start, end) of a match at folded [at, at + length): whole grapheme clusters. */
function originalSpan(f: FoldedText, at: number, length: number): { start: number; end: number } {
  const start = f.origin[at]!;
  const last = f.origin[at + length - 1]!;
  let end = f.origin[at + length]!;
  if (end <= last) end = f.origin.find((o) => o > last) ?? f.origin[f.origin.length - 1]!;
  return { start, end };
}

/**
 * A short excerpt of the original text around the first match of any term, with the matches in it.
 * Positions are found in the folded text and mapped back, so full-width or decomposed input is cut right.
 */
export function snippetOf(text: string, terms: readonly string[], radius = 30): Snippet | null {
  const f = foldWithMap(text);
  let first: { at: number; term: string } | null = null;
  for (const t of terms) {
    const at = f.folded.indexOf(t);
    if (at >= 0 && (!first || at < first.at)) first = { at, term: t };
  }
  if (!first) return null;
  const m = originalSpan(f, first.at, first.term.length);
  // Cut at grapheme cluster boundaries (the offsets in `origin`).
  let start = 0;
  for (const o of f.origin) {
    if (o > Math.max(0, m.start - radius)) break;
    start = o;
  }
  const end = f.origin.find((o) => o >= Math.min(text.length, m.end + radius)) ?? text.length;
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const highlights: { start: number; end: number }[] = [];
  for (const t of terms) {
    for (let at = f.folded.indexOf(t); at >= 0; at = f.folded.indexOf(t, at + 1)) {
      const s = originalSpan(f, at, t.length);
      if (s.start >= start && s.end <= end) highlights.push({ start: lead.length + s.start - start, end: lead.length + s.end - start });
    }
  }
  highlights.sort((a, b) => a.start - b.start || a.end - b.end);
  // Line breaks become spaces (one for one, so the highlights stay in place).
  return { text: `${lead}${text.slice(start, end).replace(/\s/gu, ' ')}${tail}`, highlights };
}
