/**
 * Domain names with payloads, matched on whole labels: an `exact` entry matches only its own
 * name; a `suffix` entry matches the name and every name under it (`evil.example` matches
 * `a.b.evil.example`, never `notevil.example`). The most specific entry wins: the longest
 * matching name, and an exact entry before a suffix entry of the same name.
 *
 * Names are compared in lower case A-label form, so `bücher.example`, `BÜCHER.example.` and
 * `xn--bcher-kva.example` are one name.
 */
import { normaliseDomain } from './indicator.ts';

export type DomainMatch = 'exact' | 'suffix';

export class DomainSet {
  private exact = new Map<string, number>();
  private suffix = new Map<string, number>();

  get size(): number {
    return this.exact.size + this.suffix.size;
  }

  /** Adds a name; the first payload added for a name and mode is kept. Returns false for a name that is not a domain. */
  add(name: string, payload: number, mode: DomainMatch = 'suffix'): boolean {
    const d = normaliseDomain(name);
    if (!d) return false;
    const map = mode === 'exact' ? this.exact : this.suffix;
    if (!map.has(d)) map.set(d, payload);
    return true;
  }

  /** Payload of the most specific entry for a name seen in traffic (DNS query, TLS SNI, HTTP Host), or -1. */
  lookup(name: string): number {
    const d = fastNormalise(name);
    if (d === undefined) return -1;
    const hit = this.exact.get(d);
    if (hit !== undefined) return hit;
    if (this.suffix.size === 0) return -1;
    let from = 0;
    for (;;) {
      const s = this.suffix.get(from === 0 ? d : d.slice(from));
      if (s !== undefined) return s;
      const dot = d.indexOf('.', from);
      if (dot < 0) return -1;
      from = dot + 1;
    }
  }

  /** Fills `out[i]` with the payload (or -1) for each name. */
  lookupMany(names: readonly string[], out: Int32Array): void {
    for (let i = 0; i < names.length; i++) out[i] = this.lookup(names[i]!);
  }
}

/** Plain lower-case ASCII names skip the full normalisation (the common case in logs). */
function fastNormalise(name: string): string | undefined {
  let plain = name.length > 0 && name.length <= 254;
  for (let i = 0; i < name.length && plain; i++) {
    const c = name.charCodeAt(i);
    plain = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
  }
  if (plain && !name.endsWith('.') && !name.startsWith('.')) return name;
  return normaliseDomain(name);
}
