/** Figures of self-inspection as people read them. Pure: shared by the pages and tested alone. */

/** 0.8333 → "83.3%"; null (nothing applicable) → "—". */
export const percent = (share: number | null | undefined) => (share == null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`);

/** A change of score in percentage points: +12.5 pt, -25.0 pt; "—" when a side is missing. */
export function pointsDiff(current: number | null | undefined, previous: number | null | undefined): string {
  if (current == null || previous == null) return '—';
  const pts = Math.round((current - previous) * 1000) / 10;
  return `${pts > 0 ? '+' : ''}${pts.toFixed(1)} pt`;
}

/** The fiscal year (April to March) of an instant in Japan: 2027-03-31 23:59 JST is 2026年度. */
export function currentFiscalYear(now = new Date()): number {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}
