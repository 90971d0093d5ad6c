import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './backoff.ts';

const middle = () => 0.5; // no jitter: 0.8 + 0.4 * 0.5 = 1
const SIX_HOURS = 6 * 3_600_000;

describe('retryDelayMs', () => {
  it('starts at 30 s and doubles with each attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, middle))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('never grows beyond 6 hours', () => {
    expect(retryDelayMs(10, middle)).toBe(30_000 * 2 ** 9); // 4.3 h: still growing
    expect(retryDelayMs(11, middle)).toBe(SIX_HOURS); // 8.5 h, capped
    expect(retryDelayMs(MAX_DELIVERY_ATTEMPTS, middle)).toBe(SIX_HOURS);
    expect(retryDelayMs(1_000, middle)).toBe(SIX_HOURS);
    expect(retryDelayMs(1_000, () => 0.999_999)).toBeLessThanOrEqual(SIX_HOURS * 1.2);
  });

  it('treats attempt 0 or below like the first attempt', () => {
    expect(retryDelayMs(0, middle)).toBe(30_000);
    expect(retryDelayMs(-3, middle)).toBe(30_000);
  });

  it('keeps jitter within ±20 %', () => {
    for (const attempt of [1, 4, 9, 20]) {
      const base = retryDelayMs(attempt, middle);
      expect(retryDelayMs(attempt, () => 0)).toBe(Math.round(base * 0.8));
      expect(retryDelayMs(attempt, () => 0.999_999)).toBeLessThanOrEqual(Math.round(base * 1.2));
      for (let i = 0; i < 200; i++) {
        const d = retryDelayMs(attempt); // the real Math.random
        expect(d).toBeGreaterThanOrEqual(Math.round(base * 0.8));
        expect(d).toBeLessThanOrEqual(Math.round(base * 1.2));
      }
    }
  });

  it('gives up after a bounded number of attempts', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBeGreaterThan(1);
    // The last retry is scheduled well within two days of the first failure, even with maximal jitter.
    let total = 0;
    for (let n = 1; n < MAX_DELIVERY_ATTEMPTS; n++) total += retryDelayMs(n, () => 0.999_999);
    expect(total).toBeLessThan(48 * 3_600_000);
  });
});
