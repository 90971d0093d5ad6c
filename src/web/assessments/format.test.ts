import { describe, expect, it } from 'vitest';
import { currentFiscalYear, percent, pointsDiff } from './format.ts';

describe('self-inspection figures', () => {
  it('writes shares with one decimal and a dash when nothing applies', () => {
    expect(percent(0.625)).toBe('62.5%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(1 / 3)).toBe('33.3%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(null)).toBe('—');
  });

  it('writes changes in points with their sign', () => {
    expect(pointsDiff(0.5, 0.375)).toBe('+12.5 pt');
    expect(pointsDiff(0.5, 0.75)).toBe('-25.0 pt');
    expect(pointsDiff(0.5, 0.5)).toBe('0.0 pt');
    expect(pointsDiff(0.5, null)).toBe('—');
  });

  it('counts the fiscal year from April, in Japan time', () => {
    expect(currentFiscalYear(new Date('2026-11-24T03:00:00Z'))).toBe(2026);
    expect(currentFiscalYear(new Date('2027-03-31T14:59:00Z'))).toBe(2026); // 23:59 JST on 31 March
    expect(currentFiscalYear(new Date('2027-03-31T15:00:00Z'))).toBe(2027); // 00:00 JST on 1 April
  });
});
