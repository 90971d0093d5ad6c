/**
 * Line-level normalisation shared by both forms: splitting, width folding for pattern matching,
 * numerals, and joining the fragments of one clause's text.
 *
 * Patterns run on a *folded* copy of each line (full-width digits, letters, parentheses and
 * spaces mapped to ASCII, one character for one character) so that one regex covers
 * "（１）" and "(1)"; the clause text keeps the characters as printed.
 */

export interface Line {
  /** 1-based line number in the source. */
  no: number;
  /** Whitespace-normalised text as printed, without a leading "- " bullet from PDF conversion. */
  text: string;
  /** `text` width-folded; same length, so offsets carry over. */
  fold: string;
  /** The raw line began with whitespace (an unlabelled sub-item in 例規集 exports). */
  indented: boolean;
  /** The raw line began with a "- " / "• " bullet (PDF conversion of a list). */
  bullet: boolean;
  /** A table row: cells that were separated by tabs, joined by " | ". */
  table: boolean;
}

// Full-width ASCII variants and the odd spaces PDF and Word exports leave behind.
const WIDE = /[\uff01-\uff5e\u3000\u00a0\u2002-\u200a\u202f\u205f]/g;
const foldChar = (c: string): string => {
  const code = c.charCodeAt(0);
  return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ' ';
};
export const foldWidth = (s: string): string => s.replace(WIDE, foldChar);

const SPACES = /[ \t\u3000\u00a0\u2002-\u200a\u202f\u205f]+/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const BULLET = /^[-\u2010\u2013\u2022\uff0d]\s+/;

/** Splits text into non-blank lines; CR, CRLF and form feeds (PDF page breaks) end lines. */
export function splitLines(source: string): Line[] {
  const raw = source.replace(INVISIBLE, '').split(/\r\n|[\r\n\f\v\u2028\u2029]/);
  const out: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    let text: string;
    let table = false;
    if (r.includes('\t')) {
      const cells = r.split('\t').map((c) => c.replace(SPACES, ' ').trim());
      const filled = cells.filter((c) => c !== '');
      // Two cells, or one cell padded by several tabs, is a table row; one trailing tab is not.
      table = filled.length >= 2 || (filled.length === 1 && cells.length >= 3);
      text = filled.join(table ? ' | ' : ' ');
    } else {
      text = r.replace(SPACES, ' ').trim();
    }
    if (text === '') continue;
    const bullet = BULLET.test(text);
    if (bullet) text = text.replace(BULLET, '');
    if (text === '') continue;
    out.push({ no: i + 1, text, fold: foldWidth(text), indented: /^[ \u3000\u00a0]/.test(r) && !bullet, bullet, table });
  }
  return out;
}

/** A page number alone on a line ("12", "- 12 -", "12 / 48", "p. 12"): a PDF artefact. */
export const isPageNumber = (fold: string): boolean =>
  /^(?:-\s*)?\d{1,4}(?:\s*-)?$/.test(fold) || /^\d{1,4}\s*\/\s*\d{1,4}$/.test(fold) || /^(?:page|p\.)\s*\d{1,4}$/i.test(fold);

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const KANJI_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "32", "三十二", "元" (first year of an era) to a number; NaN when it is none of these. */
export function parseNumeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '元') return 1;
  let total = 0;
  let digit = -1;
  for (const c of s) {
    if (c in KANJI_DIGITS) digit = KANJI_DIGITS[c]!;
    else if (c in KANJI_UNITS) {
      total += (digit < 0 ? 1 : digit) * KANJI_UNITS[c]!;
      digit = -1;
    } else return NaN;
  }
  return total + (digit < 0 ? 0 : digit);
}

/** ①..⑳, ㉑..㉟, ㊱..㊿ to 1..50; 0 when not a circled number. */
export function circledValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1;
  if (code >= 0x3251 && code <= 0x325f) return code - 0x3251 + 21;
  if (code >= 0x32b1 && code <= 0x32bf) return code - 0x32b1 + 36;
  return 0;
}

// A fragment ending in one of these closes a sentence, a bracket or a heading: the next line is
// a new paragraph. Anything else ended mid-sentence (a PDF line or page break). Tested on the
// last character only: a clause's text can grow long, and an unanchored /…$/ would rescan it.
const CLOSED = new Set('。．.！？!?」』）)】>＞:：');
const isAsciiWordChar = (c: string | undefined) => !!c && /^[A-Za-z0-9]$/.test(c);
const isKatakana = (c: string) => c >= '\u30a1' && c <= '\u30fa';
const isHiragana = (c: string) => c >= '\u3041' && c <= '\u3096';

/**
 * PDF page breaks sometimes repeat the last character on the next page ("当該ロ" / "ログは",
 * "可能性がある" / "る。"). Only a repeated katakana, or a repeated hiragana that closes the
 * clause, is dropped: doubled hiragana inside a word (そのまま) is real text.
 */
function repeatsAcrossBreak(last: string, next: string): boolean {
  if (next[0] !== last) return false;
  if (isKatakana(last) && last !== 'ー') return true;
  return isHiragana(last) && (next[1] === '。' || next[1] === '、');
}

/**
 * Text of one clause, collected line by line. A line that continues an unfinished sentence is
 * glued to it (no space between Japanese characters, one space between ASCII words); other
 * lines start a new paragraph, and paragraphs are joined with "\n".
 *
 * Fragments are kept in arrays and joined once: appending to a growing string and then reading
 * its last character would flatten it every time (quadratic on a long clause).
 */
export class TextParts {
  private readonly paragraphs: string[] = [];
  private fragments: string[] = [];
  private last = '';
  private lastTable = false;

  get empty(): boolean {
    return this.paragraphs.length === 0 && this.fragments.length === 0;
  }

  add(text: string, opts: { table?: boolean; newParagraph?: boolean } = {}): void {
    if (text === '') return;
    const open = this.fragments.length > 0;
    if (open && !opts.newParagraph && !opts.table && !this.lastTable && !CLOSED.has(this.last)) {
      const next = repeatsAcrossBreak(this.last, text) ? text.slice(1) : text;
      if (next === '') return;
      if (isAsciiWordChar(this.last) && isAsciiWordChar(next[0])) this.fragments.push(' ');
      this.fragments.push(next);
    } else {
      if (open) this.paragraphs.push(this.fragments.join(''));
      this.fragments = [text];
    }
    this.last = this.fragments[this.fragments.length - 1]!.slice(-1);
    this.lastTable = !!opts.table;
  }

  toString(): string {
    return this.fragments.length ? [...this.paragraphs, this.fragments.join('')].join('\n') : this.paragraphs.join('\n');
  }
}

/** A bare date in parentheses, as 例規集 exports print the date of an amending 附則. */
const ERA_DATE = /^(?:明治|大正|昭和|平成|令和)\s*(?:元|\d{1,2})年\s*\d{1,2}月\s*\d{1,2}日|^\d{4}年\s*\d{1,2}月\s*\d{1,2}日/;
export const isDateText = (fold: string): boolean => ERA_DATE.test(fold);
