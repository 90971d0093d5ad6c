import { describe, expect, it } from 'vitest';
import { daysSince, formatDate, formatDateTime, jstDayEndUtc, jstDayStartUtc } from './datetime.ts';

describe('JST display of UTC instants', () => {
  it('formats as Japanese offices write dates', () => {
    expect(formatDateTime('2026-11-24T11:15:00Z')).toBe('2026/11/24 20:15');
    expect(formatDateTime('2026-11-24T11:15:09Z', true)).toBe('2026/11/24 20:15:09');
    expect(formatDate('2027-03-31T15:30:00Z')).toBe('2027/04/01');
  });

  it('shows midnight as 00:00, not 24:00', () => {
    expect(formatDateTime('2026-04-01T15:00:00Z')).toBe('2026/04/02 00:00');
  });

  it('leaves empty values empty and unparseable ones as they are', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('turns a JST calendar day into the UTC bounds of that day', () => {
    expect(jstDayStartUtc('2026-04-01')).toBe('2026-03-31T15:00:00.000Z');
    expect(jstDayEndUtc('2026-04-01')).toBe('2026-04-01T15:00:00.000Z');
    expect(jstDayStartUtc('2026/04/01')).toBeUndefined();
  });

  it('counts whole days since an instant', () => {
    expect(daysSince('2026-01-01T00:00:00Z', new Date('2026-01-31T12:00:00Z'))).toBe(30);
    expect(daysSince(null)).toBeNull();
  });
});
