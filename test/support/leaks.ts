import { findLeaks } from '../../src/core/sharing/index.ts';
import type { Client } from './app.ts';

/**
 * The anonymity scan of the sharing tests: every response someone outside the originating
 * institution gets is kept, then searched for the strings that identify the originator.
 */
export function leakScan() {
  /** Strings that identify the originator (ids, names, domains, the author…). */
  const secrets: string[] = [];
  const seen: { what: string; body: string }[] = [];
  return {
    secrets,
    seen,
    /** A request by someone outside the originating institution: its body is kept for the scan. */
    async outside(c: Client, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await c.request(method, url, body as object);
      seen.push({ what: `${method} ${url} → ${res.statusCode}`, body: res.body });
      return res;
    },
    /** Which secrets a text names (empty: none). */
    leaksIn: (text: string) => findLeaks(text, secrets),
    /** Every kept response that names a secret, with what it named. */
    leaks: () => seen.map((s) => ({ what: s.what, leaks: findLeaks(s.body, secrets) })).filter((x) => x.leaks.length),
  };
}
