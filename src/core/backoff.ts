/** Retry delay for delivery attempt n (1-based): exponential from 30 s, capped at 6 h, with ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 6 * 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export const MAX_DELIVERY_ATTEMPTS = 12;
