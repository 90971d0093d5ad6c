import { type Clause, walkClauses } from './types.ts';

/**
 * Clause-level difference between two versions of a regulation: added, removed, changed (with
 * word-level highlights) and moved (renumbered, e.g. when a new article shifts the ones after it).
 */
export type Segment = { op: 'eq' | 'del' | 'ins'; text: string };

export type ClauseChange =
  | { type: 'unchanged'; from: string; to: string }
  | { type: 'changed'; from: string; to: string; heading: string | null; segments: Segment[] }
  | { type: 'moved'; from: string; to: string; heading: string | null; segments: Segment[] | null }
  | { type: 'added'; to: string; heading: string | null; text: string }
  | { type: 'removed'; from: string; heading: string | null; text: string };

interface Flat {
  citation: string;
  heading: string | null;
  text: string;
  used: boolean;
}

function flatten(clauses: readonly Clause[]): Flat[] {
  const out: Flat[] = [];
  for (const { clause } of walkClauses(clauses)) out.push({ citation: clause.citation, heading: clause.heading, text: clause.text, used: false });
  return out;
}

/** Words for highlighting Japanese text: runs of kanji, katakana, latin/digits; hiragana runs; single symbols. */
export function wordTokens(text: string): string[] {
  return text.match(/[\p{Script=Han}々〆ヶ]+|[\p{Script=Katakana}ー]+|[A-Za-z0-9Ａ-Ｚａ-ｚ０-９._-]+|[\p{Script=Hiragana}]+|\s+|./gsu) ?? [];
}

const MAX_DP_CELLS = 4_000_000;

/** Longest-common-subsequence diff over word tokens, merged into runs. */
export function diffWords(before: string, after: string): Segment[] {
  const a = wordTokens(before);
  const b = wordTokens(after);
  if ((a.length + 1) * (b.length + 1) > MAX_DP_CELLS) {
    return [{ op: 'del', text: before }, { op: 'ins', text: after }];
  }
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: Segment[] = [];
  const push = (op: Segment['op'], text: string) => {
    const last = out[out.length - 1];
    if (last?.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('eq', a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) push('del', a[i++]!);
    else push('ins', b[j++]!);
  }
  while (i < a.length) push('del', a[i++]!);
  while (j < b.length) push('ins', b[j++]!);
  return out;
}

/** Dice coefficient over character bigrams: cheap and robust for Japanese text without word boundaries. */
export function similarity(x: string, y: string): number {
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const g = x.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const g = y.slice(i, i + 2);
    const n = grams.get(g);
    if (n) {
      shared++;
      grams.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length - 1 + y.length - 1);
}

const SAME_CLAUSE = 0.3; // same number, text this similar: an amendment of the clause
const MOVED_CLAUSE = 0.6; // other number, text this similar: the clause moved or was renumbered

export function diffRegulations(before: readonly Clause[], after: readonly Clause[]): ClauseChange[] {
  const old = flatten(before);
  const cur = flatten(after);
  const changes: ClauseChange[] = [];
  const byCitation = new Map(old.map((c) => [c.citation, c]));

  // 1. Same number, same text.
  for (const c of cur) {
    const o = byCitation.get(c.citation);
    if (o && !o.used && o.text === c.text && o.heading === c.heading) {
      o.used = c.used = true;
      changes.push({ type: 'unchanged', from: o.citation, to: c.citation });
    }
  }
  // 2. Same text under another number: renumbered.
  const oldByText = new Map<string, Flat[]>();
  for (const o of old) if (!o.used && o.text) oldByText.set(o.text, [...(oldByText.get(o.text) ?? []), o]);
  for (const c of cur) {
    if (c.used || !c.text) continue;
    const o = oldByText.get(c.text)?.find((x) => !x.used);
    if (o) {
      o.used = c.used = true;
      changes.push({ type: 'moved', from: o.citation, to: c.citation, heading: c.heading, segments: null });
    }
  }
  // 3. Same number, amended text.
  for (const c of cur) {
    const o = byCitation.get(c.citation);
    if (c.used || !o || o.used) continue;
    if (similarity(o.text, c.text) >= SAME_CLAUSE || (o.heading && o.heading === c.heading)) {
      o.used = c.used = true;
      changes.push({ type: 'changed', from: o.citation, to: c.citation, heading: c.heading, segments: diffWords(o.text, c.text) });
    }
  }
  // 4. Other number, similar text: moved and amended.
  for (const c of cur) {
    if (c.used) continue;
    let best: Flat | undefined;
    let bestScore = MOVED_CLAUSE;
    for (const o of old) {
      if (o.used) continue;
      const s = similarity(o.text, c.text);
      if (s >= bestScore) {
        best = o;
        bestScore = s;
      }
    }
    if (best) {
      best.used = c.used = true;
      changes.push({ type: 'moved', from: best.citation, to: c.citation, heading: c.heading, segments: diffWords(best.text, c.text) });
    }
  }
  for (const c of cur) if (!c.used) changes.push({ type: 'added', to: c.citation, heading: c.heading, text: c.text });
  for (const o of old) if (!o.used) changes.push({ type: 'removed', from: o.citation, heading: o.heading, text: o.text });
  return changes;
}
