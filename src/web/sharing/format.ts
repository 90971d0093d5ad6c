/**
 * Pure helpers of the sharing pages: cutting a text into highlighted segments from spans, the redacted
 * preview (the same merge and labels the server publishes with), hits in a search snippet, and reading
 * indicators typed one per line. Offsets are UTF-16 code units, as JavaScript strings index them.
 */
import { LABELS_JA, applyRedactions, mergeSpans } from '../../core/redaction/spans.ts';
import type { RedactionKind } from '../../core/redaction/types.ts';
import type { IndicatorType } from '../intel/api.ts';
import type { ExtraSpan, Tlp } from './api.ts';

/** A highlighted range: a proposal (accepted or rejected) or a span the author added. */
export interface Mark {
  start: number;
  end: number;
  kind: RedactionKind;
  state: 'accepted' | 'rejected' | 'added';
  /** Index of the proposal, or of the added span, in its list. */
  index: number;
}

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** The marks covering this piece, strongest first (added, accepted, rejected). */
  marks: Mark[];
}

const STRENGTH: Record<Mark['state'], number> = { added: 3, accepted: 2, rejected: 1 };

/**
 * The text cut at every mark boundary, so that each piece is covered by the same marks throughout.
 * Pieces join back to the text exactly; marks outside the text are clipped, empty ones ignored.
 */
export function segmentText(text: string, marks: readonly Mark[]): Segment[] {
  const valid = marks.map((m) => ({ ...m, start: Math.max(0, m.start), end: Math.min(text.length, m.end) })).filter((m) => m.end > m.start);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const covering = valid.filter((m) => m.start <= start && m.end >= end)
      .sort((a, b) => STRENGTH[b.state] - STRENGTH[a.state] || a.start - b.start);
    const last = out.at(-1);
    // Neighbouring pieces with the same marks stay one piece.
    if (last && sameMarks(last.marks, covering)) {
      last.end = end;
      last.text = text.slice(last.start, end);
    } else out.push({ start, end, text: text.slice(start, end), marks: covering });
  }
  return out;
}

const sameMarks = (a: readonly Mark[], b: readonly Mark[]) =>
  a.length === b.length && a.every((m, i) => m.state === b[i]!.state && m.index === b[i]!.index);

/**
 * What will be published: accepted proposals and added spans merged (overlaps joined, the more specific
 * kind kept) and replaced by their Japanese labels, as the server does on publish.
 */
export function previewText(text: string, proposals: readonly { start: number; end: number; kind: RedactionKind }[], accepted: readonly boolean[], extra: readonly ExtraSpan[]): string {
  const chosen = [...proposals.filter((_, i) => accepted[i] === true), ...extra];
  return applyRedactions(text, mergeSpans(text, chosen), undefined, LABELS_JA);
}

/** The marks of one field for {@link segmentText}. */
export function marksOf(proposals: readonly { start: number; end: number; kind: RedactionKind }[], accepted: readonly boolean[], extra: readonly ExtraSpan[]): Mark[] {
  return [
    ...proposals.map((p, index): Mark => ({ start: p.start, end: p.end, kind: p.kind, state: accepted[index] ? 'accepted' : 'rejected', index })),
    ...extra.map((s, index): Mark => ({ ...s, state: 'added', index })),
  ];
}

/**
 * A selection in the text, trimmed of surrounding white space, as an added span; null when it is empty
 * or only white space.
 */
export function trimSelection(text: string, start: number, end: number): { start: number; end: number } | null {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  while (s < e && /\s/u.test(text[s]!)) s++;
  while (e > s && /\s/u.test(text[e - 1]!)) e--;
  return e > s ? { start: s, end: e } : null;
}

/** Adds a span to the author's added spans; those it overlaps are dropped (the newer selection wins), the list kept in text order. */
export function addExtraSpan(extra: readonly ExtraSpan[], span: ExtraSpan): ExtraSpan[] {
  return [...extra.filter((s) => s.end <= span.start || s.start >= span.end), span].sort((a, b) => a.start - b.start);
}

const foldChar = (c: string) => c.normalize('NFKC').toLowerCase();

/**
 * A snippet cut into plain and hit parts. The search folds width and case (NFKC, lower case), so the hit
 * is found the same way, character by character, and shown as the snippet wrote it.
 */
export function highlightHits(snippet: string, query: string): { text: string; hit: boolean }[] {
  const q = [...query.trim()].map(foldChar).join('');
  if (!q) return snippet ? [{ text: snippet, hit: false }] : [];
  let folded = '';
  const origin: number[] = []; // code-unit index in `snippet` of each folded code unit
  let i = 0;
  for (const ch of snippet) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(snippet.length);
  const parts: { text: string; hit: boolean }[] = [];
  let pos = 0;
  let from = 0;
  for (;;) {
    const at = folded.indexOf(q, from);
    if (at < 0) break;
    const start = origin[at]!;
    const endUnit = at + q.length;
    // The hit ends with the original character that produced its last folded unit.
    const end = nextCharEnd(snippet, origin[endUnit - 1]!);
    if (start > pos) parts.push({ text: snippet.slice(pos, start), hit: false });
    if (end > start) parts.push({ text: snippet.slice(start, end), hit: true });
    pos = Math.max(pos, end);
    from = endUnit;
  }
  if (pos < snippet.length) parts.push({ text: snippet.slice(pos), hit: false });
  return parts;
}

function nextCharEnd(s: string, at: number): number {
  const cp = s.codePointAt(at);
  return at + (cp !== undefined && cp > 0xffff ? 2 : 1);
}

const HEX = /^[0-9a-f]+$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/i;

/** The indicator type a value looks like; the server normalises and checks it again. */
export function guessIndicatorType(raw: string): IndicatorType | null {
  const v = raw.trim().replace(/\[\.\]/g, '.').replace(/^hxxp/i, 'http');
  if (!v) return null;
  if (/^https?:\/\//i.test(v)) return 'url';
  if (v.includes('/')) {
    const [addr, len] = v.split('/');
    if (len && /^\d{1,3}$/.test(len) && (IPV4.test(addr!) || addr!.includes(':'))) return 'cidr';
    return null;
  }
  if (/^[^-]+-[^-]+$/.test(v) && v.split('-').every((p) => IPV4.test(p))) return 'range';
  if (IPV4.test(v)) return 'ipv4';
  if (v.includes(':') && /^[0-9a-f:.]+$/i.test(v)) return 'ipv6';
  if (HEX.test(v)) return v.length === 32 ? 'md5' : v.length === 40 ? 'sha1' : v.length === 64 ? 'sha256' : null;
  if (DOMAIN.test(v)) return 'domain';
  return null;
}

/**
 * Indicators typed one per line (an optional comment after white space and `#`); blank lines are skipped.
 * Lines that are not a recognisable indicator are returned by number, so the form can name them.
 */
export function parseIndicatorLines(text: string): { items: { type: IndicatorType; value: string; comment?: string }[]; bad: number[] } {
  const items: { type: IndicatorType; value: string; comment?: string }[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    const [head, ...rest] = line.split('#');
    const value = (head ?? '').trim();
    if (!value) {
      if (line.trim() && !line.trim().startsWith('#')) bad.push(n + 1);
      return;
    }
    const type = guessIndicatorType(value);
    if (!type) return void bad.push(n + 1);
    const comment = rest.join('#').trim();
    items.push({ type, value: value.replace(/\[\.\]/g, '.').replace(/^hxxp/i, 'http'), ...(comment ? { comment } : {}) });
  });
  return { items, bad };
}

export const CVE_PATTERN = /^CVE-\d{4}-\d{4,}$/;

/** `cve-2026-1234` → `CVE-2026-1234`; null when it is not a CVE id. */
export function normaliseCve(raw: string): string | null {
  const v = raw.normalize('NFKC').trim().toUpperCase();
  return CVE_PATTERN.test(v) ? v : null;
}

/** MISP and STIX exports: CLEAR, GREEN and AMBER only (mirrors `exportAllowed` in src/core/sharing/rules.ts). */
export const exportAllowed = (tlp: Tlp) => tlp === 'CLEAR' || tlp === 'GREEN' || tlp === 'AMBER';

/** A text cut into plain and hit parts from ranges the server found (sorted or not, overlaps joined). */
export function partsFromRanges(text: string, ranges: readonly { start: number; end: number }[]): { text: string; hit: boolean }[] {
  const sorted = ranges.map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) })).filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const parts: { text: string; hit: boolean }[] = [];
  let pos = 0;
  for (const r of sorted) {
    if (r.end <= pos) continue;
    const start = Math.max(r.start, pos);
    if (start > pos) parts.push({ text: text.slice(pos, start), hit: false });
    parts.push({ text: text.slice(start, r.end), hit: true });
    pos = r.end;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), hit: false });
  return parts;
}
