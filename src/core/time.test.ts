import { describe, expect, it } from 'vitest';
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange, formatJst } from './time.ts';

describe('time in JST and the fiscal year', () => {
  it('shows UTC instants as JST wall time', () => {
    expect(formatJst('2026-11-24T15:30:00.000Z')).toBe('2026-11-25 00:30');
    expect(formatJst(new Date('2026-03-31T14:59:59Z'), true)).toBe('2026-03-31 23:59:59');
    expect(() => formatJst('not a date')).toThrow(RangeError);
  });

  it('puts 1 April 00:00 JST in the new fiscal year and 31 March 23:59 JST in the old one', () => {
    expect(fiscalYearOf('2026-03-31T14:59:59Z')).toBe(2025);
    expect(fiscalYearOf('2026-03-31T15:00:00Z')).toBe(2026);
    expect(fiscalYearOf('2027-01-10T00:00:00Z')).toBe(2026);
  });

  it('gives the UTC bounds of a fiscal year', () => {
    const { start, end } = fiscalYearRange(2026);
    expect(start.toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(end.toISOString()).toBe('2027-03-31T15:00:00.000Z');
    expect(fiscalYearLabel(2026)).toBe('2026年度');
    expect(fiscalYearLabel(2026, 'en')).toContain('Apr 2026');
  });
});
