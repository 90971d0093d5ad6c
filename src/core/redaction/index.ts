/**
 * Redaction proposals for an incident report shared with the consortium (issue 5): what would
 * identify the reporting institution or a person is proposed for redaction; what other members
 * need (attackers' addresses and domains, malware families, CVE ids, products and versions,
 * times) is never proposed. Pure: the Japanese analyser is passed in already built (see
 * src/server/platform/japanese-tokenizer.ts).
 *
 *   const spans = proposeRedactions(text, profile, { tokenizer, directory });
 *   const shared = applyRedactions(text, spans, acceptedIndices);
 */
import { fold, unfold } from './normalize.ts';
import { detectPersons } from './names.ts';
import {
  type CompiledProfile,
  type RawSpan,
  RedactionInputError,
  compileProfile,
  detectAccounts,
  detectAddresses,
  detectEmails,
  detectHosts,
  detectIds,
  detectInstitution,
  detectIps,
  detectPhones,
  detectUrls,
} from './patterns.ts';
import { mergeSpans } from './spans.ts';
import type { InstitutionProfile, MemberDirectory, MorphTokenizer, RedactionOptions, RedactionSpan } from './types.ts';
import { namePattern } from './patterns.ts';

const readingPatterns = new WeakMap<CompiledProfile, RegExp[]>();
const toHiragana = (s: string) => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

/**
 * The institution's names written partly or wholly in kana (ﾄｳﾜ大学, とうわ大学, トウワダイガク),
 * from the analyser's readings of its words; computed once per compiled profile.
 */
function institutionReadings(p: CompiledProfile, tokenizer: MorphTokenizer): RegExp[] {
  let cached = readingPatterns.get(p);
  if (cached) return cached;
  const variants = new Set<string>();
  for (const name of p.names) {
    if (!/\p{Script=Han}/u.test(name)) continue;
    const tokens = tokenizer.tokenize(name.normalize('NFKC'));
    const add = (v: string) => {
      if (v.length < 3) return;
      variants.add(v);
      variants.add(toHiragana(v));
    };
    const readingOf = (s: string) => tokenizer.tokenize(s).map((t) => t.reading ?? '*').join('');
    for (let k = 1; k <= tokens.length; k++) {
      const head = tokens.slice(0, k);
      if (head.some((t) => !t.reading || t.reading === '*')) break;
      const rest = tokens.slice(k).map((t) => t.surface_form).join('');
      add(head.map((t) => t.reading).join('') + rest);
      // One word such as 東和大学 read in part: トウワ大学 (the reading of its tail 大学 taken off).
      const last = head.at(-1)!;
      const before = head.slice(0, -1).map((t) => t.reading).join('');
      for (let m = 1; m < last.surface_form.length; m++) {
        const tail = last.surface_form.slice(m);
        const tailReading = readingOf(tail);
        if (!tailReading.includes('*') && last.reading!.length > tailReading.length && last.reading!.endsWith(tailReading)) {
          add(before + last.reading!.slice(0, -tailReading.length) + tail + rest);
        }
      }
    }
  }
  for (const name of p.names) variants.delete(name);
  cached = [...variants].sort((a, b) => b.length - a.length).map(namePattern);
  readingPatterns.set(p, cached);
  return cached;
}

export { applyRedactions, LABELS_EN, LABELS_JA, mergeSpans } from './spans.ts';
export { RedactionInputError, compileProfile, type CompiledProfile } from './patterns.ts';
export * from './types.ts';

/** A compiled profile is reused across reports; a plain profile is compiled on each call. */
export function proposeRedactions(text: string, profile: InstitutionProfile | CompiledProfile, options: RedactionOptions = {}): RedactionSpan[] {
  const p = 'institution' in profile ? profile : compileProfile(profile, options.privateAddressesInternal ?? true);
  const f = fold(text);
  // Dashes between digits (−, ー, ‐ …) read as hyphens: 03−1234−5678, 1ー2ー3.
  const t = f.text.replace(/(?<=\d)[‐‑‒–—―−ーｰ](?=\d)/g, '-');
  const raw: RawSpan[] = [];
  const internalLocals = new Set<string>();
  const directoryEmails = new Set((options.directory?.emails ?? []).map((e) => e.normalize('NFKC').trim().toLowerCase()));
  detectEmails(t, p, directoryEmails, raw, internalLocals);
  detectUrls(t, p, raw);
  detectHosts(t, p, raw);
  detectIps(t, p, raw);
  detectPhones(t, raw);
  detectIds(t, p, raw);
  detectAddresses(t, raw);
  detectAccounts(t, options.directory, internalLocals, raw);
  detectInstitution(t, p, raw);
  if (options.tokenizer) {
    for (const re of institutionReadings(p, options.tokenizer)) for (const m of t.matchAll(re)) raw.push({ start: m.index, end: m.index + m[0].length, kind: 'institution' });
  }
  // Names are looked for in a lighter folding (full-width punctuation kept for the analyser).
  const fn = fold(text, true);
  const nameSpans: RawSpan[] = [];
  detectPersons(fn.text, options.tokenizer, options.directory, nameSpans);
  // Directory e-mail addresses anywhere (also outside the institution's domains).
  for (const e of directoryEmails) {
    let at = t.toLowerCase().indexOf(e);
    while (at >= 0) {
      raw.push({ start: at, end: at + e.length, kind: 'email' });
      at = t.toLowerCase().indexOf(e, at + e.length);
    }
  }
  const mapped = [
    ...raw.map((s) => {
      const [start, end] = unfold(f, s.start, s.end);
      return { start, end, kind: s.kind };
    }),
    ...nameSpans.map((s) => {
      const [start, end] = unfold(fn, s.start, s.end);
      return { start, end, kind: s.kind };
    }),
  ];
  return mergeSpans(text, mapped);
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A profile read from JSON, checked; the message says what is wrong (Japanese first). */
export function parseInstitutionProfile(value: unknown): InstitutionProfile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RedactionInputError('機関プロファイルは JSON オブジェクトにしてください / the profile must be a JSON object');
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.name !== 'string' || !v.name.trim()) problems.push('name: 機関名（空でない文字列）が必要です / a non-empty string is required');
  for (const key of ['aliases', 'domains', 'prefixes'] as const) {
    if (v[key] !== undefined && !isStringArray(v[key])) problems.push(`${key}: 文字列の配列にしてください / must be an array of strings`);
  }
  if (v.idPatterns !== undefined && !isStringArray(v.idPatterns)) problems.push('idPatterns: 文字列の配列にしてください / must be an array of strings');
  if (problems.length) throw new RedactionInputError(`機関プロファイルが不正です / invalid profile: ${problems.join('; ')}`);
  const profile: InstitutionProfile = {
    name: v.name as string,
    aliases: (v.aliases as string[] | undefined) ?? [],
    domains: (v.domains as string[] | undefined) ?? [],
    prefixes: (v.prefixes as string[] | undefined) ?? [],
    ...(v.idPatterns ? { idPatterns: v.idPatterns as string[] } : {}),
  };
  compileProfile(profile); // bad prefixes and patterns are reported now, not on first use
  return profile;
}

/** A member directory read from JSON: `{names?, emails?, accounts?}` with string arrays. */
export function parseMemberDirectory(value: unknown): MemberDirectory {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RedactionInputError('構成員名簿は JSON オブジェクトにしてください / the directory must be a JSON object');
  const v = value as Record<string, unknown>;
  const out: MemberDirectory = {};
  for (const key of ['names', 'emails', 'accounts'] as const) {
    if (v[key] === undefined) continue;
    if (!isStringArray(v[key])) throw new RedactionInputError(`構成員名簿が不正です / invalid directory: ${key}: 文字列の配列にしてください / must be an array of strings`);
    out[key] = v[key];
  }
  return out;
}
