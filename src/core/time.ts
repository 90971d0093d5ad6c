/**
 * Time rules: storage is UTC (ISO-8601 strings), people see Japan Standard Time, and the
 * fiscal year (年度) runs from April to March.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Formats an instant as JST wall time, e.g. `2026-04-01 09:00` (with seconds when asked). */
export function formatJst(instant: Date | string, withSeconds = false): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  const iso = new Date(d.getTime() + JST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}`;
}

/** The fiscal year (年度) an instant belongs to, judged in JST: 2027-03-31 23:59 JST is 2026年度. */
export function fiscalYearOf(instant: Date | string): number {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const jst = new Date(d.getTime() + JST_OFFSET_MS);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? year : year - 1;
}

/** UTC bounds [start, end) of a fiscal year: 1 April 00:00 JST to the next 1 April 00:00 JST. */
export function fiscalYearRange(fiscalYear: number): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(fiscalYear, 3, 1) - JST_OFFSET_MS),
    end: new Date(Date.UTC(fiscalYear + 1, 3, 1) - JST_OFFSET_MS),
  };
}

/** Label as Japanese staff write it: 2026年度. The Japanese era label is left to the UI. */
export function fiscalYearLabel(fiscalYear: number, locale: 'ja' | 'en' = 'ja'): string {
  return locale === 'ja' ? `${fiscalYear}年度` : `FY${fiscalYear} (Apr ${fiscalYear} – Mar ${fiscalYear + 1})`;
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}
