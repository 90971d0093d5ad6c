import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, type ThrottleState, afterFailure, isLocked } from './throttle.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 0, minutes));

describe('sign-in throttling', () => {
  it('locks after the fifth failure within the window, for the lock time', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) s = afterFailure(s, ACCOUNT_RULE, at(i));
    expect(isLocked(s, at(4))).toBe(false);
    s = afterFailure(s, ACCOUNT_RULE, at(4));
    expect(isLocked(s, at(5))).toBe(true);
    expect(isLocked(s, at(4 + ACCOUNT_RULE.lockMinutes))).toBe(false);
  });

  it('forgets failures spread wider than the window', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 10; i++) s = afterFailure(s, ACCOUNT_RULE, at(i * 16));
    expect(s?.failures).toBe(1);
    expect(isLocked(s, at(161))).toBe(false);
  });
});
