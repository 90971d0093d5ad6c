import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type MappingLabels,
  UNCOVERED_THRESHOLD,
  buildIndex,
  clauseUnits,
  compareDetailed,
  compareRegulations,
  comparisonUnits,
  evaluateComparison,
  rank,
  topK,
} from './match.ts';
import { decodeRegulationBytes, parseRegulation } from './parse.ts';
import type { Clause, ClauseKind, ParsedRegulation } from './types.ts';

let line = 0;
const c = (kind: ClauseKind, citation: string, heading: string | null, text: string, children: Clause[] = []): Clause => ({
  key: citation,
  kind,
  label: citation,
  citation,
  heading,
  text,
  line: ++line,
  children,
});

/** A small university regulation in article form (synthetic, in the style of the model rules). */
const university: ParsedRegulation = {
  title: '情報システム運用規程',
  form: 'article',
  unplaced: [],
  clauses: [
    c('chapter', '第1章', '総則', '', [c('article', '第1条', '趣旨', 'この規程は、本学の情報システムの運用について必要な事項を定めるものとする。')]),
    c('chapter', '第2章', '情報システムのセキュリティ機能', '', [
      c('article', '第2条', 'ログの取得', '技術責任者は、情報システムの利用記録としてログを取得するものとする。', [
        c('paragraph', '第2条第2項', null, '技術責任者は、ログの保存期間を定め、ログの不正な消去及び改ざんを防止しなければならない。'),
      ]),
      c('article', '第3条', '主体認証', '技術責任者は、多要素主体認証を導入し、主体認証情報を暗号化して保存するものとする。'),
    ]),
    c('chapter', '第3章', '外部委託', '', [
      c('article', '第4条', '外部委託に係る契約', '技術責任者は、外部委託を実施する場合は、委託先の選定条件を仕様に含め、委託先における情報の目的外利用を禁止しなければならない。'),
    ]),
    c('chapter', '第4章', '情報システムの脅威への対策', '', [
      c('article', '第5条', 'サービス不能攻撃対策', '技術責任者は、要安定情報を取り扱う情報システムについて、通信回線装置が備えるサービス不能攻撃に対抗する機能を有効にしなければならない。'),
      c('article', '第6条', null, '技術責任者は、サービス不能攻撃を受ける通信回線装置を監視するものとする。'),
    ]),
  ],
};

/** A small institute standard in outline form (synthetic, in the style of the unified standards). */
const standard: ParsedRegulation = {
  title: '情報セキュリティ対策基準',
  form: 'outline',
  unplaced: [],
  clauses: [
    c('chapter', '第1章', '総則', '', [c('section', '1.1', '対策基準の目的', '機構の情報セキュリティ対策の基準を定める。')]),
    c('chapter', '第2章', '外部委託', '', [
      c('section', '2.1', '業務委託', '', [
        c('item', '2.1(1)', null, '情報システム管理者は、委託先の選定条件を含む仕様書を策定し、機関の情報の目的外利用の禁止を契約に含める。'),
      ]),
    ]),
    c('chapter', '第3章', '情報システムのセキュリティ要件', '', [
      c('section', '3.1', '情報システムのセキュリティ機能', '', [
        c('subsection', '3.1.1', '認証機能', '情報システム管理者は、多要素認証を導入し、認証情報を適切に保護する。'),
        c('subsection', '3.1.2', 'ログの取得・管理', '情報システム管理者は、ログを取得し、ログの保存期間を定める。取得したログの改ざん及び消去を防止する。'),
      ]),
      c('section', '3.2', '情報セキュリティの脅威への対策', '', [
        c('subsection', '3.2.1', 'サービス不能攻撃対策', '情報システム管理者は、可用性3の情報を取り扱う情報システムについて、ネットワーク装置の機能を用いてDDoS攻撃への対策を行う。'),
      ]),
      c('section', '3.3', 'NAS', 'NASのファームウェアを定期的に更新し、匿名アクセスを禁止する。'),
    ]),
  ],
};

describe('comparison units', () => {
  it('are articles in article form, each with its whole text, and inherit the heading of the article before', () => {
    const units = comparisonUnits(university);
    expect(units.map((u) => u.citation)).toEqual(['第1条', '第2条', '第3条', '第4条', '第5条', '第6条']);
    expect(units[1]!.text).toContain('保存期間'); // paragraph 2 is part of article 2
    expect(units[1]!.chapter).toBe('情報システムのセキュリティ機能');
    expect(units[5]!.heading).toBe('サービス不能攻撃対策'); // 第6条 shares 第5条's heading
  });

  it('are the deepest numbered sections in outline form', () => {
    expect(comparisonUnits(standard).map((u) => u.citation)).toEqual(['1.1', '2.1', '3.1.1', '3.1.2', '3.2.1', '3.3']);
    expect(comparisonUnits(standard).find((u) => u.citation === '3.1.2')!.context).toEqual(['情報システムのセキュリティ機能']);
  });

  it('can be every clause, for drill-down', () => {
    expect(clauseUnits(university).map((u) => u.citation)).toContain('第2条第2項');
  });
});

describe('compareRegulations', () => {
  const result = compareRegulations(university, standard, { top: 3 });
  const best = (source: string) => result.mappings.find((m) => m.source === source)!.candidates[0]!;

  it('maps each article to the section with the same requirement, across the two vocabularies', () => {
    expect(best('第2条').target).toBe('3.1.2'); // ログ
    expect(best('第3条').target).toBe('3.1.1'); // 主体認証 ~ 認証
    expect(best('第4条').target).toBe('2.1'); // 外部委託 ~ 業務委託
    expect(best('第5条').target).toBe('3.2.1'); // 通信回線装置 ~ ネットワーク装置, 要安定 ~ 可用性
    expect(best('第6条').target).toBe('3.2.1');
  });

  it('gives the shared key terms as the reason, and ranks by a score in 0..1', () => {
    expect(best('第2条').terms).toContain('ログ');
    expect(best('第4条').terms).toEqual(expect.arrayContaining(['業務委託']));
    for (const m of result.mappings) {
      expect(m.candidates.length).toBeLessThanOrEqual(3);
      const scores = m.candidates.map((x) => x.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const s of scores) {
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThanOrEqual(1);
      }
    }
  });

  it('reports the sections nothing covers', () => {
    expect(result.uncovered).toContain('3.3'); // NAS
    for (const covered of ['2.1', '3.1.1', '3.1.2', '3.2.1']) expect(result.uncovered).not.toContain(covered);
  });

  it('finds each section of a document as its own best match', () => {
    const self = compareRegulations(standard, standard, { top: 1 });
    for (const m of self.mappings) expect(m.candidates[0]?.target ?? m.source).toBe(m.source);
    expect(self.uncovered).toEqual([]);
  });

  it('copes with empty documents', () => {
    const empty: ParsedRegulation = { title: null, form: 'article', clauses: [], unplaced: [] };
    expect(compareRegulations(empty, standard)).toEqual({ mappings: [], uncovered: comparisonUnits(standard).map((u) => u.citation) });
    expect(compareRegulations(university, empty).uncovered).toEqual([]);
  });
});

describe('index and rank (drill-down)', () => {
  const index = buildIndex(standard);

  it('ranks free text against the target sections', () => {
    expect(rank(index, 'ログの保存期間を定める', 2)[0]!.target).toBe('3.1.2');
    expect(rank(index, 'マルウェアとは関係のない文', 3).map((x) => x.target)).not.toContain('3.1.2');
    expect(rank(index, '', 3)).toEqual([]);
  });

  it('can index clauses instead of sections', () => {
    const clauses = buildIndex(clauseUnits(standard));
    expect(rank(clauses, { heading: '外部委託', text: '委託先の選定条件を仕様に含める' }, 1)[0]!.target).toBe('2.1(1)');
  });

  it('takes the top k in order without sorting everything', () => {
    const scores = new Float32Array([0.1, 0.5, 0, 0.3, 0.5, 0.2]);
    expect(topK(scores, 3)).toEqual([1, 4, 3]);
    expect(topK(scores, 10)).toEqual([1, 4, 3, 5, 0]);
  });
});

describe('evaluation against labels', () => {
  it('computes top-k accuracy and gap precision/recall', () => {
    const labels: MappingLabels = {
      labels: { 第1条: { targets: [] }, 第2条: { targets: ['3.1.2'] }, 第3条: { targets: ['3.1.1'] }, 第4条: { targets: ['2.1'] }, 第5条: { targets: ['3.2.1'] }, 第6条: { targets: ['1.1'] } },
      gaps: ['3.3'],
      excludedFromGaps: ['1.1'],
    };
    const ev = evaluateComparison(compareRegulations(university, standard, { top: 5 }), labels);
    expect(ev.labelled).toBe(5);
    expect(ev.unlabelled).toEqual(['第1条']);
    expect(ev.top1).toBeCloseTo(4 / 5);
    expect(ev.misses.map((m) => m.source)).toEqual(['第6条']);
    expect(ev.gaps.recall).toBe(1);
    expect(ev.gaps.predicted).not.toContain('1.1');
  });
});

// The two real regulations: 002 (a university's rules, article form) against 003 (an
// institute's standard, outline form), with the hand-made labels of bench/catalog-labels.json.
const here = path.dirname(fileURLToPath(import.meta.url));
const SEEDS = process.env.RENKEI_SEEDS ?? path.resolve(here, '../../../../shared/seeds');
const haveSeeds = fs.existsSync(path.join(SEEDS, '002_b6339e252ba34cbc.txt')) && fs.existsSync(path.join(SEEDS, '003_2f9e87e3674c5d34.txt'));

describe.skipIf(!haveSeeds)(`on the seed regulations (skipped: needs ${SEEDS})`, () => {
  const read = (f: string) => parseRegulation(decodeRegulationBytes(fs.readFileSync(path.join(SEEDS, f))).text);
  let labels: MappingLabels;
  let result: ReturnType<typeof compareDetailed>;
  beforeAll(() => {
    labels = JSON.parse(fs.readFileSync(path.resolve(here, '../../../bench/catalog-labels.json'), 'utf8')) as MappingLabels;
    result = compareDetailed(read('002_b6339e252ba34cbc.txt'), read('003_2f9e87e3674c5d34.txt'), { top: 5 });
  });
  const top3 = (source: string) => result.mappings.find((m) => m.source === source)!.candidates.slice(0, 3).map((x) => x.target);

  it('compares every article with every numbered section', () => {
    expect(result.sourceUnits).toHaveLength(89);
    expect(result.targetUnits).toHaveLength(47);
  });

  it('maps the unambiguous articles', () => {
    expect(top3('第32条')).toContain('7.1.4'); // logs
    expect(top3('第18条')).toContain('7.1.1'); // authentication
    expect(top3('第29条')).toContain('7.1.2'); // access control
    expect(top3('第36条')).toContain('7.1.5'); // encryption
    expect(top3('第38条')).toContain('7.2.1'); // vulnerabilities
    expect(top3('第39条')).toContain('7.2.2'); // malware
    expect(top3('第41条')).toContain('7.2.3'); // denial of service
    expect(top3('第4条')).toContain('5.1'); // outsourcing ~ 業務委託
    expect(top3('第7条')).toContain('5.2'); // external services ~ クラウドサービス
    expect(top3('第64条')).toContain('6.3'); // e-mail
    expect(top3('第79条')).toContain('6.10'); // wireless LAN
    expect(top3('第84条')).toContain('3.2'); // server rooms ~ 区域
  });

  it('keeps top-3 accuracy on our labels (regression guard; measured top-3 96.4 %, top-1 89.2 %)', () => {
    const ev = evaluateComparison(result, labels);
    expect(ev.missing).toEqual([]);
    expect(ev.labelled).toBe(83);
    expect(ev.top3).toBeGreaterThanOrEqual(0.93);
    expect(ev.top1).toBeGreaterThanOrEqual(0.84);
  });

  it('finds the gaps (measured recall 100 %, precision 41 %)', () => {
    const ev = evaluateComparison(result, labels);
    expect(ev.gaps.recall).toBeGreaterThanOrEqual(0.85);
    expect(ev.gaps.precision).toBeGreaterThanOrEqual(0.35);
    expect(result.uncovered).toEqual(expect.arrayContaining(['6.11', '4.5', '3.4.1']));
    for (const covered of ['7.1.4', '7.1.1', '6.3', '5.1']) expect(result.uncovered).not.toContain(covered);
    expect(UNCOVERED_THRESHOLD).toBeGreaterThan(0);
  });
});
