/**
 * Labels and shapes for the yearly incident summary (PDF and Excel for the CISO and the security committee).
 * Pure: no I/O.
 */
import { fiscalYearRange } from '../time.ts';

const era = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'Asia/Tokyo' });

function eraParts(d: Date): { era: string; year: number } {
  const parts = era.formatToParts(d);
  const y = parts.find((p) => p.type === 'year')?.value ?? '';
  return { era: parts.find((p) => p.type === 'era')?.value ?? '', year: y === '元' ? 1 : Number(y) };
}

/**
 * The fiscal year in the Japanese era as universities write it: 2026 → 令和8年度, 2019 → 令和元年度 (the era
 * changed in May 2019 and the fiscal year is named after the new one), 2018 → 平成30年度, 1988 → 昭和63年度.
 * The fiscal year is named by the era of its last day, counted from the previous calendar year, unless that
 * era began in January–March (then the year belongs to the era it started in).
 */
export function japaneseFiscalYearLabel(fiscalYear: number): string {
  const { start, end } = fiscalYearRange(fiscalYear);
  const last = eraParts(new Date(end.getTime() - 1));
  const year = last.year - 1;
  const chosen = year >= 1 ? { era: last.era, year } : eraParts(start);
  return `${chosen.era}${chosen.year === 1 ? '元' : chosen.year}年度`;
}

/** The twelve months of a fiscal year as YYYY-MM (April to March). */
export function fiscalYearMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    const y = i < 9 ? fiscalYear : fiscalYear + 1;
    return `${y}-${String(m).padStart(2, '0')}`;
  });
}

/** Hours as people read them in a report: 4.5 → 「4.5 時間」, 50 → 「2.1 日（50 時間）」. */
export function durationLabel(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 48) return `${Math.round(hours * 10) / 10} 時間`;
  return `${Math.round((hours / 24) * 10) / 10} 日（${Math.round(hours)} 時間）`;
}

/** Task phases as written in the report. */
export const PHASE_JA: Record<string, string> = { containment: '封じ込め', eradication: '根絶', recovery: '復旧', other: 'その他' };
