/**
 * The labelled reports of bench/redaction/ as a regression test: the aims of issue 5 hold
 * (no structured identifier missed, person names >= 95 %, every must-keep string kept).
 * The benchmark prints the full figures.
 */
import { beforeAll, expect, it } from 'vitest';
import { STRUCTURED_KINDS, loadLabelledReports, recall, score } from '../../../bench/redaction-score.ts';
import { loadJapaneseTokenizer } from '../../server/platform/japanese-tokenizer.ts';
import type { MorphTokenizer } from './types.ts';

let tokenizer: MorphTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

it('meets the aims on the labelled incident reports', () => {
  const reports = loadLabelledReports();
  expect(reports.length).toBeGreaterThanOrEqual(30);
  const s = score(reports, tokenizer);
  expect(s.missed.filter((m) => STRUCTURED_KINDS.includes(m.kind))).toEqual([]);
  expect(recall(s.byKind.person)).toBeGreaterThanOrEqual(0.95);
  expect(s.brokenKeeps).toEqual([]);
  expect(s.proposals.correct / s.proposals.total).toBeGreaterThanOrEqual(0.95);
});
