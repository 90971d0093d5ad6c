/**
 * The author's review of proposed redactions: each proposal accepted or rejected, extra spans added.
 * The published text is the original with the accepted and added spans replaced by their labels.
 */
import { LABELS_EN, LABELS_JA, REDACTION_KINDS, type RedactionKind, type RedactionSpan, applyRedactions, mergeSpans } from '../redaction/index.ts';
import { SharingInputError } from './rules.ts';

export interface ExtraSpan {
  start: number;
  end: number;
  kind: RedactionKind;
}

export interface ReviewDecision {
  /** One flag per proposal, in the order proposed; every proposal must be decided. */
  accepted: readonly boolean[];
  extra: readonly ExtraSpan[];
}

/** Checks the decision against the proposals and text; throws {@link SharingInputError} with a clear message. */
export function checkDecision(text: string, proposals: readonly RedactionSpan[], decision: ReviewDecision): void {
  if (decision.accepted.length !== proposals.length) {
    throw new SharingInputError(`すべての提案（${proposals.length} 件）について採否を決めてください / decide every proposal (${proposals.length}), got ${decision.accepted.length}`);
  }
  decision.extra.forEach((s, i) => {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end <= s.start || s.end > text.length) {
      throw new SharingInputError(`追加の墨消し ${i + 1} の範囲が本文の外です / extra span ${i + 1} [${s.start}, ${s.end}) is outside the text`);
    }
    if (!(REDACTION_KINDS as readonly string[]).includes(s.kind)) {
      throw new SharingInputError(`追加の墨消し ${i + 1} の種類が不正です / extra span ${i + 1} has an unknown kind`);
    }
  });
  // Added spans may cover proposals (they are merged), but not each other: two selections of the same words are a client error.
  const sorted = decision.extra.map((s, i) => ({ ...s, n: i + 1 })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const [a, b] = [sorted[k - 1]!, sorted[k]!];
    if (b.start < a.end) {
      throw new SharingInputError(`追加の墨消し ${Math.min(a.n, b.n)} と ${Math.max(a.n, b.n)} の範囲が重なっています / extra spans ${Math.min(a.n, b.n)} and ${Math.max(a.n, b.n)} overlap`);
    }
  }
}

/** The published text: accepted proposals (all with `acceptAll`) and added spans, merged, replaced by their labels. */
export function redactedText(text: string, proposals: readonly RedactionSpan[], decision: ReviewDecision, lang: 'ja' | 'en' = 'ja', acceptAll = false): string {
  const d = acceptAll ? { accepted: proposals.map(() => true), extra: decision.extra } : decision;
  checkDecision(text, proposals, d);
  const chosen = [...proposals.filter((_, i) => d.accepted[i]), ...d.extra];
  return applyRedactions(text, mergeSpans(text, chosen), undefined, lang === 'ja' ? LABELS_JA : LABELS_EN);
}
