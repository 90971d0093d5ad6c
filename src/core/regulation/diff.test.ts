import { describe, expect, it } from 'vitest';
import { diffRegulations, diffWords, similarity } from './diff.ts';
import type { Clause } from './types.ts';

const article = (n: number, heading: string, text: string, children: Clause[] = []): Clause => ({
  key: String(n), kind: 'article', label: `第${n}条`, citation: `第${n}条`, heading, text, line: n, children,
});

describe('regulation version diff', () => {
  const v1 = [
    article(1, '趣旨', 'この規程は、本学の情報システムの運用について定める。'),
    article(2, 'ログの取得', '技術責任者は、必要なログを取得するものとする。'),
    article(3, '暗号化', '技術責任者は、機密性3以上の情報を暗号化しなければならない。'),
    article(4, '廃止予定', '旧システムは別に定める。'),
  ];
  const v2 = [
    article(1, '趣旨', 'この規程は、本学の情報システムの運用について定める。'),
    article(2, 'ログの取得', '技術責任者は、必要なログを取得し、1年間以上保存するものとする。'),
    article(3, 'クラウドサービス', '外部サービスを利用する場合は、情報処理センター長の承認を得なければならない。'),
    article(4, '暗号化', '技術責任者は、機密性3以上の情報を暗号化しなければならない。'),
  ];

  it('recognises unchanged, amended, renumbered, added and removed clauses', () => {
    const changes = diffRegulations(v1, v2);
    const byType = (t: string) => changes.filter((c) => c.type === t);
    expect(byType('unchanged')).toEqual([{ type: 'unchanged', from: '第1条', to: '第1条' }]);
    expect(byType('moved')).toMatchObject([{ from: '第3条', to: '第4条', segments: null }]);
    expect(byType('changed')).toMatchObject([{ from: '第2条', to: '第2条' }]);
    expect(byType('added')).toMatchObject([{ to: '第3条', heading: 'クラウドサービス' }]);
    expect(byType('removed')).toMatchObject([{ from: '第4条', heading: '廃止予定' }]);
  });

  it('highlights the inserted words of an amendment', () => {
    const segments = diffWords('必要なログを取得するものとする。', '必要なログを取得し、1年間以上保存するものとする。');
    expect(segments.filter((s) => s.op === 'ins').map((s) => s.text).join('')).toContain('1年間以上保存');
    expect(segments.filter((s) => s.op === 'del').map((s) => s.text).join('')).toBe('');
    expect(segments.map((s) => (s.op === 'del' ? '' : s.text)).join('')).toBe('必要なログを取得し、1年間以上保存するものとする。');
  });

  it('scores similarity of Japanese text without word boundaries', () => {
    expect(similarity('ログを取得する', 'ログを取得する')).toBe(1);
    expect(similarity('ログを取得する', 'ログを取得し保存する')).toBeGreaterThan(0.5);
    expect(similarity('ログを取得する', '暗号化しなければならない')).toBeLessThan(0.2);
  });
});
