/**
 * The two real regulations from ../shared/seeds (never copied into this repository): a
 * university regulation in article form and a national standard in outline form converted
 * from PDF. Skipped, with the reason in the test name, when ../shared is not present.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegulation } from './parse.ts';
import { type Clause, type ParsedRegulation, walkClauses } from './types.ts';

const SEEDS = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));
const ARTICLE_SEED = `${SEEDS}002_b6339e252ba34cbc.txt`;
const OUTLINE_SEED = `${SEEDS}003_2f9e87e3674c5d34.txt`;
const skipReason = (file: string) => (fs.existsSync(file) ? '' : ` (skipped: ${file} not found; the seeds live in ../shared/seeds)`);

const all = (parsed: ParsedRegulation): Clause[] => [...walkClauses(parsed.clauses)].map(({ clause }) => clause);

function get(parsed: ParsedRegulation, citation: string): Clause {
  const found = all(parsed).filter((c) => c.citation === citation);
  expect(found, `exactly one clause ${citation}`).toHaveLength(1);
  return found[0]!;
}

/** Invariants of any parse: unique keys, document order, no empty leaves. */
function expectWellFormed(parsed: ParsedRegulation): void {
  const clauses = all(parsed);
  expect(new Set(clauses.map((c) => c.key)).size).toBe(clauses.length);
  const lines = clauses.map((c) => c.line);
  expect(lines).toEqual([...lines].sort((a, b) => a - b));
  for (const c of clauses) expect(c.text !== '' || c.heading !== null || c.children.length > 0, `${c.citation} is empty`).toBe(true);
}

describe.skipIf(!fs.existsSync(ARTICLE_SEED))(`article form: 002 university regulation${skipReason(ARTICLE_SEED)}`, () => {
  const parsed = parseRegulation(fs.existsSync(ARTICLE_SEED) ? fs.readFileSync(ARTICLE_SEED, 'utf8') : '第1条 x\n第2条 y');

  it('is read as article form with its title', () => {
    expect(parsed.form).toBe('article');
    expect(parsed.title).toMatch(/^国立大学法人兵庫教育大学.*規程$/);
    expectWellFormed(parsed);
  });

  it('has articles 1..89 in order, inside 11 chapters', () => {
    const chapters = parsed.clauses.filter((c) => c.kind === 'chapter');
    expect(chapters.map((c) => c.citation)).toEqual(Array.from({ length: 11 }, (_, i) => `第${i + 1}章`));
    const articles = chapters.flatMap((ch) => [...walkClauses([ch])].map(({ clause }) => clause).filter((c) => c.kind === 'article'));
    expect(articles.map((a) => a.citation)).toEqual(Array.from({ length: 89 }, (_, i) => `第${i + 1}条`));
    expect(articles.map((a) => a.key)).toEqual(Array.from({ length: 89 }, (_, i) => `${i + 1}`));
  });

  it('places 第32条 in 第4章第5節 with its heading and five paragraphs (own text = paragraph 1)', () => {
    const section = get(parsed, '第4章第5節');
    expect(section.heading).toBe('ログの取得・管理');
    const art = get(parsed, '第32条');
    expect(section.children).toEqual([art]);
    expect(art.heading).toBe('ログの取得・管理'); // printed "(ログの取得・管理)" on the line before
    expect(art.text).toMatch(/^技術責任者は.*ログを取得するものとする。$/);
    expect(art.children.map((c) => [c.kind, c.citation, c.key])).toEqual([
      ['paragraph', '第32条第2項', '32-2'],
      ['paragraph', '第32条第3項', '32-3'],
      ['paragraph', '第32条第4項', '32-4'],
      ['paragraph', '第32条第5項', '32-5'],
    ]);
    expect(get(parsed, '第32条第3項').text).toContain('ログの保存期間');
  });

  it('reads the definitions of 第2条 as items (1)..(25) cited 第2条第K号', () => {
    const art = get(parsed, '第2条');
    expect(art.heading).toBe('定義');
    expect(art.children.map((c) => c.citation)).toEqual(Array.from({ length: 25 }, (_, i) => `第2条第${i + 1}号`));
    expect(art.children.every((c) => c.kind === 'item')).toBe(true);
    expect(get(parsed, '第2条第1号').text).toMatch(/^技術責任者 /);
    expect(get(parsed, '第2条第12号').text).toMatch(/^主体認証 /);
  });

  it('cites items under later paragraphs as 第N条第M項第K号', () => {
    expect(get(parsed, '第4条第2項').children.map((c) => c.citation)).toEqual(Array.from({ length: 7 }, (_, i) => `第4条第2項第${i + 1}号`));
    expect(get(parsed, '第5条').children.map((c) => c.citation)).toEqual(['第5条第1号', '第5条第2号', '第5条第2項', '第5条第3項', '第5条第4項', '第5条第5項']);
    expect(get(parsed, '第38条').children.filter((c) => c.kind === 'paragraph')).toHaveLength(6);
  });

  it('keeps sub-items whose labels the export lost, cited by position', () => {
    const item = get(parsed, '第51条第3項第6号');
    expect(item.children.map((c) => [c.kind, c.label, c.citation])).toEqual(
      [1, 2, 3, 4].map((k) => ['subitem', '', `第51条第3項第6号細目${k}`]),
    );
    expect(get(parsed, '第51条第3項第7号').kind).toBe('item');
    expect(get(parsed, '第65条第1号').children).toHaveLength(4);
  });

  it('leaves an article without its own heading line without heading', () => {
    expect(get(parsed, '第11条').heading).toBeNull();
  });

  it('reads the original 附則, the five amending 附則 and the revision history', () => {
    const suppl = parsed.clauses.filter((c) => c.kind === 'supplementary');
    expect(suppl.map((c) => c.citation)).toEqual([
      '附則',
      '附則(平成27年3月31日)',
      '附則(平成27年12月8日)',
      '附則(平成29年1月30日)',
      '附則(平成31年1月25日)',
      '附則(令和4年3月25日)',
      '沿革',
    ]);
    expect(get(parsed, '附則').text).toMatch(/施行する。$/);
    expect(get(parsed, '附則(令和4年3月25日)').children.map((c) => c.citation)).toEqual(['附則(令和4年3月25日)第2項']);
    expect(get(parsed, '沿革').text.split('\n')).toHaveLength(6);
  });

  it('reports only the cover and the trailer metadata as unplaced', () => {
    expect(parsed.unplaced.map((u) => u.line)).toEqual([3, 5, 1187, 1189, 1191, 1193, 1194]);
    expect(parsed.unplaced.every((u) => u.reason.length > 0)).toBe(true);
  });
});

describe.skipIf(!fs.existsSync(OUTLINE_SEED))(`outline form: 003 NINS standard${skipReason(OUTLINE_SEED)}`, () => {
  const source = fs.existsSync(OUTLINE_SEED) ? fs.readFileSync(OUTLINE_SEED, 'utf8') : '1.1 x\n1.2 y';
  const parsed = parseRegulation(source);
  const numbered = all(parsed).filter((c) => /^\d+(\.\d+)+$/.test(c.citation));

  it('is read as outline form with its two-line title', () => {
    expect(parsed.form).toBe('outline');
    expect(parsed.title).toMatch(/^大学共同利用機関法人自然科学研究機構情報セキュリティ対策基準$/);
    expectWellFormed(parsed);
  });

  it('has seven chapters, a preamble and two appendices at the top level', () => {
    expect(parsed.clauses.map((c) => c.citation)).toEqual(['前文', ...Array.from({ length: 7 }, (_, i) => `第${i + 1}章`), '別表', '別紙']);
    expect(parsed.clauses[0]!.heading).toBe('はじめに');
    expect(get(parsed, '第7章').heading).toBe('情報システムのセキュリティ要件');
  });

  it('produces each numbered section of the table of contents exactly once, from the body', () => {
    // The TOC lines themselves: "7.1.4 ログの取得・管理<TAB>40".
    const tocLines = source.split('\n').filter((l) => /^\d+(\.\d+)+ .*\t\d+$/.test(l));
    const tocNumbers = tocLines.map((l) => l.split(' ')[0]);
    expect(tocNumbers.length).toBeGreaterThan(50);
    expect(numbered.map((c) => c.citation)).toEqual(tocNumbers);
    const tocEnd = source.split('\n').findIndex((l) => l === 'はじめに') + 1;
    expect(numbered.every((c) => c.line > tocEnd)).toBe(true);
  });

  it('nests sections by their number', () => {
    expect(get(parsed, '第7章').children.map((c) => c.citation)).toEqual(['7.1', '7.2', '7.3']);
    expect(get(parsed, '7.1').children.map((c) => c.citation)).toEqual(['7.1.1', '7.1.2', '7.1.3', '7.1.4', '7.1.5', '7.1.6']);
    expect(get(parsed, '7.1.4').kind).toBe('subsection');
    expect(get(parsed, '6.11').kind).toBe('section');
  });

  it('reads 7.1.4 ログの取得・管理 with its retention periods (a)-(e) and the requirements ア-ウ', () => {
    const s = get(parsed, '7.1.4');
    expect(s.heading).toBe('ログの取得・管理');
    expect(s.children.map((c) => [c.citation, c.heading])).toEqual([
      ['7.1.4(1)', '目的・趣旨'],
      ['7.1.4(2)', '遵守事項'],
    ]);
    const retention = get(parsed, '7.1.4(2)②');
    expect(retention.children.map((c) => c.citation)).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)'].map((l) => `7.1.4(2)②${l}`));
    expect(retention.children.map((c) => c.text.match(/\d+(年間|日)/)?.[0] ?? null)).toEqual(['2年間', '1年間', '1年間', '30日', null]);
    expect(get(parsed, '7.1.4(2)②(e)').children.map((c) => c.citation)).toEqual(['7.1.4(2)②(e)ア', '7.1.4(2)②(e)イ', '7.1.4(2)②(e)ウ']);
    expect(get(parsed, '7.1.4(2)②(e)イ').kind).toBe('subitem');
  });

  it('joins lines broken by the PDF and removes the character a page break repeated', () => {
    const purpose = get(parsed, '7.1.4(1)').text;
    expect(purpose).toContain('当該ログは、事後の調査');
    expect(purpose).not.toContain('当該ロログ');
    expect(purpose.split('\n')).toHaveLength(2); // two source paragraphs
    expect(get(parsed, '6.9(1)').text).toContain('可能性がある。そのため');
    expect(get(parsed, '2.1(2)⑧(f)').text).toMatch(/インストールしようとする場合/);
  });

  it('gives every (1) under a numbered section the heading 目的・趣旨 from chapter 2 on', () => {
    const purposes = numbered.filter((c) => !c.citation.startsWith('1.')).flatMap((c) => c.children.filter((k) => k.label === '(1)'));
    expect(purposes.length).toBeGreaterThan(40);
    expect(new Set(purposes.map((c) => c.heading))).toEqual(new Set(['目的・趣旨']));
    expect(get(parsed, '2.2(2)').heading).toBe('遵守事項');
  });

  it('keeps tables as rows of the clause that introduces them', () => {
    const rows = get(parsed, '2.2(2)②').text.split('\n').filter((l) => l.startsWith('機密性'));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['機密性による情報資産の分類', '機密性4 (極秘)', '機密性3 (秘密)', '機密性2 (機構外秘)', '機密性1']);
    expect(get(parsed, '別表').heading).toMatch(/^3\.1\(2\)④\(b\)/);
  });

  it('reports only the cover lines as unplaced', () => {
    expect(parsed.unplaced.map((u) => u.line)).toEqual([6, 8, 9]);
  });

  it('has no citation twice', () => {
    const citations = all(parsed).map((c) => c.citation);
    expect(citations.length).toBeGreaterThan(400);
    expect(new Set(citations).size).toBe(citations.length);
  });
});
