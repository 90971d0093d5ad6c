/**
 * What surrounds the clauses: the title, the cover (dates, number, issuer), a table of contents,
 * running headers, and the trailer a 例規集 export appends (title again, 体系情報, 沿革情報).
 * None of it may become a clause: a TOC entry "7.1.4 ログの取得・管理 40" would otherwise be
 * a second, empty 7.1.4.
 */
import { type Line, isDateText } from './normalize.ts';
import { type Marker, isUnitMarker } from './patterns.ts';
import { type ClauseTree, PREAMBLE_HEADING } from './tree.ts';

export interface FrontMatter {
  title: string | null;
  /** Lines the form parsers must not see (title, cover, TOC, running headers). */
  skip: Uint8Array;
  /** Index of the first trailer line; lines.length when there is none. */
  trailerStart: number;
}

const TOC_HEADER = /^(?:目\s?次|もくじ|contents|table of contents)$/i;
const SEPARATOR = /^[-=_.・―─|\s]+$/;
/** A TOC entry's page number: after a tab (" | " once split), dot leaders, or a space. */
const PAGE_SUFFIX = /(?:\s\|\s|\.{2,}|…+|‥+|\s)\s*\d{1,3}$/;
const ARTICLE_RANGE = /\s?\(第[^()]{1,30}\)$/;
const LEADER_SUFFIX = /(?:\s\|\s|\.{3,}|…{2,}|‥{2,})\s*\d{1,3}$/;
const TRAILER_START = /^(?:体系情報|沿革情報|沿革|改正履歴|制定・改正履歴)$/;
const HISTORY = /^(?:沿革情報|沿革|改正履歴|制定・改正履歴)$/;
const CLASSIFICATION = /^(?:体系情報|分類)$/;

const LABELLED = new Set<Marker['type']>(['paragraph', 'item', 'kanjiItem', 'circled', 'latin', 'kana', 'kanaParen']);
const isStructural = (m: Marker | null): boolean => !!m && (isUnitMarker(m) || LABELLED.has(m.type));

/**
 * Where a TOC entry's page number (with its leader) starts, or -1. Only the tail of the line is
 * searched: an unanchored pattern over a long line of dots would backtrack quadratically.
 */
function pageSuffix(fold: string, pattern: RegExp): number {
  const last = fold.charCodeAt(fold.length - 1);
  if (!(last >= 0x30 && last <= 0x39)) return -1;
  const tail = fold.length > 120 ? fold.slice(-120) : fold;
  const m = pattern.exec(tail);
  return m ? fold.length - tail.length + m.index : -1;
}

function joinTitle(parts: string[]): string {
  return parts.reduce((acc, p) => (acc && /[A-Za-z0-9]$/.test(acc) && /^[A-Za-z0-9]/.test(p) ? `${acc} ${p}` : acc + p), '');
}

export function readFrontMatter(lines: Line[], markers: (Marker | null)[], tree: ClauseTree): FrontMatter {
  const skip = new Uint8Array(lines.length);
  let i = 0;

  // Title: the first block of adjacent short lines that are neither dates nor clauses.
  const titleParts: string[] = [];
  while (i < lines.length && titleParts.length < 3) {
    const l = lines[i]!;
    if (markers[i] || l.table || isDateText(l.fold) || TOC_HEADER.test(l.fold) || PREAMBLE_HEADING.test(l.text) || l.text.length > 80 || l.text.endsWith('。')) break;
    if (titleParts.length && l.no !== lines[i - 1]!.no + 1) break;
    titleParts.push(l.text.replace(/^[○◯●◎]\s*/, ''));
    skip[i++] = 1;
  }
  const title = titleParts.length ? joinTitle(titleParts) : null;

  // Cover: dates, numbers and issuer lines up to the TOC, the preamble or the first clause.
  while (i < lines.length) {
    const l = lines[i]!;
    if (markers[i] || TOC_HEADER.test(l.fold) || PREAMBLE_HEADING.test(l.text) || l.text.length > 40 || /[。、]/.test(l.text)) break;
    tree.unplace(l.no, l.text, '表紙・制定情報（日付・番号・制定者）/ cover: date, number or issuer');
    skip[i++] = 1;
  }

  // A TOC may follow the cover directly or a short 制定文; it always precedes the first unit.
  for (let j = i; j < lines.length && !isUnitMarker(markers[j]!); j++) {
    if (TOC_HEADER.test(lines[j]!.fold)) {
      skipToc(lines, markers, j, skip);
      break;
    }
  }

  // Headerless TOC entries ("7.1.4 ログの取得・管理 …… 40") anywhere: never clauses.
  for (let j = 0; j < lines.length; j++) {
    if (!skip[j] && isUnitMarker(markers[j]!) && pageSuffix(lines[j]!.fold, LEADER_SUFFIX) >= 0) skip[j] = 1;
  }

  return { title, skip, trailerStart: findTrailer(lines, markers, skip, title) };
}

/**
 * The TOC runs from its header until the body begins: a line that repeats an entry already
 * listed (the body's "はじめに" or "第1章 総則"), prose, an article or a numbered item.
 * Entries without page numbers (a chapter line, a law's "第1章 総則(第1条―第3条)") stay in it,
 * except in a TOC with page numbers when no numbered entry follows within three lines: then
 * the body has begun with headings worded differently from the TOC. A "TOC" that would run
 * to the end of the document is not one, and nothing is skipped.
 */
function skipToc(lines: Line[], markers: (Marker | null)[], start: number, skip: Uint8Array): void {
  const seen = new Set<string>();
  const hasPage = (j: number) => pageSuffix(lines[j]!.fold, PAGE_SUFFIX) >= 0;
  let sawPage = false;
  let j = start + 1;
  for (; j < lines.length; j++) {
    const l = lines[j]!;
    if (SEPARATOR.test(l.fold)) continue;
    const page = pageSuffix(l.fold, PAGE_SUFFIX);
    // A law's TOC gives article ranges instead of pages: "第1章 総則(第1条―第3条)".
    const entry = (page >= 0 ? l.fold.slice(0, page) : l.fold).replace(ARTICLE_RANGE, '').replace(/\s/g, '');
    if (seen.has(entry)) break;
    const m = markers[j]!;
    if (page < 0) {
      if (l.text.endsWith('。') || m?.type === 'article' || (m && !isUnitMarker(m))) break;
      if (sawPage && ![j + 1, j + 2, j + 3].some((k) => k < lines.length && hasPage(k))) break;
    } else sawPage = true;
    seen.add(entry);
  }
  skip[start] = 1; // the word 目次 itself carries nothing either way
  if (j >= lines.length) return;
  for (let k = start; k < j; k++) skip[k] = 1;
}

/**
 * A trailer starts at the title printed again, or at 体系情報/沿革情報, provided no clause
 * follows it. The title repeated *before* later clauses is a running page header: dropped.
 */
function findTrailer(lines: Line[], markers: (Marker | null)[], skip: Uint8Array, title: string | null): number {
  const plainTitle = title?.replace(/\s/g, '');
  let lastStructural = -1;
  for (let j = 0; j < lines.length; j++) {
    // The line after 体系情報 names a chapter of the 例規集 ("第4章"), not of this regulation.
    if (CLASSIFICATION.test(lines[j]!.text)) j++;
    else if (!skip[j] && isStructural(markers[j]!)) lastStructural = j;
  }
  for (let j = 0; j < lines.length; j++) {
    if (skip[j]) continue;
    const text = lines[j]!.text;
    const isTitle = plainTitle !== undefined && text.replace(/^[○◯●◎]\s*/, '').replace(/\s/g, '') === plainTitle;
    if (j > lastStructural && (isTitle || TRAILER_START.test(text))) return j;
    if (isTitle) skip[j] = 1;
  }
  return lines.length;
}

/** The trailer's revision history becomes one clause; its other lines are reported, not lost. */
export function readTrailer(lines: Line[], start: number, tree: ClauseTree): void {
  let history: ReturnType<ClauseTree['add']> | null = null;
  for (let j = start; j < lines.length; j++) {
    const l = lines[j]!;
    if (HISTORY.test(l.text)) {
      history = tree.add(null, { kind: 'supplementary', key: 'history', label: '沿革', citation: '沿革', heading: l.text, line: l.no });
    } else if (history) {
      history.text.add(l.text, { newParagraph: true });
    } else if (CLASSIFICATION.test(l.text)) {
      tree.unplace(l.no, l.text, '例規集の体系情報（この規程の条文ではない）/ classification in the collection of rules, not part of this regulation');
      const next = lines[j + 1];
      if (next && !HISTORY.test(next.text)) {
        tree.unplace(next.no, next.text, '例規集の体系情報（この規程の条文ではない）/ classification in the collection of rules, not part of this regulation');
        j++;
      }
    } else {
      tree.unplace(l.no, l.text, '末尾の書誌情報（題名・番号・施行日の再掲）/ trailer: title, number or effective date repeated');
    }
  }
}
