import { describe, expect, it } from 'vitest';
import { RegulationInputError } from './errors.ts';
import { formatOutline } from './outline-text.ts';
import { parseRegulation } from './parse.ts';
import { type Clause, type ParsedRegulation, walkClauses } from './types.ts';

const lines = (...ls: string[]) => ls.join('\n');

function byCitation(parsed: ParsedRegulation): Map<string, Clause> {
  const map = new Map<string, Clause>();
  for (const { clause } of walkClauses(parsed.clauses)) map.set(clause.citation, clause);
  return map;
}

function get(parsed: ParsedRegulation, citation: string): Clause {
  const clause = byCitation(parsed).get(citation);
  if (!clause) throw new Error(`no clause ${citation}; have ${[...byCitation(parsed).keys()].join(', ')}`);
  return clause;
}

describe('article form', () => {
  const text = lines(
    '○サンプル大学情報セキュリティ規程',
    '',
    '令和6年4月1日',
    '規程第12号',
    '',
    '第１章　総則',
    '（目的）',
    '第１条　この規程は、情報の保護について定める。',
    '（定義）',
    '第２条　この規程において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。',
    '（１）　情報システム　情報処理の仕組みをいう。',
    '（２）　ログ　記録をいう。',
    '２　前項に定めるもののほか、次に掲げる用語を用いる。',
    '（１）　利用者　次に掲げる者をいう。',
    'ア　教職員',
    'イ　学生',
    '（２）　管理者',
    '第２章　運用',
    '第１節　ログ',
    '第10条　技術責任者は、ログを取得する。',
    '2 技術責任者は、ログを保存する。',
    '3 技術責任者は、ログを点検する。',
    '第10条の２（ログの保全）　技術責任者は、ログを改ざんから守る。',
    '第十一条　前条の規定は、',
    '第1条から第3条までの規定に優先する。',
    '附　則',
    'この規程は、令和6年4月1日から施行する。',
    '附　則（令和7年3月1日規程第3号）',
    '（施行期日）',
    '第１条　この規程は、令和7年4月1日から施行する。',
    '別表第1（第2条関係）',
    '区分\t内容',
    '機密性3\t秘密',
  );
  const parsed = parseRegulation(text);

  it('detects the form, title and cover', () => {
    expect(parsed.form).toBe('article');
    expect(parsed.title).toBe('サンプル大学情報セキュリティ規程');
    expect(parsed.unplaced.map((u) => u.line)).toEqual([3, 4]);
  });

  it('reads full-width numbers and cites them in ASCII, keeping labels as printed', () => {
    const item = get(parsed, '第2条第1号');
    expect(item.label).toBe('（１）');
    expect(item.text).toBe('情報システム 情報処理の仕組みをいう。');
    expect(item.key).toBe('2-1-1');
    expect(get(parsed, '第1条')).toMatchObject({ heading: '目的', text: 'この規程は、情報の保護について定める。', line: 8 });
  });

  it('cites items under paragraph 1 as 第N条第K号 and under paragraph M as 第N条第M項第K号', () => {
    const art2 = get(parsed, '第2条');
    expect(art2.children.map((c) => c.citation)).toEqual(['第2条第1号', '第2条第2号', '第2条第2項']);
    expect(get(parsed, '第2条第2項').children.map((c) => c.citation)).toEqual(['第2条第2項第1号', '第2条第2項第2号']);
    expect(get(parsed, '第2条第2項第1号').children.map((c) => [c.citation, c.kind, c.text])).toEqual([
      ['第2条第2項第1号ア', 'subitem', '教職員'],
      ['第2条第2項第1号イ', 'subitem', '学生'],
    ]);
  });

  it('represents paragraph 1 as the article text and paragraphs 2.. as children', () => {
    const art10 = get(parsed, '第10条');
    expect(art10.text).toBe('技術責任者は、ログを取得する。');
    expect(art10.children.map((c) => [c.kind, c.citation, c.label])).toEqual([
      ['paragraph', '第10条第2項', '2'],
      ['paragraph', '第10条第3項', '3'],
    ]);
  });

  it('supports 第N条のM, inline headings and kanji numerals', () => {
    expect(get(parsed, '第10条の2')).toMatchObject({ key: '10_2', label: '第10条の２', heading: 'ログの保全', text: '技術責任者は、ログを改ざんから守る。' });
    expect(get(parsed, '第十一条')).toMatchObject({ key: '11', heading: null });
    // A line starting with "第1条から" continues a sentence; it is not an article.
    expect(get(parsed, '第十一条').text).toBe('前条の規定は、第1条から第3条までの規定に優先する。');
  });

  it('nests chapters and sections', () => {
    expect(parsed.clauses.map((c) => c.citation)).toEqual(['第1章', '第2章', '附則', '附則(令和7年3月1日規程第3号)', '別表第1']);
    expect(get(parsed, '第2章第1節').children.map((c) => c.citation)).toEqual(['第10条', '第10条の2', '第十一条']);
  });

  it('reads 附則 with and without articles, and appendices with tables', () => {
    expect(get(parsed, '附則').text).toBe('この規程は、令和6年4月1日から施行する。');
    expect(get(parsed, '附則(令和7年3月1日規程第3号)第1条')).toMatchObject({ heading: '施行期日' });
    expect(get(parsed, '別表第1')).toMatchObject({ kind: 'appendix', heading: '第2条関係', text: '区分 | 内容\n機密性3 | 秘密' });
  });
});

describe('article form as 例規集 exports print it', () => {
  const parsed = parseRegulation(
    lines(
      '○規程',
      '(趣旨)',
      '第1条 この規程は定める。',
      '(遵守事項)',
      '第2条 利用者は、次の各号に掲げる事項を守らなければならない。',
      '(1) 以下の禁止事項の遵守',
      ' 端末の改造',
      ' 第三者への貸与',
      '(2) その他',
      'この規程は、平成22年5月12日から施行する。',
      '(平成27年3月31日)',
      '1 この規程は、平成27年4月1日から施行する。',
      '2 経過措置を定める。',
      '規程',
      '(令和4年3月25日施行)',
      '体系情報',
      '第4章',
      '沿革情報',
      '平成22年5月12日 規程第4号',
      '平成27年3月31日 種別なし',
    ),
  );

  it('turns indented lines whose label was lost into unlabelled sub-items cited by position', () => {
    expect(get(parsed, '第2条第1号').children.map((c) => [c.citation, c.label, c.text])).toEqual([
      ['第2条第1号細目1', '', '端末の改造'],
      ['第2条第1号細目2', '', '第三者への貸与'],
    ]);
    expect(get(parsed, '第2条').children.map((c) => c.citation)).toEqual(['第2条第1号', '第2条第2号']);
  });

  it('opens a 附則 at the enactment sentence and at each bare date line', () => {
    expect(get(parsed, '附則').text).toBe('この規程は、平成22年5月12日から施行する。');
    const amended = get(parsed, '附則(平成27年3月31日)');
    expect(amended.text).toBe('この規程は、平成27年4月1日から施行する。');
    expect(amended.children.map((c) => [c.citation, c.text])).toEqual([['附則(平成27年3月31日)第2項', '経過措置を定める。']]);
  });

  it('keeps the revision history and reports the trailer metadata instead of making clauses of it', () => {
    expect(get(parsed, '沿革')).toMatchObject({ heading: '沿革情報', text: '平成22年5月12日 規程第4号\n平成27年3月31日 種別なし' });
    expect(parsed.clauses.some((c) => c.citation === '第4章')).toBe(false);
    expect(parsed.unplaced.map((u) => u.text)).toEqual(['規程', '(令和4年3月25日施行)', '体系情報', '第4章']);
  });
});

describe('outline form', () => {
  const text = lines(
    '情報セキュリティ',
    '対策基準',
    '',
    '2025年3月27日',
    '目 次',
    'はじめに\t1',
    '第1章 総則\t',
    '1.1 目的\t2',
    '1.2 ログ\t3',
    '--\t----',
    'はじめに',
    'この基準は、機関の対策を定める。',
    '第1章 総則',
    '1.1 目的',
    '対策基準は、情報を守ることを目的と',
    '',
    '- 12 -',
    'する。',
    '1.2 ログ',
    '(1) 目的・趣旨',
    'ログは重要な材料となる。当該ロ',
    'ログは保全されなければならない。',
    '(2) 遵守事項',
    '- ① 取得',
    ' - (a) ゲートウェイのログ：2年間以上',
    ' - (b) 取得したログは、以下の要件を満たすものとする。',
    ' - ア 完全性を担保する。',
    ' - イ 追跡可能とする。',
    '- ② 教育計画の策定、対象者の整理',
    '(a) 計画を定める。',
    '1.2.1 細則',
    '① 細則を定める。',
    '【別紙】用語の定義',
    '- ・「端末」とは、機器をいう。',
  );
  const parsed = parseRegulation(text);

  it('takes the title from the first block, skips the TOC and drops page numbers', () => {
    expect(parsed.form).toBe('outline');
    expect(parsed.title).toBe('情報セキュリティ対策基準');
    expect(parsed.unplaced).toEqual([{ line: 4, text: '2025年3月27日', reason: expect.stringContaining('cover') }]);
    const sections = [...walkClauses(parsed.clauses)].filter(({ clause }) => /^\d/.test(clause.citation)).map(({ clause }) => clause.citation);
    expect(sections.filter((c) => c === '1.1')).toHaveLength(1);
    expect(parsed.clauses.map((c) => c.citation)).toEqual(['前文', '第1章', '別紙']);
    expect(parsed.clauses[0]).toMatchObject({ heading: 'はじめに', text: 'この基準は、機関の対策を定める。' });
  });

  it('joins lines broken by the PDF, across page breaks and repeated characters', () => {
    expect(get(parsed, '1.1').text).toBe('対策基準は、情報を守ることを目的とする。');
    expect(get(parsed, '1.2(1)')).toMatchObject({ heading: '目的・趣旨', text: 'ログは重要な材料となる。当該ログは保全されなければならない。' });
  });

  it('nests labels by kind, whatever the indentation, and cites them as printed', () => {
    expect(get(parsed, '1.2(2)')).toMatchObject({ heading: '遵守事項', text: '' });
    expect(get(parsed, '1.2(2)①')).toMatchObject({ heading: '取得', kind: 'subitem' });
    expect(get(parsed, '1.2(2)①').children.map((c) => c.citation)).toEqual(['1.2(2)①(a)', '1.2(2)①(b)']);
    expect(get(parsed, '1.2(2)①(b)').children.map((c) => [c.citation, c.text])).toEqual([
      ['1.2(2)①(b)ア', '完全性を担保する。'],
      ['1.2(2)①(b)イ', '追跡可能とする。'],
    ]);
    expect(get(parsed, '1.2(2)②')).toMatchObject({ heading: '教育計画の策定、対象者の整理', text: '' });
    expect(get(parsed, '1.2.1①').text).toBe('細則を定める。');
  });

  it('attaches numbered sections by their number', () => {
    expect(get(parsed, '1.2').children.map((c) => c.citation)).toEqual(['1.2(1)', '1.2(2)', '1.2.1']);
    expect(get(parsed, '1.2.1').kind).toBe('subsection');
  });

  it('keeps appendices with their text', () => {
    expect(get(parsed, '別紙')).toMatchObject({ kind: 'appendix', label: '【別紙】', heading: '用語の定義', text: '・「端末」とは、機器をいう。' });
  });
});

describe('bad input and options', () => {
  it('refuses empty text and text without clause structure', () => {
    expect(() => parseRegulation('')).toThrow(RegulationInputError);
    expect(() => parseRegulation(' \n\u3000\n')).toThrow(/empty/);
    expect(() => parseRegulation('これは普通の文章です。\n特に構造はありません。\n2 行目です。')).toThrow(/no clause structure/);
  });

  it('lets the caller force the form', () => {
    const text = lines('第1条 本文。', '(1) 項目', '第2条 本文。');
    expect(parseRegulation(text).form).toBe('article');
    const forced = parseRegulation(text, { form: 'outline' });
    expect(forced.form).toBe('outline');
    expect(forced.clauses.map((c) => c.citation)).toEqual(['前文', '(1)']);
  });

  it('skips a law-style TOC that lists article ranges instead of pages', () => {
    const parsed = parseRegulation(lines('○規則', '目次', '第1章 総則(第1条・第2条)', '附則', '第1章 総則', '(目的)', '第1条 目的を定める。', '第2条 定義する。'));
    expect(parsed.clauses.map((c) => c.citation)).toEqual(['第1章']);
    expect(get(parsed, '第1条').heading).toBe('目的');
  });

  it('ends a paged TOC where the body starts with headings worded differently', () => {
    const parsed = parseRegulation(lines('基準', '目次', '1.1 目的と範囲\t2', '1.2 ログの管理\t3', '1.1 目的', '本文です。', '1.2 ログ', '本文。'));
    expect(parsed.clauses.map((c) => [c.citation, c.heading, c.line])).toEqual([
      ['1.1', '目的', 5],
      ['1.2', 'ログ', 7],
    ]);
  });

  it('does not treat a "TOC" that runs to the end of the document as one', () => {
    const parsed = parseRegulation(lines('基準', '目次', '1.1 目的', '1.2 ログ'));
    expect(parsed.clauses.map((c) => c.citation)).toEqual(['1.1', '1.2']);
  });

  it('drops a running header that repeats the title between clauses', () => {
    const parsed = parseRegulation(lines('対策基準', '', '1.1 目的', '目的を定める。', '対策基準', '1.2 ログ', 'ログを取る。'));
    expect(parsed.clauses.map((c) => [c.citation, c.text])).toEqual([
      ['1.1', '目的を定める。'],
      ['1.2', 'ログを取る。'],
    ]);
    expect(parsed.unplaced).toEqual([]);
  });

  it('prints an indented outline for the CLI', () => {
    const out = formatOutline(parseRegulation(lines('○規程', '令和6年4月1日', '第1条 この規程は、情報セキュリティ対策に関して必要な事項を定めるものとする。', '2 前項の規定は、学生にも適用する。')));
    expect(out).toBe(
      [
        '規程  [article]',
        '第1条 この規程は、情報セキュリティ対策に関して必要な事項を定めるものとする。',
        '  第1条第2項 前項の規定は、学生にも適用する。',
        '',
        '配置できなかった行 / unplaced lines: 1',
        '  2: 令和6年4月1日  — 表紙・制定情報（日付・番号・制定者）/ cover: date, number or issuer',
        '',
      ].join('\n'),
    );
  });
});
