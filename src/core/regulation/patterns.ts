/**
 * What a line starts with, in the numbering vocabulary of Japanese regulations. Every pattern
 * is anchored and uses bounded, non-overlapping character classes, so matching is linear in
 * the line length (no backtracking blow-up on long PDF lines).
 *
 * Each marker carries the label as printed and the rest of the line as printed; `num` is the
 * width-folded numeral used in citations ("第３２条" is cited 第32条).
 */
import { type Line, circledValue, parseNumeral } from './normalize.ts';

export type Marker =
  | { type: 'chapter' | 'section' | 'subsection'; label: string; num: string; n: number; rest: string }
  | { type: 'article'; label: string; num: string; n: number; subs: string[]; heading: string | null; rest: string }
  | { type: 'numbered'; label: string; num: string; depth: number; rest: string }
  | { type: 'paragraph' | 'item' | 'kanjiItem' | 'circled' | 'latin' | 'kana' | 'kanaParen'; label: string; num: string; n: number; rest: string }
  | { type: 'supplementary'; label: string; note: string | null; rest: string }
  | { type: 'appendix'; label: string; name: string; heading: string | null; rest: string }
  | { type: 'headingParen'; label: string; inner: string; rest: string };

const N = '[0-9]{1,6}|[一二三四五六七八九十百千〇]{1,8}';
const UNIT = new RegExp(`^第\\s?(${N})\\s?([章節款])(?:\\s+(.*))?$`);
const ARTICLE = new RegExp(`^第\\s?(${N})\\s?条((?:\\s?の\\s?(?:${N}))*)(.*)$`);
const ARTICLE_SUB = new RegExp(`(${N})`, 'g');
const NUMBERED = /^(\d{1,3}(?:\.\d{1,3}){1,4})\.?(?:\s+(.*))?$/;
const PARAGRAPH = /^(\d{1,3})\s+(\S.*)$/;
const ITEM = /^\((\d{1,3})\)\s*(.*)$/;
const KANJI_ITEM = /^([一二三四五六七八九十]{1,3})\s+(\S.*)$/;
const CIRCLED = /^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])\s*(.*)$/;
const LATIN = /^\(([a-zA-Z])\)\s*(.*)$/;
// The 50-sound and いろは sequences use these letters; small kana and ヴ never number a clause.
const KANA_LETTERS = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン';
const KANA = new RegExp(`^([${KANA_LETTERS}])\\s+(\\S.*)$`);
const KANA_PAREN = new RegExp(`^\\(([${KANA_LETTERS}])\\)\\s*(.*)$`);
const SUPPLEMENTARY = /^附\s?則(?:\s?\(([^()]*)\))?(?:\s+(.*))?$/;
const APPENDIX_BRACKET = /^【((?:別表|別紙|様式|付録|付表|別添|別記|参考資料)[^】]{0,20})】\s*(.*)$/;
const APPENDIX_PLAIN = /^((?:別表|別紙|様式|別記|付録)(?:\s?第?\s?[0-9一二三四五六七八九十]{1,3}\s?号?)?)\s?(?:\(([^()]*)\))?(?:\s+(.*))?$/;
const HEADING_PAREN = /^\(([^()。]{1,60}|[^()。]{0,40}\([^()。]{1,20}\)[^()。]{0,30})\)$/;

/** Position of a katakana label in the 50-sound order (only used to keep keys stable). */
const kanaValue = (label: string): number => KANA_LETTERS.indexOf(label) + 1;

/** Splits a matched line into label (printed) and rest (printed), using the folded match. */
function split(line: Line, rest: string | undefined): { label: string; rest: string } {
  const restLen = rest?.length ?? 0;
  const cut = line.fold.length - restLen;
  return { label: line.text.slice(0, cut).trim(), rest: line.text.slice(cut).trim() };
}

export function classify(line: Line): Marker | null {
  const f = line.fold;
  const c = f.charCodeAt(0);
  // Dispatch on the first character so that most lines try one or two patterns only.
  if (f.startsWith('第')) {
    let m = UNIT.exec(f);
    if (m) {
      const type = m[2] === '章' ? 'chapter' : m[2] === '節' ? 'section' : 'subsection';
      return { type, num: m[1]!, n: parseNumeral(m[1]!), ...split(line, m[3]) };
    }
    m = ARTICLE.exec(f);
    if (m) return article(line, m);
    return null;
  }
  if (c >= 0x30 && c <= 0x39) {
    let m = NUMBERED.exec(f);
    if (m) return { type: 'numbered', num: m[1]!, depth: m[1]!.split('.').length - 1, ...split(line, m[2]) };
    m = PARAGRAPH.exec(f);
    if (m) return { type: 'paragraph', num: m[1]!, n: Number(m[1]), ...split(line, m[2]) };
    return null;
  }
  if (f.startsWith('(')) {
    let m = ITEM.exec(f);
    if (m) return { type: 'item', num: m[1]!, n: Number(m[1]), ...split(line, m[2]) };
    m = LATIN.exec(f);
    if (m) return { type: 'latin', num: `(${m[1]})`, n: m[1]!.toLowerCase().charCodeAt(0) - 0x60, ...split(line, m[2]) };
    m = KANA_PAREN.exec(f);
    if (m) return { type: 'kanaParen', num: `(${m[1]})`, n: kanaValue(m[1]!), ...split(line, m[2]) };
    m = HEADING_PAREN.exec(f);
    if (m) return { type: 'headingParen', label: '', inner: line.text.slice(1, -1).trim(), rest: '' };
    return null;
  }
  if (circledValue(f) > 0) {
    const m = CIRCLED.exec(f)!;
    return { type: 'circled', num: m[1]!, n: circledValue(m[1]!), ...split(line, m[2]) };
  }
  if (f.startsWith('附')) {
    const m = SUPPLEMENTARY.exec(f);
    if (!m) return null;
    // "附則(平成27年3月31日規程第3号)": the parenthesised note identifies an amending 附則.
    const open = f.indexOf('(');
    const note = m[1] !== undefined ? line.text.slice(open + 1, open + 1 + m[1].length).trim() || null : null;
    return { type: 'supplementary', note, ...split(line, m[2]) };
  }
  if (f.startsWith('【')) {
    const m = APPENDIX_BRACKET.exec(f);
    if (m) return { type: 'appendix', name: m[1]!.replace(/\s/g, ''), heading: m[2] ? line.text.slice(f.length - m[2].length).trim() : null, label: `【${m[1]}】`, rest: '' };
    return null;
  }
  if (/^[別様付]/.test(f)) {
    const m = APPENDIX_PLAIN.exec(f);
    if (m) {
      const heading = m[3] ? line.text.slice(f.length - m[3].length).trim() : null;
      return { type: 'appendix', name: m[1]!.replace(/\s/g, ''), heading, label: line.text.slice(0, m[1]!.length).trim(), rest: m[2] ?? '' };
    }
  }
  let m = KANA.exec(f);
  if (m) return { type: 'kana', num: m[1]!, n: kanaValue(m[1]!), ...split(line, m[2]) };
  m = KANJI_ITEM.exec(f);
  if (m) return { type: 'kanjiItem', num: m[1]!, n: parseNumeral(m[1]!), ...split(line, m[2]) };
  return null;
}

function article(line: Line, m: RegExpExecArray): Marker | null {
  const after = m[3]!;
  let heading: string | null = null;
  let rest: string;
  if (after === '' || after.startsWith(' ')) rest = after;
  else if (after.startsWith('(')) {
    // "第1条(目的) この規程は…": the heading printed inline.
    const close = after.indexOf(')');
    if (close < 0) return null;
    const tail = after.slice(close + 1);
    if (tail !== '' && !tail.startsWith(' ')) return null;
    const start = line.fold.length - after.length;
    heading = line.text.slice(start + 1, start + close).trim();
    rest = tail;
  } else return null; // "第1条から第3条まで…" continues a sentence
  const subs = m[2] ? [...m[2].matchAll(ARTICLE_SUB)].map((s) => s[1]!) : [];
  const num = subs.length ? `${m[1]}条の${subs.join('の')}` : `${m[1]}条`;
  const labelEnd = line.fold.length - after.length; // before an inline "(見出し)"
  const cut = line.fold.length - rest.length;
  return { type: 'article', num, n: parseNumeral(m[1]!), subs, heading, label: line.text.slice(0, labelEnd).trim(), rest: line.text.slice(cut).trim() };
}

/** Is this line a heading-like unit (chapter, numbered section, article, 附則, appendix)? */
export const isUnitMarker = (m: Marker | null): boolean =>
  !!m && (m.type === 'chapter' || m.type === 'section' || m.type === 'subsection' || m.type === 'article' || m.type === 'numbered' || m.type === 'supplementary' || m.type === 'appendix');
