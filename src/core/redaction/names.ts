/**
 * Person names. Patterns alone cannot find 山田 in 山田から連絡があった, so four sources are
 * combined:
 * - the morphological analyser (kuromoji with IPADIC tags 名詞,固有名詞,人名,姓/名): a surname with
 *   a given name, or a tagged name followed by an honorific, a particle or punctuation;
 * - honorifics (さん, 様, 氏, 先生, 教授, 准教授, 課長 …): the proper or unknown nouns right before one;
 * - the member directory: its names in any script, and each part of them;
 * - romanisation: "Taro Yamada", "YAMADA Taro", "Prof. Sato", "Yamada-san", "T. Yamada", and the
 *   Hepburn spellings of every Japanese name found (from the analyser's readings).
 * Every name found once is then looked for again in the whole text (a later bare 山田).
 */
import { type RawSpan, namePattern } from './patterns.ts';
import { isRomanisedJapanese, kanaToRomaji, romajiVariants } from './romaji.ts';
import type { MemberDirectory, MorphToken, MorphTokenizer } from './types.ts';

const HONORIFICS = [
  '課長補佐', '准教授', '名誉教授', '特任教授', '特任准教授', '特任助教', '研究科長', 'センター長', '副学長', '理事長', '学部長', '事務局長',
  '事務長', '室長', '所長', '部長', '課長', '係長', '主任', '主査', '専門員', '教授', '助教', '講師', '助手', '先生', '博士', '学長', '理事',
  '局長', '次長', '院長', '研究員', 'さん', 'さま', '様', '氏', '君', 'くん', '殿', 'ちゃん',
];
const HONORIFIC_RE = new RegExp(`^\\s?(?:${HONORIFICS.join('|')})`);
/** Nouns that take honorifics but are not names (皆様, お客様, 担当者様). */
const NOT_NAMES = new Set(['皆', 'みな', 'お客', '客', '各位', '担当', '担当者', '利用者', '学生', '職員', '教員', '先方', '相手', '相手方', '本人', 'ご本人', '保護者', '関係者', '事務', '窓口', '同', '当該', '上記', '両', '他', '各', '貴', '御中', '者', '人', '方', '先', '様', '氏', '係']);

interface Located extends MorphToken {
  start: number;
  end: number;
}

function locate(text: string, tokens: MorphToken[]): Located[] {
  const out: Located[] = [];
  let pos = 0;
  for (const t of tokens) {
    let at = text.startsWith(t.surface_form, pos) ? pos : text.indexOf(t.surface_form, pos);
    if (at < 0) at = pos;
    out.push({ ...t, start: at, end: at + t.surface_form.length });
    pos = at + t.surface_form.length;
  }
  return out;
}

/** Longest piece given to the analyser at once: kuromoji's lattice grows faster than linearly on long runs without a sentence end. */
const MAX_PIECE = 256;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u;

/**
 * Lines wrapped in the middle of Japanese text (金沢大⏎学, 山⏎田さん in hard-wrapped mail or
 * text taken from PDF) are joined for the analyser; tokens are mapped back to the text.
 */
function tokenizeInPieces(text: string, tokenizer: MorphTokenizer): Located[] {
  const map: number[] = [];
  const chars: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      let a = chars.length - 1;
      while (a >= 0 && /[ \t\u3000]/.test(chars[a]!)) a--;
      let b = i;
      while (b < text.length && /[\s\u3000]/.test(text[b]!)) b++;
      if (a >= 0 && CJK.test(chars[a]!) && b < text.length && CJK.test(text[b]!)) {
        // Drop the trailing spaces already copied and the whole break.
        chars.length = a + 1;
        map.length = a + 1;
        i = b - 1;
        continue;
      }
    }
    chars.push(c);
    map.push(i);
  }
  const view = chars.join('');
  const joined = view.length !== text.length;
  const located = tokenizeViewInPieces(view, tokenizer);
  if (!joined) return located;
  return located.map((t) => ({ ...t, start: map[t.start]!, end: t.end > t.start ? map[t.end - 1]! + 1 : map[t.start]! }));
}

/** Splits at line and sentence ends, then at spaces and commas, then hard, and tokenizes piece by piece. */
function tokenizeViewInPieces(text: string, tokenizer: MorphTokenizer): Located[] {
  const out: Located[] = [];
  const piece = (start: number, end: number) => {
    // Latin-only pieces have nothing for the analyser (romanised names are found by rules).
    if (end <= start || !/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/.test(text.slice(start, end))) return;
    for (const t of locate(text.slice(start, end), tokenizer.tokenize(text.slice(start, end)))) out.push({ ...t, start: t.start + start, end: t.end + start });
  };
  const split = /[\n。．！？!?]+/g;
  let from = 0;
  const emit = (start: number, end: number) => {
    while (end - start > MAX_PIECE) {
      const window = text.slice(start, start + MAX_PIECE);
      let cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('、'), window.lastIndexOf(','), window.lastIndexOf('\u3000'));
      cut = cut > MAX_PIECE / 4 ? cut + 1 : MAX_PIECE;
      // Never between the two halves of a surrogate pair.
      if (/[\ud800-\udbff]/.test(text[start + cut - 1] ?? '')) cut--;
      piece(start, start + cut);
      start += cut;
    }
    piece(start, end);
  };
  for (const m of text.matchAll(split)) {
    emit(from, m.index + m[0].length);
    from = m.index + m[0].length;
  }
  emit(from, text.length);
  return out;
}

const isPersonTag = (t: MorphToken) => t.pos === '名詞' && t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '人名';
const isSpace = (t: MorphToken) => t.pos === '記号' && t.pos_detail_1 === '空白';
const isKanjiOrKana = (s: string) => /^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー々・]+$/u.test(s);
/** A noun that can be (part of) a name before an honorific: a proper noun or an unknown word in kanji or katakana. */
function nameLike(t: MorphToken): boolean {
  if (t.pos !== '名詞' || !isKanjiOrKana(t.surface_form) || NOT_NAMES.has(t.surface_form)) return false;
  if (t.pos_detail_1 === '固有名詞') return t.pos_detail_2 === '人名' || t.pos_detail_2 === '一般' || (t.pos_detail_2 === '地域' && t.pos_detail_3 === '一般');
  return t.word_type === 'UNKNOWN';
}

/** A found name and the readings of its parts, for propagation and romanisation. */
interface FoundName {
  start: number;
  end: number;
  parts: { surface: string; reading?: string | undefined }[];
}

/** Role words written before a name: 主任 酒井 里美, 室長 上野, 担当の 松本, 報告者：高木. */
const TITLE_BEFORE = new RegExp(
  `(?:${[...HONORIFICS.filter((h) => h.length >= 2 && !/^[ぁ-ん]+$/.test(h)), '補佐', '係員', '課員', '職員', '事務員', '教員', '学生', '院生', '大学院生', '留学生', '寮生', '研究生', '患者', '担当', '担当者', '担当の', '報告者', '対応者', '発見者', '送信者', '申告者', '連絡者', '記入者', '作成者', '利用者', '氏名', '名前', '秘書', '医師', '看護師', '委員長', '指導教員'].join('|')})\\s*[:：]?\\s*$`,
);
/** A surname the dictionary reads as a place (今井, 松本, 小野寺): a name only with more evidence. */
const isPlaceSurname = (t: MorphToken) =>
  t.pos === '名詞' && t.pos_detail_1 === '固有名詞' && ((t.pos_detail_2 === '地域' && t.pos_detail_3 === '一般') || t.pos_detail_2 === '組織') && /^[\p{Script=Han}々ヶ]{1,3}$/u.test(t.surface_form);
/** Where a name can end: space, punctuation, a particle, an honorific, the end. */
const boundaryAfter = (text: string, t: Located | undefined) => !t || t.pos === '記号' || t.pos === '助詞' || t.pos === '助動詞' || HONORIFIC_RE.test(text.slice(t.start, t.start + 6)) || (t.pos === '名詞' && t.pos_detail_2 === '人名');
/** A short noun that can be a given name after a known surname (誠, 孝, 里美, 颯+太); katakana ones (ゼミ) only when tagged 人名. */
const givenLike = (t: MorphToken) =>
  t.pos === '名詞' && t.pos_detail_1 !== '接尾' && t.pos_detail_1 !== 'サ変接続' && t.pos_detail_1 !== '数' && /^[\p{Script=Han}\p{Script=Hiragana}々]{1,3}$/u.test(t.surface_form) && !HONORIFIC_RE.test(t.surface_form) && !NOT_NAMES.has(t.surface_form);

function fromTokens(text: string, tokens: Located[], found: FoundName[]): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const tagged = isPersonTag(t);
    if (!tagged && !isPlaceSurname(t)) continue;
    const parts: Located[] = [t];
    let j = i;
    // Katakana names joined by ・ (ケビン・ロペス).
    while (j + 2 < n && tokens[j + 1]!.surface_form === '・' && (isPersonTag(tokens[j + 2]!) || tokens[j + 2]!.word_type === 'UNKNOWN') && /^[\p{Script=Katakana}ー]+$/u.test(tokens[j + 2]!.surface_form)) {
      parts.push(tokens[j + 2]!);
      j += 2;
    }
    const kanjiSurname = /^[\p{Script=Han}々ヶ]+$/u.test(t.surface_form);
    const titleBefore = TITLE_BEFORE.test(text.slice(Math.max(0, t.start - 8), t.start));
    const honorificAt = (k: number) => k < n && HONORIFIC_RE.test(text.slice(tokens[k]!.start, tokens[k]!.start + 7));
    // A given name after the surname, across one space.
    let given = false;
    {
      let k = j + 1;
      if (k < n && isSpace(tokens[k]!) && tokens[k]!.surface_form.length === 1) k++;
      const g = tokens[k];
      // Katakana runs together (スマート+フォン) are one word; a katakana name is split by a space or ・.
      if (!kanjiSurname && k === j + 1) {
        /* no given name */
      } else if (g && isPersonTag(g) && g.pos_detail_3 !== '姓' && !honorificAt(k)) {
        parts.push(g);
        j = k;
        given = true;
        // 悠 + 真: a second short piece before a boundary.
        const g2 = tokens[k + 1];
        if (g2 && givenLike(g2) && !honorificAt(k + 1) && (g.surface_form + g2.surface_form).length <= 3 && boundaryAfter(text, tokens[k + 2])) {
          parts.push(g2);
          j = k + 1;
        }
      } else if (g && kanjiSurname && (t.pos_detail_3 === '姓' || titleBefore) && givenLike(g) && !honorificAt(k)) {
        // Up to two short pieces (颯 + 太) ending at a boundary.
        let e = k;
        if (e + 1 < n && !boundaryAfter(text, tokens[e + 1]) && givenLike(tokens[e + 1]!) && (g.surface_form + tokens[e + 1]!.surface_form).length <= 3) e++;
        if (boundaryAfter(text, tokens[e + 1])) {
          for (let x = k; x <= e; x++) parts.push(tokens[x]!);
          j = e;
          given = true;
        }
      }
    }
    const honorific = honorificAt(j + 1);
    // A laboratory or seminar named after its professor (松田研究室, 鈴木ゼミ).
    const lab = kanjiSurname && j + 1 < n && /^(?:研究室|ゼミ|ラボ)/.test(text.slice(tokens[j + 1]!.start, tokens[j + 1]!.start + 3));
    const before = tokens[i - 1];
    const compoundBefore = before !== undefined && before.pos === '名詞' && before.pos_detail_1 !== '数' && isKanjiOrKana(before.surface_form) && !nameLike(before) && !titleBefore;
    // A surname alone only in kanji: a katakana 姓 on its own is far more often a loanword (ラベル, スマート).
    const standalone = tagged && t.pos_detail_3 === '姓' && kanjiSurname && t.surface_form.length >= 2 && boundaryAfter(text, tokens[j + 1]) && !compoundBefore;
    const accept = tagged ? (given && !compoundBefore) || honorific || titleBefore || standalone || lab : (given && parts.some(isPersonTag)) || honorific || titleBefore || lab;
    if (accept) found.push({ start: parts[0]!.start, end: parts.at(-1)!.end, parts: parts.map((p) => ({ surface: p.surface_form, reading: p.reading })) });
    i = j;
  }
}

function beforeHonorifics(text: string, tokens: Located[], found: FoundName[]): void {
  for (let k = 1; k < tokens.length; k++) {
    const rest = text.slice(tokens[k]!.start, tokens[k]!.start + 8);
    if (!HONORIFIC_RE.test(rest) || isSpace(tokens[k]!)) continue;
    const parts: Located[] = [];
    let i = k - 1;
    if (i >= 0 && isSpace(tokens[i]!)) i--;
    while (i >= 0) {
      const t = tokens[i]!;
      if (nameLike(t) || isPersonTag(t) || (t.surface_form === '・' && parts.length)) parts.unshift(t);
      else if (isSpace(t) && parts.length && i > 0 && (nameLike(tokens[i - 1]!) || isPersonTag(tokens[i - 1]!))) {
        /* a space inside the name */
      } else break;
      i--;
    }
    while (parts.length && parts[0]!.surface_form === '・') parts.shift();
    // Between a role word and an honorific (部長 長尾 教授, 事務職員 荒木 恵子 さん), ordinary kanji nouns are a name too.
    {
      let x = (parts.length ? tokens.indexOf(parts[0]!) : k) - 1;
      const extra: Located[] = [];
      while (x >= 0 && extra.length < 2) {
        const t = tokens[x]!;
        if (isSpace(t) && t.surface_form.length === 1) {
          x--;
          continue;
        }
        if (t.pos === '名詞' && (t.pos_detail_1 === '一般' || t.pos_detail_1 === '固有名詞') && /^[\p{Script=Han}々]{1,3}$/u.test(t.surface_form) && !NOT_NAMES.has(t.surface_form) && !HONORIFIC_RE.test(t.surface_form)) {
          extra.unshift(t);
          x--;
        } else break;
      }
      while (extra.length) {
        if (TITLE_BEFORE.test(text.slice(Math.max(0, extra[0]!.start - 8), extra[0]!.start))) {
          parts.unshift(...extra);
          break;
        }
        extra.shift();
      }
    }
    if (parts.length) found.push({ start: parts[0]!.start, end: parts.at(-1)!.end, parts: parts.map((p) => ({ surface: p.surface_form, reading: p.reading })) });
  }
}

const NAME_WORD = "[A-Z][a-zāīūēō'’]+|[A-Z]{2,}(?![a-z])";
const ROMAN_PAIR = new RegExp(`(?<![A-Za-z.])(${NAME_WORD})(,?\\s+)(${NAME_WORD})(?![A-Za-z])`, 'g');
const TITLED = new RegExp(`(?<![A-Za-z])(?:Prof\\.?|[Pp]rofessor|Dr\\.?|Mr\\.?|Ms\\.?|Mrs\\.?|Miss|[Ll]ecturer|Assoc\\.\\s?Prof\\.?|[Aa]ssociate [Pp]rofessor|[Aa]ssistant [Pp]rofessor)\\s+((?:[A-Z]\\.\\s?)?(?:${NAME_WORD})(?:\\s+(?:${NAME_WORD}))?)`, 'g');
/** A Latin-script name after a Japanese role word: 技術専門職員 Marco Rossi, 担当：John Smith. */
const TITLED_JA = new RegExp(`${TITLE_BEFORE.source.replace(/\\s\*\[:：\]\?\\s\*\$$/, '')}\\s*[:：]?\\s*(?!(?:Prof|Professor|Dr|Mr|Ms|Mrs|Miss)\\b)([A-Z][a-zāīūēō'’]+(?:\\s+[A-Z][a-zāīūēō'’]+){0,2})(?![A-Za-z])`, 'g');
const SUFFIXED = /(?<![A-Za-z])([A-Z][a-z]+)-(?:san|sama|sensei|kun|shi|chan|senpai)(?![A-Za-z])/g;
const INITIAL = /(?<![A-Za-z])[A-Z]\.\s?([A-Z][a-z]+)(?![A-Za-z])/g;
/** English and place words that happen to be valid romanisations. */
const ROMAN_STOP = new Set(
  'a i no so to do go be me we he on are made data use sale take make came name same game more one none done gone home some time note rate date site mode code node hide side wide ride rise wise age ice due sure ago also amazon japan tokyo osaka kyoto nagoya sapporo fukuoka kobe yokohama sendai hiroshima chiba saitama nara kanagawa hokkaido okinawa kyushu honshu shikoku tohoku kansai kanto chubu mirai akira sakura hikari kana kanji romaji anime manga sake karaoke tsunami emoji kintone nokoyawa pune chrome note dome zone tone bone one-time base case vase maze haze nine mine fine line wine pine dine kite bite mute cute hose nose rose pose dose joke poke woke'
    .split(' '),
);

function romanised(text: string, found: FoundName[]): void {
  const word = (w: string) => isRomanisedJapanese(w) && !ROMAN_STOP.has(w.toLowerCase());
  for (const m of text.matchAll(ROMAN_PAIR)) {
    if (word(m[1]!) && word(m[3]!)) found.push({ start: m.index, end: m.index + m[0].length, parts: [{ surface: m[1]! }, { surface: m[3]! }] });
  }
  for (const m of text.matchAll(TITLED_JA)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push({ start, end: start + m[1]!.length, parts: m[1]!.split(/\s+/).map((p) => ({ surface: p })) });
  }
  for (const re of [TITLED, SUFFIXED, INITIAL]) {
    for (const m of text.matchAll(re)) {
      const name = m[1]!;
      if (re === INITIAL && !word(name)) continue;
      const start = re === INITIAL ? m.index : m.index + m[0].indexOf(name);
      found.push({ start, end: start + name.length, parts: name.split(/\s+/).filter((p) => !/^[A-Z]\.$/.test(p)).map((p) => ({ surface: p })) });
    }
  }
}

function directoryNames(text: string, directory: MemberDirectory | undefined, found: FoundName[]): void {
  for (const name of directory?.names ?? []) {
    const parts = name.normalize('NFKC').trim().split(/[\s,]+/).filter(Boolean);
    if (!parts.length) continue;
    const variants = new Set([parts.join(' '), [...parts].reverse().join(' ')]);
    // Parts alone: long enough not to be a syllable of something else.
    for (const p of parts) if (/[^\x00-\x7f]/.test(p) ? p.length >= 2 : p.length >= 3) variants.add(p);
    for (const v of variants) {
      for (const m of text.matchAll(namePattern(v))) found.push({ start: m.index, end: m.index + m[0].length, parts: v.split(' ').map((s) => ({ surface: s })) });
    }
  }
}

/** Every later mention of a found name's parts, and their Hepburn spellings in Latin text. */
function propagate(text: string, found: FoundName[], out: RawSpan[]): void {
  const japanese = new Set<string>();
  const latin = new Set<string>();
  for (const f of found) {
    for (const p of f.parts) {
      if (/^[A-Za-zāīūēō'’]+$/.test(p.surface)) {
        if (p.surface.length >= 3 && !ROMAN_STOP.has(p.surface.toLowerCase())) latin.add(p.surface.toLowerCase());
      } else if (p.surface.length >= 2 && !NOT_NAMES.has(p.surface)) japanese.add(p.surface);
      if (p.reading && p.reading !== '*') {
        for (const v of romajiVariants(kanaToRomaji(p.reading))) if (v.length >= 3 && !ROMAN_STOP.has(v)) latin.add(v);
      }
    }
  }
  for (const s of japanese) {
    let at = text.indexOf(s);
    while (at >= 0) {
      out.push({ start: at, end: at + s.length, kind: 'person' });
      at = text.indexOf(s, at + s.length);
    }
  }
  if (latin.size) {
    const alternatives = [...latin].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // Capitalised or upper case only: "Sato" and "SATO", not "sato" inside ordinary words.
    const re = new RegExp(`(?<![A-Za-z])(?:${alternatives.join('|')})(?![A-Za-z])`, 'gi');
    for (const m of text.matchAll(re)) {
      if (/^[A-ZĀĪŪĒŌ]/.test(m[0]) && (m[0] === m[0].toUpperCase() || /^[A-ZĀĪŪĒŌ][a-zāīūēō'’]+$/.test(m[0]))) out.push({ start: m.index, end: m.index + m[0].length, kind: 'person' });
    }
  }
}

export function detectPersons(text: string, tokenizer: MorphTokenizer | undefined, directory: MemberDirectory | undefined, out: RawSpan[]): void {
  const found: FoundName[] = [];
  if (tokenizer) {
    const tokens = tokenizeInPieces(text, tokenizer);
    fromTokens(text, tokens, found);
    beforeHonorifics(text, tokens, found);
  }
  else {
    // Without the analyser: two to four kanji right before an honorific.
    for (const m of text.matchAll(new RegExp(`(?<![\\p{Script=Han}])(\\p{Script=Han}{2,4})(?=\\s?(?:${HONORIFICS.join('|')}))`, 'gu'))) {
      if (!NOT_NAMES.has(m[1]!)) found.push({ start: m.index, end: m.index + m[1]!.length, parts: [{ surface: m[1]! }] });
    }
  }
  directoryNames(text, directory, found);
  romanised(text, found);
  // Parts found separately (岡本 + 美咲さん) joined across the space between them.
  found.sort((a, b) => a.start - b.start);
  for (const f of found) {
    const last = out.at(-1);
    if (last && last.kind === 'person' && f.start >= last.end && f.start - last.end <= 1 && /^[ \u3000]?$/.test(text.slice(last.end, f.start))) last.end = Math.max(last.end, f.end);
    else out.push({ start: f.start, end: f.end, kind: 'person' });
  }
  propagate(text, found, out);
  accountsFromNames(text, found, out);
}

const latinForms = (p: FoundName['parts'][number]): string[] => {
  if (/^[A-Za-z]+$/.test(p.surface)) return [p.surface.toLowerCase()];
  return p.reading && p.reading !== '*' ? romajiVariants(kanaToRomaji(p.reading)).filter((v) => /^[a-z]+$/.test(v)) : [];
};

/** Login names people get from their names: t-yamada, yamada.t, eclark, s.yoshida, hasegawa.r. */
function accountsFromNames(text: string, found: FoundName[], out: RawSpan[]): void {
  const candidates = new Set<string>();
  for (const f of found) {
    if (f.parts.length < 2) continue;
    const first = latinForms(f.parts[0]!);
    const second = latinForms(f.parts.at(-1)!);
    for (const [a, b] of [[first, second], [second, first]] as const) {
      for (const x of a) {
        for (const y of b) {
          for (const sep of ['', '.', '-', '_']) {
            candidates.add(`${x[0]}${sep}${y}`);
            candidates.add(`${x}${sep}${y[0]}`);
            candidates.add(`${x}${sep}${y}`);
          }
        }
      }
    }
  }
  // A candidate that is itself a spelling of the name (satoh = sato + h) stays a name.
  const spellings = new Set(found.flatMap((f) => f.parts.flatMap(latinForms)));
  const list = [...candidates].filter((c) => c.length >= 5 && !spellings.has(c));
  if (!list.length) return;
  const alternatives = list.sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![A-Za-z0-9._%+-])(?:${alternatives.join('|')})(?![A-Za-z0-9_%+-]|[.@][A-Za-z0-9])`, 'gi');
  for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'account' });
}
