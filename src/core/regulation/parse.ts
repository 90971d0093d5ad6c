/**
 * Regulation text to a clause tree. Hand-written, line-oriented and linear: each line is
 * split, width-folded and classified once, then one of two form parsers places it.
 *
 *   text ─ splitLines ─ classify ─ front matter (title, cover, TOC, trailer)
 *                                 └ article form (第N条…) or outline form (1.1 / (1) / ① …)
 *
 * Bad input (empty, no clause structure) raises RegulationInputError; anything the parser
 * cannot place is returned in `unplaced` with a reason, never silently dropped (page numbers,
 * TOC lines and running headers excepted: they carry nothing).
 */
import { parseArticleForm } from './article-form.ts';
import { emptyTextError, isBlank } from './decode.ts';
import { inputError } from './errors.ts';
import { readFrontMatter, readTrailer } from './front-matter.ts';
import { isPageNumber, splitLines } from './normalize.ts';
import { parseOutlineForm } from './outline-form.ts';
import { type Marker, classify } from './patterns.ts';
import { ClauseTree } from './tree.ts';
import type { ParsedRegulation } from './types.ts';

export { decodeRegulationBytes } from './decode.ts';
export type { DecodedRegulation, RegulationEncoding } from './decode.ts';
export { RegulationInputError } from './errors.ts';

export type RegulationForm = ParsedRegulation['form'];

export interface ParseOptions {
  /** Force a form instead of detecting it (the import preview lets the user override). */
  form?: RegulationForm;
}

/** Article form when 第N条 lines dominate, outline form when numbered sections or labels do. */
export function detectForm(markers: readonly (Marker | null)[]): RegulationForm | null {
  let articles = 0;
  let numbered = 0;
  let labels = 0;
  for (const m of markers) {
    if (!m) continue;
    if (m.type === 'article') articles++;
    else if (m.type === 'numbered') numbered++;
    else if (m.type === 'chapter' || m.type === 'item' || m.type === 'circled' || m.type === 'latin') labels++;
  }
  if (articles >= 2 && articles >= numbered) return 'article';
  if (numbered + labels >= 2) return 'outline';
  if (articles >= 1) return 'article'; // a one-article rule is still a rule
  return null;
}

export function parseRegulation(text: string, options: ParseOptions = {}): ParsedRegulation {
  if (isBlank(text)) throw emptyTextError();
  const lines = splitLines(text).filter((l) => !isPageNumber(l.fold));
  const markers = lines.map(classify);
  const form = options.form ?? detectForm(markers);
  if (!form) throw noStructure();

  const tree = new ClauseTree();
  const front = readFrontMatter(lines, markers, tree);
  const parseBody = form === 'article' ? parseArticleForm : parseOutlineForm;
  parseBody(lines, markers, front.skip, front.trailerStart, tree);
  readTrailer(lines, front.trailerStart, tree);

  const clauses = tree.toClauses();
  if (!clauses.some((c) => c.kind !== 'preamble')) throw noStructure();
  return { title: front.title, form, clauses, unplaced: tree.unplaced.sort((a, b) => a.line - b.line) };
}

const noStructure = () =>
  inputError(
    'no_structure',
    '規程の構造（第N条、1.1、(1) などの条項番号）が見つかりません。規程・基準の本文か確認してください',
    'no clause structure found (no 第N条, 1.1, (1) … numbering): is this the text of a regulation or standard?',
  );
