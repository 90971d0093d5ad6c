/** Sorting and merging proposals, and applying the accepted ones. */
import { KIND_RANK, type RedactionKind, type RedactionSpan } from './types.ts';

/** Sorted, non-overlapping spans: overlapping ones are joined and take the more specific kind. */
export function mergeSpans(text: string, spans: readonly { start: number; end: number; kind: RedactionKind }[]): RedactionSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { start: number; end: number; kind: RedactionKind }[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) {
      if (KIND_RANK[s.kind] > KIND_RANK[last.kind]) last.kind = s.kind;
      last.end = Math.max(last.end, s.end);
    } else out.push({ ...s });
  }
  return out.map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end), kind: s.kind }));
}

export const LABELS_JA: Readonly<Record<RedactionKind, string>> = {
  institution: '［機関名］',
  domain: '［ホスト名］',
  ip: '［IPアドレス］',
  person: '［氏名］',
  email: '［メール］',
  phone: '［電話番号］',
  id: '［学籍・職員番号］',
  address: '［住所］',
  url: '［内部URL］',
  account: '［アカウント］',
};

export const LABELS_EN: Readonly<Record<RedactionKind, string>> = {
  institution: '[INSTITUTION]',
  domain: '[HOST]',
  ip: '[IP ADDRESS]',
  person: '[NAME]',
  email: '[EMAIL]',
  phone: '[PHONE]',
  id: '[ID NUMBER]',
  address: '[ADDRESS]',
  url: '[INTERNAL URL]',
  account: '[ACCOUNT]',
};

/**
 * The text with each accepted span replaced by its kind's label. `accepted` lists which of
 * `spans` to apply (by index, or a flag per span); all when omitted. Spans must be sorted and
 * non-overlapping, as {@link mergeSpans} returns them; others are refused.
 */
export function applyRedactions(
  text: string,
  spans: readonly Pick<RedactionSpan, 'start' | 'end' | 'kind'>[],
  accepted?: ReadonlySet<number> | readonly boolean[],
  labels: Readonly<Record<RedactionKind, string>> = LABELS_JA,
): string {
  const take = (i: number) => (accepted === undefined ? true : Array.isArray(accepted) ? accepted[i] === true : (accepted as ReadonlySet<number>).has(i));
  let out = '';
  let pos = 0;
  let prevEnd = 0;
  spans.forEach((s, i) => {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < prevEnd || s.end < s.start || s.end > text.length) {
      throw new RangeError(`範囲が不正です（整列・重なりなし・本文内であること）/ span ${i} [${s.start}, ${s.end}) is out of order, overlapping or outside the text`);
    }
    prevEnd = s.end;
    if (!take(i)) return;
    out += text.slice(pos, s.start) + labels[s.kind];
    pos = s.end;
  });
  return out + text.slice(pos);
}
