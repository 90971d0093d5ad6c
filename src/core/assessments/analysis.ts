/**
 * Progress, results and year-on-year comparison of a campaign, computed from plain rows so that
 * the same maths serves the API, the reports and (later) audits. Pure: no I/O.
 */
import { type AnswerResult, type AnswerState, chapterOf, compareChapters } from './rules.ts';

export interface ScopeItem {
  id: string;
  citation: string;
  chapter: string;
}

/** One expected (item, respondent) pair, with the answer if there is one. */
export interface Slot {
  itemId: string;
  respondentId: string;
  department: string | null;
  answer: { state: AnswerState; result: AnswerResult | null } | null;
}

export interface ProgressCounts {
  assigned: number;
  notStarted: number;
  draft: number;
  submitted: number;
  accepted: number;
  /** Share of assigned slots submitted or accepted, 0..1 (1 when nothing is assigned). */
  completion: number;
}

function counts(slots: readonly Slot[]): ProgressCounts {
  const c = { assigned: slots.length, notStarted: 0, draft: 0, submitted: 0, accepted: 0 };
  for (const s of slots) {
    if (!s.answer) c.notStarted++;
    else c[s.answer.state]++;
  }
  return { ...c, completion: c.assigned ? (c.submitted + c.accepted) / c.assigned : 1 };
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Not-yet-finished slots: no answer, or a draft (including sent-back answers). */
export const isOutstanding = (s: Slot) => !s.answer || s.answer.state === 'draft';

export function progress(items: readonly ScopeItem[], slots: readonly Slot[]) {
  const byItem = groupBy(slots, (s) => s.itemId);
  const byRespondent = groupBy(slots, (s) => s.respondentId);
  const byDepartment = groupBy(slots, (s) => s.department ?? '');
  return {
    total: counts(slots),
    items: items.map((i) => ({ itemId: i.id, citation: i.citation, ...counts(byItem.get(i.id) ?? []) })),
    respondents: [...byRespondent.entries()].map(([respondentId, list]) => ({ respondentId, ...counts(list) })),
    departments: [...byDepartment.entries()]
      .map(([department, list]) => ({ department: department || null, ...counts(list) }))
      .sort((a, b) => (a.department ?? '\uffff').localeCompare(b.department ?? '\uffff', 'ja')),
  };
}

export interface ResultCounts {
  answers: number;
  implemented: number;
  partial: number;
  notImplemented: number;
  notApplicable: number;
  /** implemented / applicable answers (not counting 該当しない); null when nothing applies. */
  implementedShare: number | null;
  /** (implemented + ½ partial) / applicable; null when nothing applies. */
  score: number | null;
}

const RESULT_KEY: Record<AnswerResult, 'implemented' | 'partial' | 'notImplemented' | 'notApplicable'> = {
  implemented: 'implemented', partial: 'partial', not_implemented: 'notImplemented', not_applicable: 'notApplicable',
};

export function resultCounts(results: readonly AnswerResult[]): ResultCounts {
  const c = { answers: results.length, implemented: 0, partial: 0, notImplemented: 0, notApplicable: 0 };
  for (const r of results) c[RESULT_KEY[r]]++;
  const applicable = c.answers - c.notApplicable;
  return {
    ...c,
    implementedShare: applicable ? c.implemented / applicable : null,
    score: applicable ? (c.implemented + c.partial / 2) / applicable : null,
  };
}

/** Answers that count in results: submitted or accepted, with a result. Drafts do not count. */
const finalResult = (s: Slot): AnswerResult | null => (s.answer && s.answer.state !== 'draft' ? s.answer.result : null);

export function results(items: readonly ScopeItem[], slots: readonly Slot[]) {
  const itemChapter = new Map(items.map((i) => [i.id, i.chapter]));
  const final = slots.flatMap((s) => {
    const r = finalResult(s);
    return r ? [{ ...s, result: r, chapter: itemChapter.get(s.itemId) ?? chapterOf('') }] : [];
  });
  const chapters = [...new Set(items.map((i) => i.chapter))].sort(compareChapters);
  const byChapter = groupBy(final, (f) => f.chapter);
  const byDepartment = groupBy(final, (f) => f.department ?? '');
  const byItem = groupBy(final, (f) => f.itemId);
  return {
    total: resultCounts(final.map((f) => f.result)),
    chapters: chapters.map((chapter) => ({ chapter, items: items.filter((i) => i.chapter === chapter).length, ...resultCounts((byChapter.get(chapter) ?? []).map((f) => f.result)) })),
    departments: [...byDepartment.entries()]
      .map(([department, list]) => ({ department: department || null, ...resultCounts(list.map((f) => f.result)) }))
      .sort((a, b) => (a.department ?? '\uffff').localeCompare(b.department ?? '\uffff', 'ja')),
    items: items.map((i) => ({ itemId: i.id, citation: i.citation, chapter: i.chapter, ...resultCounts((byItem.get(i.id) ?? []).map((f) => f.result)) })),
  };
}

export type Trend = 'improved' | 'worsened' | 'unchanged' | 'new' | 'dropped' | 'no_data';

const EPSILON = 1e-9;
function trend(before: number | null | undefined, after: number | null | undefined, inBefore: boolean, inAfter: boolean): Trend {
  if (!inBefore) return 'new';
  if (!inAfter) return 'dropped';
  if (before == null || after == null) return 'no_data';
  if (after > before + EPSILON) return 'improved';
  if (after < before - EPSILON) return 'worsened';
  return 'unchanged';
}

/**
 * This year against the previous one, matched by chapter and by item citation (the stable key
 * across years; item ids differ between campaigns). Scores are the `score` of resultCounts.
 */
export function compare(current: ReturnType<typeof results>, previous: ReturnType<typeof results>) {
  const prevChapters = new Map(previous.chapters.map((c) => [c.chapter, c]));
  const curChapters = new Map(current.chapters.map((c) => [c.chapter, c]));
  const chapterKeys = [...new Set([...curChapters.keys(), ...prevChapters.keys()])].sort(compareChapters);
  const prevItems = new Map(previous.items.map((i) => [i.citation, i]));
  const curItems = new Map(current.items.map((i) => [i.citation, i]));
  const itemKeys = [...curItems.keys(), ...[...prevItems.keys()].filter((k) => !curItems.has(k))];
  const side = (c: ResultCounts | undefined) => (c ? { score: c.score, implementedShare: c.implementedShare, answers: c.answers } : null);
  return {
    total: { current: side(current.total), previous: side(previous.total), trend: trend(previous.total.score, current.total.score, true, true) },
    chapters: chapterKeys.map((chapter) => {
      const cur = curChapters.get(chapter);
      const prev = prevChapters.get(chapter);
      return { chapter, current: side(cur), previous: side(prev), trend: trend(prev?.score, cur?.score, !!prev, !!cur) };
    }),
    items: itemKeys.map((citation) => {
      const cur = curItems.get(citation);
      const prev = prevItems.get(citation);
      return { citation, chapter: (cur ?? prev)!.chapter, current: side(cur), previous: side(prev), trend: trend(prev?.score, cur?.score, !!prev, !!cur) };
    }),
  };
}
