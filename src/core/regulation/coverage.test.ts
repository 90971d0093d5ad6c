import { describe, expect, it } from 'vitest';
import { coverageReport, sectionUnits } from './coverage.ts';
import type { Clause } from './types.ts';

const c = (kind: Clause['kind'], citation: string, heading: string | null, children: Clause[] = []): Clause => ({
  key: citation, kind, label: citation, citation, heading, text: '', line: 1, children,
});

const target = [
  c('chapter', '第7章', '情報システムのセキュリティ機能', [
    c('section', '7.1', '機能', [c('subsection', '7.1.1', '主体認証'), c('subsection', '7.1.4', 'ログの取得・管理'), c('subsection', '7.1.5', '暗号・電子署名')]),
  ]),
  c('chapter', '第8章', '運用', [c('section', '8.1', '運用管理')]),
];

describe('coverage report', () => {
  it('reports on the deepest numbered sections, each with its chapter', () => {
    expect(sectionUnits(target).map((u) => [u.citation, u.chapter])).toEqual([
      ['7.1.1', '第7章'], ['7.1.4', '第7章'], ['7.1.5', '第7章'], ['8.1', '第8章'],
    ]);
  });

  it('lets confirmations and rejections override scores, and sums per chapter', () => {
    const comparison = {
      mappings: [
        { source: '第32条', candidates: [{ target: '7.1.4', score: 0.8, terms: ['ログ'] }, { target: '7.1.5', score: 0.2, terms: [] }] },
        { source: '第20条', candidates: [{ target: '7.1.1', score: 0.5, terms: ['主体認証'] }] },
        { source: '第40条', candidates: [{ target: '8.1', score: 0.7, terms: [] }] },
      ],
      uncovered: ['7.1.5'],
    };
    const { rows, chapters } = coverageReport(target, comparison, [
      { sourceCitation: '第40条', targetCitation: '8.1', status: 'rejected', relationship: 'equal' },
      { sourceCitation: '第33条', targetCitation: '7.1.5', status: 'confirmed', relationship: 'subset' },
    ], { covered: 0.6, partial: 0.3 });
    const status = Object.fromEntries(rows.map((r) => [r.citation, [r.status, r.basis]]));
    expect(status).toEqual({ '7.1.1': ['partial', 'proposed'], '7.1.4': ['covered', 'proposed'], '7.1.5': ['covered', 'confirmed'], '8.1': ['missing', 'none'] });
    expect(chapters).toEqual([
      { chapter: '第7章', heading: '情報システムのセキュリティ機能', sections: 3, covered: 2, partial: 1, missing: 0, percent: 83.3 },
      { chapter: '第8章', heading: '運用', sections: 1, covered: 0, partial: 0, missing: 1, percent: 0 },
    ]);
  });
});
