/**
 * STIX 2.1 bundles. `indicator` objects with pattern_type `stix` and simple patterns are taken:
 * one or more comparisons joined by OR (inside one `[…]` or across several), each
 *   ipv4-addr:value / ipv6-addr:value  = (or ISSUBSET) an address or CIDR
 *   domain-name:value = …, url:value = …, file:hashes.MD5 / 'SHA-1' / 'SHA-256' = …
 * Anything else (AND, FOLLOWEDBY, qualifiers, other objects or operators) is reported as
 * unsupported with the object's id. valid_from → firstSeen, valid_until → validUntil,
 * confidence as is, indicator_types and labels → category and tags, TLP from
 * object_marking_refs (TLP 2.0 and 1.0 ids, and marking-definition objects in the bundle).
 * Bare ipv4-addr, ipv6-addr, domain-name and url objects are taken too.
 */
import type { ImportOptions } from './blocklist.ts';
import {
  type Indicator, type ParseResult, type Tlp, type ValueKind, categoryFrom, confidenceOf, emptyResult, isoTime, makeIndicator, normalise,
  parseTlp, stricterTlp,
} from './indicator.ts';

/** TLP 2.0 (oasis-open/cti-stix-common-objects) and TLP 1.0 (STIX 2.1 §7.2.1.4) marking-definition ids. */
export const TLP_MARKINGS: Readonly<Record<string, Tlp>> = {
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'CLEAR',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'GREEN',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'AMBER',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'AMBER+STRICT',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'RED',
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

const PATHS: Record<string, ValueKind> = {
  'ipv4-addr:value': 'ip', 'ipv6-addr:value': 'ip', 'domain-name:value': 'domain', 'url:value': 'url',
  'file:hashes.md5': 'md5', 'file:hashes.sha1': 'sha1', 'file:hashes.sha256': 'sha256',
};
const OBSERVABLES: Record<string, ValueKind> = { 'ipv4-addr': 'ip', 'ipv6-addr': 'ip', 'domain-name': 'domain', url: 'url' };

type Token = { t: '[' | ']' | '(' | ')' | '=' | 'op' | 'word' | 'path' | 'str'; v: string };

/** Tokens of a STIX pattern; undefined on a character the grammar has no place for. */
function tokenize(p: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  const isWord = (c: string | undefined) => !!c && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-');
  const quoted = (): string | undefined => {
    let s = '';
    for (i++; i < p.length; i++) {
      const c = p[i]!;
      if (c === '\\') s += p[++i] ?? '';
      else if (c === "'") {
        i++;
        return s;
      } else s += c;
    }
    return undefined;
  };
  while (i < p.length) {
    const c = p[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '[' || c === ']' || c === '(' || c === ')' || c === '=') {
      out.push({ t: c, v: c });
      i++;
    } else if (c === '!' || c === '<' || c === '>') {
      let v = c;
      while (p[++i] === '=') v += '=';
      out.push({ t: 'op', v });
    } else if (c === "'") {
      const s = quoted();
      if (s === undefined) return undefined;
      out.push({ t: 'str', v: s });
    } else if (isWord(c)) {
      let w = '';
      while (isWord(p[i])) w += p[i++];
      if (p[i] !== ':') {
        out.push({ t: 'word', v: w });
        continue;
      }
      // object path: type:prop(.prop | .'quoted' | [index])*
      let path = `${w}:`;
      i++;
      for (;;) {
        if (p[i] === "'") {
          const s = quoted();
          if (s === undefined) return undefined;
          path += s;
        } else if (isWord(p[i])) while (isWord(p[i])) path += p[i++];
        else if (p[i] === '[') {
          const close = p.indexOf(']', i);
          if (close < 0) return undefined;
          path += p.slice(i, close + 1);
          i = close + 1;
        } else return undefined;
        if (p[i] === '.') path += p[i++];
        else if (p[i] !== '[') break;
      }
      out.push({ t: 'path', v: path });
    } else return undefined;
  }
  return out;
}

/** The (kind, value) pairs of a pattern made only of supported comparisons joined by OR, or the reason it is not. */
export function parsePattern(pattern: string): { comparisons: { kind: ValueKind; value: string }[] } | { error: string } {
  const tokens = tokenize(pattern);
  if (!tokens) return { error: 'pattern is not valid STIX pattern syntax' };
  const comparisons: { kind: ValueKind; value: string }[] = [];
  let k = 0;
  let depth = 0;
  let expectOperand = true;
  while (k < tokens.length) {
    const tok = tokens[k]!;
    if (expectOperand) {
      if (tok.t === '[' || tok.t === '(') {
        depth++;
        k++;
        continue;
      }
      if (tok.t !== 'path') return { error: `unexpected '${tok.v}' in pattern` };
      const op = tokens[k + 1];
      const lit = tokens[k + 2];
      const path = tok.v.toLowerCase().replace(/'/g, '').replace('sha-256', 'sha256').replace('sha-1', 'sha1');
      const kind = PATHS[path];
      if (!kind) return { error: `unsupported object path ${tok.v}` };
      const isSubset = op?.t === 'word' && op.v.toUpperCase() === 'ISSUBSET' && kind === 'ip';
      if (!op || (op.t !== '=' && !isSubset)) return { error: `unsupported operator ${op?.v ?? '(none)'} for ${tok.v}` };
      if (lit?.t !== 'str') return { error: `${tok.v} must be compared with a quoted string` };
      comparisons.push({ kind, value: lit.v });
      k += 3;
      expectOperand = false;
    } else if (tok.t === ']' || tok.t === ')') {
      if (--depth < 0) return { error: 'unbalanced brackets in pattern' };
      k++;
    } else if (tok.t === 'word' && tok.v.toUpperCase() === 'OR') {
      expectOperand = true;
      k++;
    } else return { error: `unsupported pattern: '${tok.v}' (only comparisons joined by OR are taken)` };
  }
  if (depth !== 0 || expectOperand) return { error: 'incomplete pattern' };
  return { comparisons };
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** TLP of a marking-definition object: TLP 2.0 extension, TLP 1.0 `definition.tlp`, or its name. */
function markingTlp(m: Json): Tlp | undefined {
  for (const ext of Object.values(obj(m.extensions) ?? {})) {
    const t = obj(ext)?.tlp_2_0;
    if (typeof t === 'string') return parseTlp(t);
  }
  const def = obj(m.definition)?.tlp;
  if (m.definition_type === 'tlp' && typeof def === 'string') return parseTlp(def);
  return typeof m.name === 'string' && m.name.toUpperCase().startsWith('TLP:') ? parseTlp(m.name) : undefined;
}

/** A bundle (`{"type":"bundle","objects":[…]}`), a list of objects, or one object; text or parsed. */
export function parseStixBundle(input: string | unknown, options: ImportOptions = {}): ParseResult {
  const result = emptyResult();
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      result.errors.push({ message: `not valid JSON: ${(e as Error).message}` });
      return result;
    }
  }
  const objects = Array.isArray(data) ? data : obj(data)?.type === 'bundle' ? (Array.isArray(obj(data)!.objects) ? (obj(data)!.objects as unknown[]) : []) : [data];
  if (obj(data)?.type === 'bundle' && !Array.isArray(obj(data)!.objects)) result.errors.push({ message: 'bundle has no "objects" array' });

  const markings = new Map(Object.entries(TLP_MARKINGS));
  const identities = new Map<string, string>();
  for (const o of objects.map(obj)) {
    if (o?.type === 'marking-definition' && typeof o.id === 'string') {
      const tlp = markingTlp(o);
      if (tlp) markings.set(o.id, tlp);
    }
    if (o?.type === 'identity' && typeof o.id === 'string' && typeof o.name === 'string') identities.set(o.id, o.name);
  }
  const seen = new Set<string>();
  const observables: [Json, string][] = [];

  objects.forEach((raw, k) => {
    const o = obj(raw);
    const position = `objects[${k}]${typeof o?.id === 'string' ? ` ${o.id}` : ''}`;
    if (!o || typeof o.type !== 'string') {
      result.errors.push({ position, message: 'not a STIX object (no "type")' });
      return;
    }
    if (OBSERVABLES[o.type]) observables.push([o, position]);
    if (o.type !== 'indicator') return;
    if (o.revoked === true) {
      result.warnings.push({ position, message: 'revoked indicator left out' });
      return;
    }
    if (o.pattern_type !== undefined && o.pattern_type !== 'stix') {
      result.errors.push({ position, message: `unsupported pattern_type '${String(o.pattern_type)}' in ${String(o.id)}` });
      return;
    }
    if (typeof o.pattern !== 'string') {
      result.errors.push({ position, message: `${String(o.id)} has no pattern` });
      return;
    }
    const parsed = parsePattern(o.pattern);
    if ('error' in parsed) {
      result.errors.push({ position, message: `${String(o.id)}: ${parsed.error}: ${o.pattern}` });
      return;
    }
    const labels = [...strings(o.indicator_types), ...strings(o.labels)];
    const conf = o.confidence === undefined ? undefined : confidenceOf(o.confidence);
    if (o.confidence !== undefined && conf === undefined) result.warnings.push({ position, message: `confidence ${String(o.confidence)} is not 0-100; left out` });
    const base = {
      category: options.category ?? categoryFrom([...labels, ...(Array.isArray(o.kill_chain_phases) ? strings(o.kill_chain_phases.map((p) => obj(p)?.phase_name)) : [])]),
      confidence: options.confidence ?? conf,
      firstSeen: isoTime(o.valid_from), validUntil: isoTime(o.valid_until),
      tlp: strings(o.object_marking_refs).map((id) => markings.get(id)).reduce<Tlp | undefined>((a, b) => stricterTlp(a, b), undefined) ?? options.tlp,
      source: options.source ?? (typeof o.created_by_ref === 'string' ? identities.get(o.created_by_ref) : undefined),
      externalId: typeof o.id === 'string' ? o.id : undefined,
      description: typeof o.name === 'string' ? o.name : typeof o.description === 'string' ? o.description : undefined,
      tags: [...(options.tags ?? []), ...labels],
    };
    for (const c of parsed.comparisons) take(c.kind, c.value, base, position, result, seen, false);
  });

  for (const [o, position] of observables) {
    if (typeof o.value !== 'string') {
      result.errors.push({ position, message: `${o.type as string} object has no value` });
      continue;
    }
    const tlp = strings(o.object_marking_refs).map((id) => markings.get(id)).reduce<Tlp | undefined>((a, b) => stricterTlp(a, b), undefined);
    take(OBSERVABLES[o.type as string]!, o.value, {
      tlp: tlp ?? options.tlp, source: options.source, category: options.category, confidence: options.confidence,
      externalId: typeof o.id === 'string' ? o.id : undefined, tags: [...(options.tags ?? []), 'stix-observable'],
    }, position, result, seen, true);
  }
  return result;
}

/** Observables already named by an indicator (or an earlier observable) are not taken twice. */
function take(kind: ValueKind, raw: string, base: Omit<Indicator, 'type' | 'value'>, position: string, result: ParseResult, seen: Set<string>, observable: boolean) {
  const n = normalise(kind, raw);
  if ('error' in n) {
    result.errors.push({ position, message: n.error });
    return;
  }
  if (n.warning) result.warnings.push({ position, message: n.warning });
  const key = `${n.type} ${n.value}`;
  if (observable && seen.has(key)) return;
  seen.add(key);
  result.indicators.push(makeIndicator({ ...base, type: n.type, value: n.value, tags: [...base.tags] }));
}
