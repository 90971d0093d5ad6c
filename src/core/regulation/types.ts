/**
 * A regulation or standard as a clause tree. Shared by the parser, the matcher, the diff and
 * the catalogs module; pure data, no I/O.
 */

/** What a clause is, in the vocabulary of Japanese regulations. */
export type ClauseKind =
  | 'chapter' //     第1章
  | 'section' //     第1節 (article form) or 1.1 (outline form)
  | 'subsection' //  第1款 or 1.1.1
  | 'article' //     第32条
  | 'paragraph' //   2, 3 … inside an article (第32条第3項)
  | 'item' //        (1) (2) … (号)
  | 'subitem' //     イ ロ ハ … under an item, or ① ② / (a) (b) / ア イ levels in outline form
  | 'supplementary' // 附則
  | 'appendix' //    別表, 別紙, 様式
  | 'preamble'; //   text before the first numbered unit

export interface Clause {
  /** Stable key inside one parsed document, derived from the citation (e.g. "32-3-1" or "7.1.4(2)②(a)"). */
  key: string;
  kind: ClauseKind;
  /** The number as printed: "第32条", "3", "(1)", "7.1.4", "①", "(a)", "ア". */
  label: string;
  /** Full citation, written as the document numbers it: 第32条第3項第1号, 7.1.4(2)②(a). */
  citation: string;
  /** Heading if the document gives one: "ログの取得" for 第32条 (from "(ログの取得)"), "ログの取得・管理" for 7.1.4. */
  heading: string | null;
  /** The clause's own text, without its children's text, whitespace-normalised. */
  text: string;
  /** 1-based line in the source text where the clause starts. */
  line: number;
  children: Clause[];
}

export interface UnplacedLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedRegulation {
  title: string | null;
  /** article: 章/節/条/項/号 ; outline: 章/1.1/1.1.1/(1)/①/(a)/ア */
  form: 'article' | 'outline';
  clauses: Clause[];
  /** Lines the parser could not place in the tree (shown to the user in the import preview). */
  unplaced: UnplacedLine[];
}

/** One ranked candidate for a source clause. */
export interface MatchCandidate {
  target: string; // citation in the target document
  score: number; // 0..1
  /** Why: the shared key terms that weighed most. */
  terms: string[];
}

export interface ComparisonResult {
  mappings: { source: string; candidates: MatchCandidate[] }[];
  /** Target sections (numbered sections such as 7.1.4 or articles) that no source clause covers. */
  uncovered: string[];
}

/** Depth-first walk over a clause forest. */
export function* walkClauses(clauses: readonly Clause[], parents: Clause[] = []): Generator<{ clause: Clause; parents: Clause[] }> {
  for (const clause of clauses) {
    yield { clause, parents };
    yield* walkClauses(clause.children, [...parents, clause]);
  }
}
