import { describe, expect, it } from 'vitest';
import { addExtraSpan, guessIndicatorType, highlightHits, marksOf, partsFromRanges, normaliseCve, parseIndicatorLines, previewText, segmentText, trimSelection } from './format.ts';

const TEXT = '情報基盤センターの桜井様 (sakurai@sakura-tech.example) が vpn.sakura-tech.example を確認した。';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

describe('highlighted segments from redaction spans', () => {
  const proposals = [
    { ...at('桜井様'), kind: 'person' as const, text: '桜井様' },
    { ...at('sakurai@sakura-tech.example'), kind: 'email' as const, text: 'sakurai@sakura-tech.example' },
    { ...at('vpn.sakura-tech.example'), kind: 'domain' as const, text: 'vpn.sakura-tech.example' },
  ];

  it('cuts the text at every boundary; the pieces join back to the text', () => {
    const segs = segmentText(TEXT, marksOf(proposals, [true, false, true], []));
    expect(segs.map((s) => s.text).join('')).toBe(TEXT);
    const person = segs.find((s) => s.text === '桜井様')!;
    expect(person.marks).toEqual([expect.objectContaining({ kind: 'person', state: 'accepted', index: 0 })]);
    expect(segs.find((s) => s.text === 'sakurai@sakura-tech.example')!.marks[0]!.state).toBe('rejected');
    expect(segs.filter((s) => s.marks.length === 0).map((s) => s.text)[0]).toBe('情報基盤センターの');
  });

  it('an added span over part of a proposal splits it; the added span is on top', () => {
    const extra = [{ ...at('情報基盤センター'), kind: 'institution' as const }, { start: at('桜井様').start, end: at('桜井様').start + 2, kind: 'person' as const }];
    const segs = segmentText(TEXT, marksOf(proposals, [true, true, true], extra));
    expect(segs.map((s) => s.text).join('')).toBe(TEXT);
    const sakurai = segs.find((s) => s.text === '桜井')!;
    expect(sakurai.marks.map((m) => m.state)).toEqual(['added', 'accepted']);
    expect(segs.find((s) => s.text === '様')!.marks.map((m) => m.state)).toEqual(['accepted']);
    expect(segs[0]).toMatchObject({ text: '情報基盤センター', marks: [expect.objectContaining({ state: 'added', kind: 'institution' })] });
  });

  it('clips marks outside the text and keeps offsets in UTF-16 code units', () => {
    const t = '𠮷野様が 𠮷田 に連絡';
    const segs = segmentText(t, [{ start: 0, end: 4, kind: 'person', state: 'accepted', index: 0 }, { start: 5, end: 99, kind: 'person', state: 'added', index: 0 }]);
    expect(segs[0]!.text).toBe('𠮷野様');
    expect(segs.map((s) => s.text).join('')).toBe(t);
    expect(segmentText('', [])).toEqual([]);
  });
});

describe('the redacted preview', () => {
  it('replaces accepted and added spans by the labels the server publishes with', () => {
    const proposals = [{ ...at('桜井様'), kind: 'person' as const }, { ...at('sakurai@sakura-tech.example'), kind: 'email' as const }];
    expect(previewText(TEXT, proposals, [true, false], [{ ...at('情報基盤センター'), kind: 'institution' }]))
      .toBe('［機関名］の［氏名］ (sakurai@sakura-tech.example) が vpn.sakura-tech.example を確認した。');
  });

  it('merges overlapping spans and keeps the more specific kind', () => {
    const t = 'sakurai@sakura-tech.example';
    expect(previewText(t, [{ start: 8, end: t.length, kind: 'domain' }], [true], [{ start: 0, end: t.length, kind: 'email' }])).toBe('［メール］');
  });
});

describe('spans the author adds', () => {
  it('keeps them in text order and lets a new selection replace those it overlaps', () => {
    const a = addExtraSpan([], { start: 10, end: 14, kind: 'person' });
    const b = addExtraSpan(a, { start: 2, end: 5, kind: 'institution' });
    expect(b.map((s) => s.start)).toEqual([2, 10]);
    expect(addExtraSpan(b, { start: 4, end: 11, kind: 'institution' })).toEqual([{ start: 4, end: 11, kind: 'institution' }]);
    expect(addExtraSpan(b, { start: 5, end: 10, kind: 'id' }).length).toBe(3);
  });
});

describe('selections and search hits', () => {
  it('trims white space around a selection and refuses an empty one', () => {
    expect(trimSelection(' 桜井 様 ', 0, 4)).toEqual({ start: 1, end: 3 });
    expect(trimSelection('abc', 2, 1)).toEqual({ start: 1, end: 2 });
    expect(trimSelection('a   b', 1, 4)).toBeNull();
  });

  it('finds the hit folding width and case, and shows it as written', () => {
    expect(highlightHits('…ＶＰＮ装置への不正ログインを確認', 'vpn')).toEqual([
      { text: '…', hit: false }, { text: 'ＶＰＮ', hit: true }, { text: '装置への不正ログインを確認', hit: false },
    ]);
    expect(highlightHits('不正ログイン、再び不正ログイン', '不正ログイン').filter((p) => p.hit)).toHaveLength(2);
    expect(highlightHits('ｶﾅ表記', 'カナ')).toEqual([{ text: 'ｶﾅ', hit: true }, { text: '表記', hit: false }]);
    expect(highlightHits('no hit here', '')).toEqual([{ text: 'no hit here', hit: false }]);
  });

  it('cuts a snippet at the ranges the server found, joining overlaps', () => {
    expect(partsFromRanges('…VPN への不正ログイン', [{ start: 7, end: 13 }, { start: 1, end: 4 }, { start: 9, end: 11 }])).toEqual([
      { text: '…', hit: false }, { text: 'VPN', hit: true }, { text: ' への', hit: false }, { text: '不正ログイン', hit: true },
    ]);
    expect(partsFromRanges('abc', [{ start: 2, end: 99 }])).toEqual([{ text: 'ab', hit: false }, { text: 'c', hit: true }]);
  });
});

describe('indicators and CVE ids typed by people', () => {
  it('guesses the type of each value', () => {
    expect(guessIndicatorType('198.18.7.25')).toBe('ipv4');
    expect(guessIndicatorType('2001:db8::1')).toBe('ipv6');
    expect(guessIndicatorType('198.18.0.0/15')).toBe('cidr');
    expect(guessIndicatorType('evil-update[.]example')).toBe('domain');
    expect(guessIndicatorType('hxxps://evil.example/a.php')).toBe('url');
    expect(guessIndicatorType('d41d8cd98f00b204e9800998ecf8427e')).toBe('md5');
    expect(guessIndicatorType('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe('sha256');
    expect(guessIndicatorType('ただの文字列')).toBeNull();
  });

  it('reads one indicator a line with an optional comment, naming the lines it cannot read', () => {
    const r = parseIndicatorLines('198.18.7.25  # 攻撃元\n\nevil-update[.]example\nこれは指標ではない\n# メモだけの行');
    expect(r.items).toEqual([{ type: 'ipv4', value: '198.18.7.25', comment: '攻撃元' }, { type: 'domain', value: 'evil-update.example' }]);
    expect(r.bad).toEqual([4]);
  });

  it('normalises CVE ids written in any width or case', () => {
    expect(normaliseCve('cve-2026-12345')).toBe('CVE-2026-12345');
    expect(normaliseCve('ＣＶＥ－２０２６－１２３４５')).toBe('CVE-2026-12345');
    expect(normaliseCve('CVE-26-1')).toBeNull();
  });
});
