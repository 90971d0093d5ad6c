/**
 * Clause mapping between two regulations: for each unit of the source (an article, or a
 * numbered section in outline form) the best matching units of the target (its deepest
 * numbered sections such as 7.1.4 or 6.11, or its articles), each with a score in 0..1 and the
 * shared key terms that weighed most; plus the target units no source unit comes close to.
 *
 * Scoring is TF-IDF cosine over the Japanese terms of ./terms.ts (compounds, script segments,
 * loanwords, kanji bigrams, synonyms aligned). Structure enters through the headings: a unit's
 * own heading counts HEADING_WEIGHT times, the 節 / parent-section headings above it
 * CONTEXT_WEIGHT times and its chapter heading CHAPTER_WEIGHT times, and heading terms are also
 * added as separate "topic" dimensions (TOPIC_WEIGHT) with their own idf. In Japanese
 * regulations the heading is the most reliable statement of the topic (「ログの取得・管理」),
 * and the 節/chapter says which object a clause is about (端末, サーバ装置, 通信回線); as
 * topic features, a heading word that is common in bodies (端末) still discriminates. IDF comes
 * from the target's units, so what every target section says (情報システム管理者は … 措置を講ずる)
 * weighs nothing. The weights sit in a plateau measured on the seed labels
 * (bench/catalog-match.bench.ts): top-3 stays at 95-96 % and top-1 at 85-89 % across
 * HEADING_WEIGHT 3-5, CONTEXT_WEIGHT 1-2, CHAPTER_WEIGHT 0.75-1.5, TOPIC_WEIGHT 0.5-2.
 *
 * The index is built once per target (`buildIndex`) and queried with any text (`rank`), which
 * is what a clause-level drill-down in the UI uses; `compareRegulations` does both for whole
 * documents. Vectors are typed arrays; a query allocates only its result.
 */
import { TermAccumulator, type TermVector, Vocabulary } from './terms.ts';
import { type Clause, type ComparisonResult, type MatchCandidate, type ParsedRegulation, walkClauses } from './types.ts';

/** Weight of a unit's own heading terms relative to its body text. */
export const HEADING_WEIGHT = 4;
/** Weight of the headings of the 節 / parent sections (below the chapter) the unit belongs to. */
export const CONTEXT_WEIGHT = 1.5;
/** Weight of the heading of the unit's chapter. */
export const CHAPTER_WEIGHT = 1;
/** Weight of heading and context terms once more as topic dimensions of their own. */
export const TOPIC_WEIGHT = 1;
/**
 * A target unit whose best score from any source unit stays below this is reported as
 * uncovered. Calibrated on bench/catalog-labels.json (see bench/catalog-match.bench.ts): on the
 * seeds every labelled gap scores below 0.28 and the next covered-or-partial sections start at
 * 0.33, so 0.3 keeps recall at 100 % with a margin; precision is 41 % because sections that 002
 * covers only in part (a few items of an article) score as low as real gaps.
 */
export const UNCOVERED_THRESHOLD = 0.3;
/** Thresholds for a coverage report built from the scores (covered ≥ covered, partly ≥ partial). */
export const COVERAGE_THRESHOLDS = { covered: 0.4, partial: UNCOVERED_THRESHOLD } as const;
/** How many shared terms are given as the reason for a candidate. */
export const REASON_TERMS = 5;

/** One unit of comparison: a clause with the text of its whole subtree. */
export interface MatchUnit {
  citation: string;
  heading: string | null;
  /** Heading of the enclosing chapter (第N章), if any. */
  chapter?: string | null;
  /** Headings of the enclosing 節 / parent sections below the chapter (outermost first). */
  context: string[];
  /** The clause's text and that of all its descendants. */
  text: string;
}

const NUMBERED = new Set<Clause['kind']>(['section', 'subsection']);

function contextOf(parents: readonly Clause[]): { chapter: string | null; context: string[] } {
  const chapter = parents.find((p) => p.kind === 'chapter')?.heading ?? null;
  const context = parents.filter((p) => p.kind !== 'chapter' && p.heading).map((p) => p.heading!);
  return { chapter, context };
}

function subtreeText(clause: Clause): string {
  const parts: string[] = [];
  for (const { clause: c } of walkClauses([clause])) {
    if (c !== clause && c.heading) parts.push(c.heading);
    if (c.text) parts.push(c.text);
  }
  return parts.join('\n');
}

/**
 * The units a document is compared by: its articles (article form), else its deepest numbered
 * sections (7.1.4, 6.11: a section or subsection with no numbered section under it). An article
 * without a heading shares the heading of the article before it (Japanese drafting convention:
 * one heading stands over consecutive articles).
 */
export function comparisonUnits(reg: ParsedRegulation): MatchUnit[] {
  const all = [...walkClauses(reg.clauses)];
  const hasArticles = all.some(({ clause }) => clause.kind === 'article');
  const units: MatchUnit[] = [];
  let previousArticle: { heading: string | null; parent: Clause | undefined } | null = null;
  for (const { clause, parents } of all) {
    const isUnit = hasArticles
      ? clause.kind === 'article'
      : NUMBERED.has(clause.kind) && !clause.children.some((c) => NUMBERED.has(c.kind));
    if (!isUnit) continue;
    let heading = clause.heading;
    const parent = parents[parents.length - 1];
    if (hasArticles) {
      if (!heading && previousArticle && previousArticle.parent === parent) heading = previousArticle.heading;
      previousArticle = { heading, parent };
    }
    units.push({ citation: clause.citation, heading, ...contextOf(parents), text: subtreeText(clause) });
  }
  return units;
}

/**
 * Every clause with text of its own, for clause-level drill-down (第32条第3項 → 7.1.4(2)②):
 * the clause's text with the headings above it as context.
 */
export function clauseUnits(reg: ParsedRegulation): MatchUnit[] {
  const units: MatchUnit[] = [];
  for (const { clause, parents } of walkClauses(reg.clauses)) {
    if (!clause.text && !clause.heading) continue;
    if (clause.kind === 'chapter' || (NUMBERED.has(clause.kind) && !clause.text)) continue;
    units.push({ citation: clause.citation, heading: clause.heading, ...contextOf(parents), text: clause.text });
  }
  return units;
}

/** A target document indexed for ranking. */
export interface MatchIndex {
  readonly vocab: Vocabulary;
  readonly units: readonly MatchUnit[];
  /** Inverse document frequency per term id, 0..1 (0 for a term in every unit). */
  readonly idf: Float32Array;
  /** Unit vectors, TF-IDF weighted and L2-normalised. */
  readonly vectors: readonly TermVector[];
  /** Inverted index in CSR form: postings of term t are [start[t], start[t+1]). */
  readonly start: Uint32Array;
  readonly postUnit: Uint32Array;
  readonly postWeight: Float32Array;
  /** Scratch scores, one per unit, reused by every query. */
  readonly scratch: Float32Array;
  /** Accumulator that looks terms up without adding them (queries). */
  readonly acc: TermAccumulator;
}

type UnitLike = { heading?: string | null; chapter?: string | null; context?: readonly string[]; text: string };

function unitVector(acc: TermAccumulator, u: UnitLike): TermVector {
  if (u.heading) acc.add(u.heading, HEADING_WEIGHT);
  for (const h of u.context ?? []) acc.add(h, CONTEXT_WEIGHT);
  if (u.chapter) acc.add(u.chapter, CHAPTER_WEIGHT);
  acc.add(u.text, 1);
  if (TOPIC_WEIGHT > 0) {
    if (u.heading) acc.add(u.heading, TOPIC_WEIGHT, TOPIC);
    for (const h of u.context ?? []) acc.add(h, TOPIC_WEIGHT, TOPIC);
  }
  return acc.take();
}

/** Prefix of topic features: heading terms as their own dimension, with their own idf. */
const TOPIC = '§';

/** Sublinear term frequency × idf, then L2 normalisation, in place. */
function weigh(v: TermVector, idf: Float32Array): void {
  let norm = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const id = v.ids[i]!;
    const w = id < idf.length ? Math.log1p(v.weights[i]!) * idf[id]! : 0;
    v.weights[i] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.weights.length; i++) v.weights[i]! /= norm;
}

/** Indexes the target's comparison units (or units given directly, e.g. clauseUnits). */
export function buildIndex(target: ParsedRegulation | readonly MatchUnit[]): MatchIndex {
  const units = Array.isArray(target) ? (target as readonly MatchUnit[]) : comparisonUnits(target as ParsedRegulation);
  const vocab = new Vocabulary();
  const acc = new TermAccumulator(vocab, true);
  const vectors = units.map((u) => unitVector(acc, u));
  const V = vocab.size;
  const n = units.length;
  const df = new Uint32Array(V);
  for (const v of vectors) for (const id of v.ids) df[id]!++;
  const idf = new Float32Array(V);
  // Smoothed and scaled to 0..1: a term in every unit weighs 0, a term in one unit weighs ~1.
  const scale = Math.log(n + 0.5);
  for (let t = 0; t < V; t++) idf[t] = df[t] ? Math.max(0, Math.log((n + 0.5) / (df[t]! + 0.5)) / scale) : 0;
  for (const v of vectors) weigh(v, idf);
  const start = new Uint32Array(V + 1);
  for (let t = 0; t < V; t++) start[t + 1] = start[t]! + df[t]!;
  const fill = start.slice(0, V);
  const postUnit = new Uint32Array(start[V]!);
  const postWeight = new Float32Array(start[V]!);
  vectors.forEach((v, u) => {
    for (let i = 0; i < v.ids.length; i++) {
      const pos = fill[v.ids[i]!]!++;
      postUnit[pos] = u;
      postWeight[pos] = v.weights[i]!;
    }
  });
  return { vocab, units, idf, vectors, start, postUnit, postWeight, scratch: new Float32Array(n), acc: new TermAccumulator(vocab, false) };
}

/** A query: free text, or a unit with its heading and the headings above it. */
export type Query = string | UnitLike;

/** The query as a weighted vector in the index's term space (terms unknown to the target are dropped). */
export function queryVector(index: MatchIndex, query: Query): TermVector {
  const v = unitVector(index.acc, typeof query === 'string' ? { text: query } : query);
  weigh(v, index.idf);
  return v;
}

/** Cosine scores (0..1) of the query against every unit, into `out` (defaults to the index's scratch). */
export function scoreAll(index: MatchIndex, q: TermVector, out: Float32Array = index.scratch): Float32Array {
  out.fill(0);
  const { start, postUnit, postWeight } = index;
  for (let i = 0; i < q.ids.length; i++) {
    const t = q.ids[i]!;
    const w = q.weights[i]!;
    if (w === 0) continue;
    for (let p = start[t]!, end = start[t + 1]!; p < end; p++) out[postUnit[p]!]! += w * postWeight[p]!;
  }
  return out;
}

/** Indices of the `k` highest scores, best first (ties: document order). */
export function topK(scores: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let u = 0; u < scores.length; u++) {
    const s = scores[u]!;
    if (s <= 0) continue;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let i = best.length < k ? best.length : k - 1;
    best[i] = u;
    while (i > 0 && scores[best[i - 1]!]! < s) {
      best[i] = best[i - 1]!;
      best[i - 1] = u;
      i--;
    }
  }
  return best;
}

/** The shared terms that contribute most to the score of `unit` for query `q`. */
export function sharedTerms(index: MatchIndex, q: TermVector, unit: number, max = REASON_TERMS): string[] {
  const tv = index.vectors[unit]!;
  const contrib: { term: string; c: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < q.ids.length && j < tv.ids.length) {
    const a = q.ids[i]!;
    const b = tv.ids[j]!;
    if (a === b) {
      const c = q.weights[i]! * tv.weights[j]!;
      if (c > 0 && index.vocab.isWord(a)) contrib.push({ term: index.vocab.terms[a]!, c });
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  contrib.sort((x, y) => y.c - x.c || y.term.length - x.term.length);
  // Readable reasons: one entry per concept, the longer spelling when it weighs comparably
  // (業務委託 rather than 委託; 脆弱性 rather than 脆弱).
  const out: { term: string; c: number }[] = [];
  for (const x of contrib) {
    if (out.some((o) => o.term.includes(x.term))) continue;
    const inside = out.filter((o) => x.term.includes(o.term));
    if (inside.length) {
      const strongest = Math.max(...inside.map((o) => o.c));
      if (x.c < strongest * 0.5) continue;
      const at = out.indexOf(inside[0]!);
      out[at] = { term: x.term, c: strongest };
      for (const o of inside.slice(1)) out.splice(out.indexOf(o), 1);
      continue;
    }
    if (out.length < max) out.push(x);
  }
  return out.map((o) => o.term);
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

/** The `top` best units with a score that survives rounding (0.001), each with its reasons. */
function candidates(index: MatchIndex, q: TermVector, scores: Float32Array, top: number): MatchCandidate[] {
  return topK(scores, top)
    .map((u) => ({ target: index.units[u]!.citation, score: round(scores[u]!), terms: sharedTerms(index, q, u) }))
    .filter((c) => c.score > 0);
}

/** The `top` best target units for a query, with scores and reasons. */
export function rank(index: MatchIndex, query: Query, top = 5): MatchCandidate[] {
  const q = queryVector(index, query);
  const scores = scoreAll(index, q);
  return candidates(index, q, scores, top);
}

export interface CompareOptions {
  /** Candidates per source unit (default 5). */
  top?: number;
  /** Below this best score a target unit is uncovered (default UNCOVERED_THRESHOLD). */
  threshold?: number;
}

/** Full comparison with the raw score matrix (source-major), for evaluation and coverage. */
export function compareDetailed(
  source: ParsedRegulation,
  target: ParsedRegulation | MatchIndex,
  options: CompareOptions = {},
): ComparisonResult & { sourceUnits: MatchUnit[]; targetUnits: readonly MatchUnit[]; scores: Float32Array; best: Float32Array } {
  const top = options.top ?? 5;
  const threshold = options.threshold ?? UNCOVERED_THRESHOLD;
  const index = 'vectors' in target ? target : buildIndex(target);
  const sourceUnits = comparisonUnits(source);
  const nT = index.units.length;
  const scores = new Float32Array(sourceUnits.length * nT);
  const best = new Float32Array(nT);
  const mappings = sourceUnits.map((su, s) => {
    const q = queryVector(index, su);
    const row = scores.subarray(s * nT, (s + 1) * nT);
    scoreAll(index, q, row);
    for (let t = 0; t < nT; t++) if (row[t]! > best[t]!) best[t] = row[t]!;
    return { source: su.citation, candidates: candidates(index, q, row, top) };
  });
  const uncovered = index.units.filter((_, t) => best[t]! < threshold).map((u) => u.citation);
  return { mappings, uncovered, sourceUnits, targetUnits: index.units, scores, best };
}

/**
 * For each source unit (article or numbered section), the `top` best target units (numbered
 * sections or articles) with score 0..1 and shared key terms; and the target units whose best
 * score stays below the threshold.
 */
export function compareRegulations(source: ParsedRegulation, target: ParsedRegulation, options: CompareOptions = {}): ComparisonResult {
  const { mappings, uncovered } = compareDetailed(source, target, options);
  return { mappings, uncovered };
}

/** Hand-made labels for evaluating a comparison (see bench/catalog-labels.json). */
export interface MappingLabels {
  /** Per source citation, the target citations that cover it ([] when none does). */
  labels: Record<string, { targets: string[] }>;
  /** Target units the source does not cover. */
  gaps: string[];
  /** Target units left out of gap evaluation (descriptive sections that state no requirement). */
  excludedFromGaps?: string[];
}

export interface GapEvaluation {
  predicted: string[];
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface MappingEvaluation {
  /** Source units with at least one labelled target (the accuracy denominator). */
  labelled: number;
  /** Source units labelled [] (nothing in the target covers them): excluded from accuracy. */
  unlabelled: string[];
  /** Source units without any label entry (a sign the parser and the labels disagree). */
  missing: string[];
  /** Share of labelled source units with a labelled target among the first k candidates. */
  top1: number;
  top3: number;
  top5: number;
  /** Labelled source units whose first three candidates hold no labelled target. */
  misses: { source: string; want: string[]; got: MatchCandidate[] }[];
  gaps: GapEvaluation;
}

function gapScore(predicted: readonly string[], labels: MappingLabels): GapEvaluation {
  const excluded = new Set(labels.excludedFromGaps ?? []);
  const gaps = new Set(labels.gaps);
  const pred = predicted.filter((c) => !excluded.has(c));
  const tp = pred.filter((c) => gaps.has(c)).length;
  const precision = pred.length ? tp / pred.length : gaps.size ? 0 : 1;
  const recall = gaps.size ? tp / gaps.size : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { predicted: pred, truePositives: tp, precision, recall, f1 };
}

/** Top-k accuracy of the mappings and precision/recall of `uncovered` against hand-made labels. */
export function evaluateComparison(result: ComparisonResult, labels: MappingLabels): MappingEvaluation {
  let labelled = 0;
  const hits = [0, 0, 0];
  const unlabelled: string[] = [];
  const missing: string[] = [];
  const misses: MappingEvaluation['misses'] = [];
  for (const m of result.mappings) {
    const label = labels.labels[m.source];
    if (!label) {
      missing.push(m.source);
      continue;
    }
    if (!label.targets.length) {
      unlabelled.push(m.source);
      continue;
    }
    labelled++;
    const want = new Set(label.targets);
    const rankOf = m.candidates.findIndex((c) => want.has(c.target));
    if (rankOf === 0) hits[0]!++;
    if (rankOf >= 0 && rankOf < 3) hits[1]!++;
    if (rankOf >= 0 && rankOf < 5) hits[2]!++;
    if (rankOf < 0 || rankOf >= 3) misses.push({ source: m.source, want: label.targets, got: m.candidates.slice(0, 3) });
  }
  const share = (h: number) => (labelled ? h / labelled : 0);
  return { labelled, unlabelled, missing, top1: share(hits[0]!), top3: share(hits[1]!), top5: share(hits[2]!), misses, gaps: gapScore(result.uncovered, labels) };
}

/**
 * Gap detection at every threshold worth trying (each distinct best score), for calibrating
 * UNCOVERED_THRESHOLD: `best` is compareDetailed's per-target best score.
 */
export function thresholdSweep(targetUnits: readonly MatchUnit[], best: Float32Array, labels: MappingLabels): (GapEvaluation & { threshold: number })[] {
  const cuts = [...new Set([...best].map((b) => Math.round(b * 1000) / 1000))].sort((a, b) => a - b);
  return cuts.map((c) => {
    const threshold = Math.round((c + 0.0005) * 10000) / 10000;
    return { threshold, ...gapScore(targetUnits.filter((_, t) => best[t]! < threshold).map((u) => u.citation), labels) };
  });
}
