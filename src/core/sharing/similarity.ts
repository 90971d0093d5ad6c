/** "Similar reports": overlap of CVE ids, products, indicators and category, weighted. */
export interface SimilarityKey {
  id: string;
  category: string | null;
  cves: readonly string[];
  products: readonly string[];
  indicators: readonly string[];
}

const overlap = (a: readonly string[], b: readonly string[]) => {
  const s = new Set(a.map((x) => x.toLowerCase()));
  return new Set(b.map((x) => x.toLowerCase()).filter((x) => s.has(x))).size;
};

/** 0 when nothing is shared; CVE 5, indicator 3, product 2, same category 1 per match. */
export function similarity(a: SimilarityKey, b: SimilarityKey): number {
  return 5 * overlap(a.cves, b.cves) + 3 * overlap(a.indicators, b.indicators) + 2 * overlap(a.products, b.products) +
    (a.category !== null && a.category === b.category ? 1 : 0);
}

/** The most similar other reports (score > 1: a category alone is not similarity), best first, ties by id. */
export function similarReports<T extends SimilarityKey>(target: SimilarityKey, others: readonly T[], limit = 5): { report: T; score: number }[] {
  return others
    .filter((o) => o.id !== target.id)
    .map((report) => ({ report, score: similarity(target, report) }))
    .filter((x) => x.score > 1)
    .sort((x, y) => y.score - x.score || (x.report.id < y.report.id ? -1 : 1))
    .slice(0, limit);
}

const CVE_RE = /^CVE-\d{4}-\d{4,}$/;
export const isCveId = (s: string) => CVE_RE.test(s);
