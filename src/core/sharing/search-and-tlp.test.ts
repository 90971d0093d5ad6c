import { describe, expect, it } from 'vitest';
import { TLP_LABELS, checkTlpChange, foldForSearch, foldWithMap, likePattern, matchesAll, searchTerms, snippetOf, tlpDirection, tlpRank } from './index.ts';

describe('TLP changes of a published report', () => {
  const originator = { originator: true, operator: false };
  const operator = { originator: false, operator: true };
  const other = { originator: false, operator: false };

  it('orders labels from the widest audience to the narrowest', () => {
    expect(TLP_LABELS.map(tlpRank)).toEqual([0, 1, 2, 3, 4]);
    expect(tlpDirection('GREEN', 'AMBER')).toBe('tighten');
    expect(tlpDirection('AMBER', 'AMBER+STRICT')).toBe('tighten');
    expect(tlpDirection('RED', 'CLEAR')).toBe('loosen');
    expect(tlpDirection('AMBER', 'AMBER')).toBe('same');
  });

  it('tightening: the originator and the operator', () => {
    expect(checkTlpChange('GREEN', 'AMBER', originator, '範囲を絞るため')).toBeNull();
    expect(checkTlpChange('GREEN', 'RED', operator, '攻撃が継続しているため')).toBeNull();
    expect(checkTlpChange('GREEN', 'AMBER', other, '範囲を絞るため')).toMatchObject({ kind: 'forbidden' });
  });

  it('loosening: the originator only, with a clear message to anyone else', () => {
    expect(checkTlpChange('AMBER', 'GREEN', originator, '対策が公表されたため')).toBeNull();
    const refused = checkTlpChange('AMBER', 'GREEN', operator, '対策が公表されたため');
    expect(refused).toMatchObject({ kind: 'forbidden' });
    expect(refused!.message).toMatch(/^公開範囲を広げる（TLP を緩める）ことができるのは報告機関だけです/);
  });

  it('the same label is a conflict; a reason is required', () => {
    expect(checkTlpChange('AMBER', 'AMBER', originator, '理由があります')).toMatchObject({ kind: 'conflict' });
    expect(checkTlpChange('GREEN', 'AMBER', originator, ' ')).toMatchObject({ kind: 'validation' });
  });
});

describe('shared report search folding and snippets', () => {
  it('folds width and case per grapheme cluster and maps back to the original', () => {
    expect(foldForSearch('ＶＰＮ装置　ＡＢＣ')).toBe('vpn装置 abc');
    // Half-width katakana with a voiced mark: one cluster, folded to the composed form.
    expect(foldForSearch('ｶﾞｲﾄﾞ')).toBe('ガイド');
    const f = foldWithMap('ａｂ①');
    expect(f.folded).toBe('ab1');
    expect(f.origin).toEqual([0, 1, 2, 3]);
  });

  it('splits queries at spaces (full-width too), folds and de-duplicates them', () => {
    expect(searchTerms('  ＶＰＮ　不正 vpn ')).toEqual(['vpn', '不正']);
    expect(searchTerms('')).toEqual([]);
  });

  it('escapes LIKE metacharacters', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });

  it('matches every term', () => {
    expect(matchesAll('ＶＰＮ装置への不正ログイン', ['vpn', '不正'])).toBe(true);
    expect(matchesAll('ＶＰＮ装置への不正ログイン', ['vpn', 'メール'])).toBe(false);
  });

  it('cuts the snippet from the original at the folded match (full-width input)', () => {
    // Before: the index found in the folded text was applied to the original text. Full-width digits and
    // letters fold to one character each, but "㈱" folds to three, which shifted every later cut.
    const text = `${'㈱'.repeat(40)}ＶＰＮ装置への不正ログインを確認した。${'あ'.repeat(50)}`;
    const s = snippetOf(text, searchTerms('不正ログイン'), 10)!;
    expect(s.text).toContain('不正ログイン');
    const h = s.highlights[0]!;
    expect(s.text.slice(h.start, h.end)).toBe('不正ログイン');
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    const w = snippetOf('ＣＶＥ－２０２６－１２３４５ を悪用', searchTerms('cve-2026-12345'))!;
    expect(w.text.slice(w.highlights[0]!.start, w.highlights[0]!.end)).toBe('ＣＶＥ－２０２６－１２３４５');
    expect(snippetOf('abc', ['x'])).toBeNull();
  });

  it('never splits a surrogate pair or a cluster', () => {
    const text = `${'𠮷'.repeat(20)}攻撃元${'𠮷'.repeat(20)}`;
    const s = snippetOf(text, ['攻撃元'], 5)!;
    expect(s.text).toBe(`…${'𠮷'.repeat(3)}攻撃元${'𠮷'.repeat(3)}…`);
  });
});
