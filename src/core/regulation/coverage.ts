import { type Clause, type ComparisonResult, walkClauses } from './types.ts';

/**
 * The units that coverage is reported on: articles in article form, the deepest numbered
 * sections (7.1.4, 6.11) in outline form, each with the chapter it belongs to.
 */
export interface SectionUnit {
  citation: string;
  heading: string | null;
  chapter: string | null;
  chapterHeading: string | null;
}

const NUMBERED = new Set(['section', 'subsection']);

export function sectionUnits(clauses: readonly Clause[]): SectionUnit[] {
  const units: SectionUnit[] = [];
  // The same units as the matcher's (match.ts comparisonUnits): articles if there are any.
  const hasArticles = [...walkClauses(clauses)].some(({ clause }) => clause.kind === 'article');
  for (const { clause, parents } of walkClauses(clauses)) {
    const isUnit = hasArticles ? clause.kind === 'article' : NUMBERED.has(clause.kind) && !clause.children.some((c) => NUMBERED.has(c.kind));
    if (!isUnit) continue;
    const chapter = [...parents].reverse().find((p) => p.kind === 'chapter');
    units.push({ citation: clause.citation, heading: clause.heading, chapter: chapter?.citation ?? null, chapterHeading: chapter?.heading ?? null });
  }
  return units;
}

export type CoverageStatus = 'covered' | 'partial' | 'missing';

export interface Decision {
  sourceCitation: string;
  targetCitation: string;
  status: 'confirmed' | 'rejected';
  relationship: 'equal' | 'subset' | 'superset' | 'intersect' | 'not_related';
}

export interface CoverageThresholds {
  /** A proposed match at least this strong counts as covering the section. */
  covered: number;
  /** Weaker, but at least this: partly covered. Below: missing. */
  partial: number;
}

export interface CoverageRow extends SectionUnit {
  status: CoverageStatus;
  /** How the status was decided: a person's confirmation, or the matcher's score. */
  basis: 'confirmed' | 'proposed' | 'none';
  bestScore: number;
  sources: string[];
}

export interface ChapterCoverage {
  chapter: string | null;
  heading: string | null;
  sections: number;
  covered: number;
  partial: number;
  missing: number;
  /** Share of sections covered, counting partial ones as half, 0..100. */
  percent: number;
}

/**
 * Coverage of the target's sections by the source. Confirmed mappings decide; rejected ones
 * never count; otherwise the best proposed score decides against the thresholds.
 */
export function coverageReport(
  target: readonly Clause[],
  comparison: ComparisonResult,
  decisions: readonly Decision[],
  thresholds: CoverageThresholds,
): { rows: CoverageRow[]; chapters: ChapterCoverage[] } {
  const rejected = new Set(decisions.filter((d) => d.status === 'rejected').map((d) => `${d.sourceCitation}\u0000${d.targetCitation}`));
  const confirmed = new Map<string, string[]>();
  for (const d of decisions) {
    if (d.status !== 'confirmed' || d.relationship === 'not_related') continue;
    confirmed.set(d.targetCitation, [...(confirmed.get(d.targetCitation) ?? []), d.sourceCitation]);
  }
  const best = new Map<string, { score: number; sources: string[] }>();
  for (const m of comparison.mappings) {
    for (const c of m.candidates) {
      if (rejected.has(`${m.source}\u0000${c.target}`)) continue;
      const b = best.get(c.target) ?? { score: 0, sources: [] };
      if (c.score >= thresholds.partial) b.sources.push(m.source);
      b.score = Math.max(b.score, c.score);
      best.set(c.target, b);
    }
  }
  const uncovered = new Set(comparison.uncovered);
  const rows: CoverageRow[] = sectionUnits(target).map((u) => {
    const byPerson = confirmed.get(u.citation);
    if (byPerson) return { ...u, status: 'covered', basis: 'confirmed', bestScore: best.get(u.citation)?.score ?? 1, sources: byPerson };
    const b = best.get(u.citation);
    const score = b?.score ?? 0;
    const status: CoverageStatus = uncovered.has(u.citation) || score < thresholds.partial ? 'missing' : score >= thresholds.covered ? 'covered' : 'partial';
    return { ...u, status, basis: b ? 'proposed' : 'none', bestScore: score, sources: status === 'missing' ? [] : (b?.sources ?? []) };
  });
  const chapters = new Map<string | null, ChapterCoverage>();
  for (const r of rows) {
    const ch = chapters.get(r.chapter) ?? { chapter: r.chapter, heading: r.chapterHeading, sections: 0, covered: 0, partial: 0, missing: 0, percent: 0 };
    ch.sections++;
    ch[r.status]++;
    chapters.set(r.chapter, ch);
  }
  for (const ch of chapters.values()) ch.percent = Math.round(((ch.covered + ch.partial / 2) / ch.sections) * 1000) / 10;
  return { rows, chapters: [...chapters.values()] };
}
