/**
 * Romanisation rules for Japanese names: katakana readings (as IPADIC gives them) to Hepburn
 * spellings with the usual variants for long vowels (Satō, Sato, Satou, Satoh), and a test
 * whether a Latin word can be a romanised Japanese word at all (every syllable a Hepburn,
 * Kunrei or passport-style syllable), used to tell "Taro Yamada" from "Trend Micro".
 */

const KANA: Record<string, string> = {
  ア: 'a', イ: 'i', ウ: 'u', エ: 'e', オ: 'o',
  カ: 'ka', キ: 'ki', ク: 'ku', ケ: 'ke', コ: 'ko', ガ: 'ga', ギ: 'gi', グ: 'gu', ゲ: 'ge', ゴ: 'go',
  サ: 'sa', シ: 'shi', ス: 'su', セ: 'se', ソ: 'so', ザ: 'za', ジ: 'ji', ズ: 'zu', ゼ: 'ze', ゾ: 'zo',
  タ: 'ta', チ: 'chi', ツ: 'tsu', テ: 'te', ト: 'to', ダ: 'da', ヂ: 'ji', ヅ: 'zu', デ: 'de', ド: 'do',
  ナ: 'na', ニ: 'ni', ヌ: 'nu', ネ: 'ne', ノ: 'no',
  ハ: 'ha', ヒ: 'hi', フ: 'fu', ヘ: 'he', ホ: 'ho', バ: 'ba', ビ: 'bi', ブ: 'bu', ベ: 'be', ボ: 'bo',
  パ: 'pa', ピ: 'pi', プ: 'pu', ペ: 'pe', ポ: 'po',
  マ: 'ma', ミ: 'mi', ム: 'mu', メ: 'me', モ: 'mo', ヤ: 'ya', ユ: 'yu', ヨ: 'yo',
  ラ: 'ra', リ: 'ri', ル: 'ru', レ: 're', ロ: 'ro', ワ: 'wa', ヰ: 'i', ヱ: 'e', ヲ: 'o', ン: 'n', ヴ: 'vu',
};
const SMALL: Record<string, string> = { ャ: 'ya', ュ: 'yu', ョ: 'yo', ァ: 'a', ィ: 'i', ゥ: 'u', ェ: 'e', ォ: 'o' };

/** Hiragana to katakana (IPADIC readings are katakana already; directory readings may not be). */
export const toKatakana = (s: string): string => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

/** Plain Hepburn without macrons, long vowels spelt out as read (サトウ → satou). */
export function kanaToRomaji(reading: string): string {
  const k = toKatakana(reading);
  let out = '';
  let geminate = false;
  for (let i = 0; i < k.length; i++) {
    const c = k[i]!;
    if (c === 'ッ') {
      geminate = true;
      continue;
    }
    if (c === 'ー') {
      const last = out.at(-1);
      if (last && 'aeiou'.includes(last)) out += last;
      continue;
    }
    let syl = KANA[c] ?? '';
    const next = k[i + 1];
    if (next && SMALL[next]) {
      const small = SMALL[next];
      if (next === 'ャ' || next === 'ュ' || next === 'ョ') {
        syl = syl.endsWith('hi') || c === 'ジ' || c === 'チ' ? syl.slice(0, -1) + small.slice(1) : syl.slice(0, -1) + small;
      } else syl = syl.slice(0, -1) + small;
      i++;
    }
    if (!syl) continue;
    if (geminate) {
      out += syl.startsWith('ch') ? 't' : syl[0];
      geminate = false;
    }
    out += syl;
  }
  return out;
}

/**
 * Spellings of one romanised word as people write them: satou, sato, satoh, satō; ohno, ono,
 * oono; shun'ichi → shunichi. Lower case.
 */
export function romajiVariants(romaji: string): string[] {
  const out = new Set<string>([romaji]);
  const shortened = romaji.replace(/ou/g, 'o').replace(/uu/g, 'u').replace(/oo/g, 'o');
  out.add(shortened);
  out.add(romaji.replace(/ou/g, 'oh').replace(/oo/g, 'oh'));
  out.add(romaji.replace(/ou|oo/g, 'ō').replace(/uu/g, 'ū'));
  // n before b, m, p is written m in traditional Hepburn (Honma, Kamba).
  for (const v of [...out]) out.add(v.replace(/n(?=[bmp])/g, 'm'));
  return [...out].filter((v) => v.length >= 2);
}

// Syllables of Hepburn, Kunrei and passport spellings; a word is "Japanese-like" when it splits into them.
const SYLLABLE = /^(?:(?:[kgsztdnhbpmr]y|sh|ch|j|ts|f|[kgsztdnhbpmrwy])?[aeiouāīūēō]h?|n(?![aeiouy])|[kgsztdcbpmfhjrw](?=[kgsztdcbpmfhjrw]))/;

export function isRomanisedJapanese(word: string): boolean {
  let w = word.toLowerCase().replace(/['’-]/g, '');
  if (w.length < 2 || !/[aeiouāīūēō]/.test(w)) return false;
  let prevDouble = false;
  while (w.length) {
    const m = SYLLABLE.exec(w);
    if (!m || m[0].length === 0) return false;
    // A doubled consonant (the small ッ) must be followed by the same consonant.
    if (m[0].length === 1 && !'aeiouāīūēōn'.includes(m[0])) {
      if (prevDouble || w[1] !== m[0] && !(m[0] === 't' && w[1] === 'c')) return false;
      prevDouble = true;
    } else prevDouble = false;
    w = w.slice(m[0].length);
  }
  return true;
}
