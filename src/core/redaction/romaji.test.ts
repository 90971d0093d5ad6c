import { expect, it } from 'vitest';
import { isRomanisedJapanese, kanaToRomaji, romajiVariants } from './romaji.ts';

it('romanises katakana readings in Hepburn', () => {
  expect(['ヤマダ', 'タロウ', 'シュンイチ', 'ハットリ', 'キョウコ', 'ジュン', 'マッチ', 'チカ', 'ほんま'].map(kanaToRomaji)).toEqual([
    'yamada', 'tarou', 'shunichi', 'hattori', 'kyouko', 'jun', 'matchi', 'chika', 'honma',
  ]);
});

it('spells long vowels and syllabic n the ways people write them', () => {
  expect(romajiVariants('satou')).toEqual(['satou', 'sato', 'satoh', 'satō']);
  expect(romajiVariants('honma')).toEqual(['honma', 'homma']);
});

it('tells romanised Japanese words from English and product names', () => {
  for (const w of ['Yamada', 'TARO', 'Satoh', 'Ohno', "Shun'ichi", 'Hattori', 'Tsubasa', 'Kyoko', 'Honma']) expect(isRomanisedJapanese(w), w).toBe(true);
  for (const w of ['Emotet', 'Windows', 'Microsoft', 'Trend', 'Ryuk', 'Conti', 'Zoom', 'Fortinet', 'x']) expect(isRomanisedJapanese(w), w).toBe(false);
});
