import { describe, expect, it } from 'vitest';
import { durationLabel, fiscalYearMonths, japaneseFiscalYearLabel } from './summary.ts';

describe('yearly summary labels', () => {
  it('names the fiscal year in the Japanese era', () => {
    expect(japaneseFiscalYearLabel(2026)).toBe('令和8年度');
    expect(japaneseFiscalYearLabel(2020)).toBe('令和2年度');
    expect(japaneseFiscalYearLabel(2019)).toBe('令和元年度');
    expect(japaneseFiscalYearLabel(2018)).toBe('平成30年度');
    expect(japaneseFiscalYearLabel(1989)).toBe('平成元年度');
    expect(japaneseFiscalYearLabel(1988)).toBe('昭和63年度');
  });

  it('lists the months from April to March', () => {
    const m = fiscalYearMonths(2026);
    expect(m).toHaveLength(12);
    expect([m[0], m[8], m[9], m[11]]).toEqual(['2026-04', '2026-12', '2027-01', '2027-03']);
  });

  it('writes durations in hours, or days beyond two days', () => {
    expect(durationLabel(null)).toBe('—');
    expect(durationLabel(4)).toBe('4 時間');
    expect(durationLabel(50)).toBe('2.1 日（50 時間）');
  });
});
