/**
 * Japanese term extraction for regulation text, without whitespace tokenisation and without
 * an external dictionary.
 *
 * Japanese regulations are written in long kanji/katakana compounds held together by
 * hiragana particles and verb endings (「情報システム管理者は、ログの保存期間を定める」). The
 * content words are almost always in the compounds, so a term is found by:
 *
 *  1. normalising (NFKC, full/half width, punctuation, optional final long vowel サーバー→サーバ,
 *     okurigana variants such as 取り扱い→取扱, a few all-hiragana words such as なりすまし
 *     kept as one term, cross-references 第2条第1号 dropped) and rewriting vocabulary so that a university regulation and a government-style standard
 *     speak the same language (技術責任者→情報システム管理者, 通信回線→ネットワーク,
 *     主体認証→認証, 外部サービス→クラウドサービス … see SYNONYMS);
 *  2. cutting the text at hiragana runs and punctuation into compounds (runs of kanji,
 *     katakana and latin letters/digits);
 *  3. emitting, for each compound, the compound itself, its script segments (kanji / katakana
 *     / latin), adjacent segment pairs (不正 + プログラム), words of a small built-in domain
 *     list found inside long runs (アクセスログ → アクセス, ログ; 多要素認証方式 → 多要素, 認証),
 *     and character bigrams of long kanji runs as a fallback (脆弱性対策 → 脆弱, 弱性, 性対,
 *     対策) at a lower weight and never shown to people as a reason;
 *  4. dropping single characters and regulation boilerplate (STOP_TERMS).
 *
 * Terms are interned into integer ids in a Vocabulary; a text becomes a sparse vector of
 * (Uint32Array ids, Float32Array weights) built through a reusable accumulator, so building
 * or comparing vectors allocates nothing per comparison.
 */

/**
 * Vocabulary alignment between a university regulation (article form, based on the
 * national-university model rules) and a government-style standard (the unified standards as
 * adapted by an institute): each surface form on the left is rewritten to the canonical form on
 * the right before segmentation, so compounds that contain it align too (学外通信回線 →
 * 機関外ネットワーク). Built from reading both seed documents side by side.
 */
export const SYNONYMS: ReadonlyArray<readonly [surface: string, canonical: string]> = [
  // Roles: the university's names for the people who do the work.
  ['技術責任者', '情報システム管理者'],
  ['サーバ等管理責任者', '情報システム管理者'],
  ['情報処理センター長', '情報システム管理者'],
  ['システム管理者', '情報システム管理者'],
  ['部局総括責任者', '情報セキュリティ責任者'],
  ['課室情報セキュリティ責任者', '情報セキュリティ管理者'],
  ['最高情報セキュリティ責任者', 'ciso'],
  ['cis0', 'ciso'], // a typo (zero for O) that occurs in the institute's standard
  ['教職員等', '役職員等'],
  ['教職員', '役職員'],
  // The organisation itself.
  ['兵庫教育大学', '機関'],
  ['本学', '機関'],
  ['機構', '機関'],
  ['学内', '機関内'],
  ['学外', '機関外'],
  ['組織内', '機関内'],
  // Networks: the unified standards' 通信回線 is ネットワーク in the institute's text.
  ['通信回線装置', 'ネットワーク装置'],
  ['通信回線', 'ネットワーク'],
  ['情報ネットワーク', 'ネットワーク'],
  ['ネットワーク機器', 'ネットワーク装置'],
  // Authentication: 主体認証 (university) vs 認証 (institute).
  ['主体認証', '認証'],
  ['利用者認証', '認証'],
  ['ユーザid', '識別コード'],
  ['ログインid', '識別コード'],
  ['アカウント', '識別コード'],
  // Outsourcing and cloud.
  ['外部委託', '業務委託'],
  ['外部サービス', 'クラウドサービス'],
  ['クラウド・サービス', 'クラウドサービス'],
  ['ソーシャルメディアサービス', 'ソーシャルメディア'],
  ['sns', 'ソーシャルメディア'],
  // Threats.
  ['マルウェア', '不正プログラム'],
  ['コンピュータウイルス', '不正プログラム'],
  ['ウイルス', '不正プログラム'],
  ['ddos攻撃', 'サービス不能攻撃'],
  ['ddos', 'サービス不能攻撃'],
  ['dos攻撃', 'サービス不能攻撃'],
  ['dos', 'サービス不能攻撃'],
  ['情報セキュリティインシデント', 'インシデント'],
  ['セキュリティインシデント', 'インシデント'],
  // Information categories: 要機密情報 etc. (model rules) vs 機密性2以上 etc. (classification).
  ['要機密情報', '機密性'],
  ['要保護情報', '機密性'],
  ['要保全情報', '完全性'],
  ['要安定情報', '可用性'],
  // Registers, rooms, devices.
  ['情報システム台帳', '情報資産台帳'],
  ['情報システム室', '要管理対策区域'],
  ['iot機器', '特定用途機器'],
  ['ドメインネームシステム', 'dns'],
  ['web', 'ウェブ'],
  ['ホームページ', 'ウェブサイト'],
  ['利用記録', 'ログ'],
  ['外部記録媒体', '外部電磁的記録媒体'],
];

/**
 * Spelling variants with okurigana (取り扱い / 取扱い / 取扱) and all-hiragana words that would
 * otherwise be cut away with the particles. Applied with the synonyms.
 */
const VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['取り扱い', '取扱'],
  ['取り扱', '取扱'],
  ['取扱い', '取扱'],
  ['格付け', '格付'],
  ['受け入れ', '受入'],
  ['受入れ', '受入'],
  ['割り当て', '割当'],
  ['割当て', '割当'],
  ['引き継ぎ', '引継'],
  ['引継ぎ', '引継'],
  ['立ち入', '立入'],
  ['立入り', '立入'],
  ['持ち出', '持出'],
  ['持出し', '持出'],
  ['持ち込', '持込'],
  ['持込み', '持込'],
  ['読み取', '読取'],
  ['書き換', '書換'],
  ['書き込', '書込'],
  ['組み込', '組込'],
  ['組み合わせ', '組合'],
  ['切り替', '切替'],
  ['申し出', '申出'],
  ['問い合わせ', '問合'],
  ['問合せ', '問合'],
  ['見直し', '見直'],
  ['乗っ取', '乗取'],
  ['踏み台', '踏台'],
  ['使い回', '使回'],
  ['抜き取', '抜取'],
  ['盗み見', '盗見'],
  ['覗き見', '盗見'],
  ['のぞき見', '盗見'],
  ['なりすまし', 'ナリスマシ'],
  ['成りすまし', 'ナリスマシ'],
  ['ひな形', '雛形'],
  ['漏洩', '漏えい'],
];

/** Boilerplate of Japanese regulations: frequent everywhere, says nothing about the topic. */
export const STOP_TERMS: ReadonlySet<string> = new Set([
  // the organisation and its documents
  '機関', '大学', '法人', '国立大学法人', '大学共同利用機関法人', '平成', '令和', '施行', '機関内', '機関外', '規程', '規定', '規則', '基本規程', '対策基準', '関係規程', '細則', '本規程', '別表', '別紙',
  // structure words
  '条', '項', '号', '各号', '前項', '前条', '次条', '同項', '本条', '章', '節', '附則', '遵守事項', '目的', '趣旨',
  // generic nouns and verb stems
  '情報', 'もの', 'こと', '必要', '適切', '場合', '当該', '同様', '以下', '以上', '以外', '以前', '事項', '内容', '範囲', '可能',
  '状況', '実施', '措置', '対策', '原則', '一部', '全部', '全', '各種', '具体的', '一般', '特', '他', '別', '等', '際', '時',
  '定', '講', '必要性', '十分', '適正', '場所', '方法', '手段', '機能', '管理', '利用', '確保', '確認', '整備', '事項等',
  // the ubiquitous subjects
  '情報セキュリティ', '情報システム', '情報システム管理者', '役職員等', '役職員', '者',
  'システム', '管理者', 'システム管理者', 'セキュリティ', 'セキュリティ上', 'セキュリティ対策', '情報セキュリティ対策', '情報セキュリティ上',
]);

/** Katakana loanwords used to split long katakana runs (アクセスログ → アクセス + ログ). */
const KATAKANA_WORDS: readonly string[] = [
  'アクセス', 'ログ', 'サーバ', 'ソフトウェア', 'ハードウェア', 'プログラム', 'ネットワーク', 'パスワード', 'ウェブ', 'サイト', 'コンテンツ',
  'アプリケーション', 'ファイル', 'データベース', 'データ', 'クラウド', 'サービス', 'セキュリティ', 'インターネット', 'バックアップ', 'メール',
  'システム', 'ファイアウォール', 'パーソナル', 'モバイル', 'リモート', 'アクセス', 'コード', 'ポリシー', 'パッチ', 'バージョン', 'アップ',
  'ドメイン', 'ネーム', 'キャッシュ', 'コンピュータ', 'デバイス', 'ユーザ', 'アカウント', 'ストレージ', 'フィルタ', 'フィルタリング',
  'インシデント', 'スキャン', 'ルート', 'ヒント', 'サポート', 'ベンダ', 'メンテナンス', 'モニタリング', 'カメラ', 'センター', 'マネジメント',
  'リソース', 'アーキテクチャ', 'ゼロトラスト', 'ゲートウェイ', 'パケット', 'トンネリング', 'ディレクトリ', 'インデックス', 'スクリプト',
  'サンプル', 'ページ', 'ブラウザ', 'クライアント', 'ラック', 'ワイヤ', 'スクリーン', 'ロック', 'テレワーク', 'オフィス', 'メモリ',
  'ポート', 'ディスク', 'ハード', 'ソーシャル', 'メディア', 'ファームウェア', 'プロトコル', 'アルゴリズム', 'ライフサイクル', 'チェック',
  'ツール', 'ラウンド', 'ロビン', 'コンテンツサーバ', 'キャッシュサーバ', 'ハイパーバイザー', 'インジェクション', 'クローラ', 'タイトル',
];

/** Known kanji terms located inside longer kanji runs (longest match) in addition to bigrams. */
const KANJI_WORDS: readonly string[] = [
  '認証', '多要素', '生体', '暗号', '暗号化', '電子署名', '署名', '脆弱性', '不正', '改ざん', '漏えい', '監視', '監査', '自己点検', '点検',
  '教育', '訓練', '外部電磁的記録媒体', '電磁的記録媒体', '記録媒体', '媒体', '端末', '装置', '複合機', '特定用途機器', '無線',
  '標的型攻撃', '標的型', '攻撃', '不正プログラム', '委託', '業務委託', '委託先', '再委託', '調達', '仕様', '仕様書', '契約', '台帳',
  '情報資産台帳', '資産', '格付', '取扱制限', '機密性', '完全性', '可用性', '入退', '立入', '区域', '要管理対策区域', '冗長', '冗長化',
  '負荷分散', '復元', '抹消', '消去', '廃棄', '運用終了', '持出', '盗難', '紛失', '盗見', '施錠', '保守', '作業記録', '設定情報',
  '権限', '管理者権限', '特権', '識別', '識別コード', '認証情報', '鍵', '鍵長', '危殆化', '電子証明書', '証明書', '公開鍵', '時刻',
  '保存期間', '保管', '保存', '取得', '遮断', '感染', '感染経路', '定義', '最新', '検知', '侵入', '踏台', '乗取', '誤送信', '送信',
  '受信', '中継', '盗聴', '名前解決', '整合性', '内部不正', '匿名', '経路制御', '秘匿性', '通信', '事業継続', '運用継続', '自己管理',
  '兼務', '違反', '例外', '例外措置', '報告', '窓口', '連絡網', '緊急連絡', '手順', '手順書', '動的', '信用情報',
];

/** Single kanji that are terms on their own. */
const SINGLE_KANJI = new Set(['鍵']);
const KATAKANA_SET = new Set(KATAKANA_WORDS);
const KANJI_SET = new Set(KANJI_WORDS);
const KATAKANA_MAX = Math.max(...KATAKANA_WORDS.map((w) => w.length));
const KANJI_MAX = Math.max(...KANJI_WORDS.map((w) => w.length));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Width, case and the optional final long vowel (サーバー / サーバ, コンピューター / コンピュータ). */
function foldForms(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/([\u30a1-\u30fc]{2,}[\u30a1-\u30fa])ー(?![\u30a1-\u30fc])/g, '$1');
}

const REWRITES = new Map<string, string>(
  [
  // Canonical forms map to themselves, so that a shorter surface form inside them (システム管理者
  // inside 情報システム管理者) is not rewritten again.
  ...SYNONYMS.map(([, canonical]) => [canonical, canonical] as const),
  ...VARIANTS,
  ...SYNONYMS,
  ].map(([from, to]) => [foldForms(from), foldForms(to)] as const),
);
const REWRITE_RE = new RegExp(
  [...REWRITES.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|'),
  'g',
);

/**
 * NFKC (full-width letters, digits and brackets to ASCII, half-width katakana to full width),
 * lower-case latin, unified punctuation, whitespace between Japanese characters removed (PDF
 * conversion breaks lines and inserts spaces inside words), vocabulary rewritten (SYNONYMS).
 */
export function normalizeJapanese(text: string): string {
  let t = foldForms(text);
  // Cross-references (第2条第1号, 前2項) say nothing about the topic.
  t = t.replace(/(?:第[0-9一二三四五六七八九十百千]+(?:条|項|号|章|節|款)(?:の[0-9]+)?)+|前[0-9一二三]*(?:条|項|号)/g, '、');
  // 当該 ("the said …") only points back; it would glue itself to the next noun.
  t = t.replace(/当該/g, '、');
  t = t.replace(/[、，,]/g, '、').replace(/[。．]/g, '。').replace(/[‐‑‒–—―−]/g, '-');
  // Spaces inside Japanese text are conversion artefacts (保 存期間); line breaks separate.
  t = t.replace(/([\u3040-\u30ff\u3400-\u9fff々〆ヶ])[ \t\u3000]+(?=[\u3040-\u30ff\u3400-\u9fff々〆ヶ])/g, '$1');
  t = t.replace(REWRITE_RE, (m) => REWRITES.get(m) ?? m);
  // The organisation as a prefix says nothing (機関CISO, 機関支給, 所掌機関 = CISO, 支給 …); only
  // 機関内 / 機関外 (internal / external) carry meaning.
  return t.replace(/機関(?![内外])/g, '、');
}

/** Script of one code unit: 1 kanji, 2 katakana, 3 latin/digit, 0 anything else (separator). */
function scriptOf(c: number): 0 | 1 | 2 | 3 {
  // 及(び) 又(は) 並(びに) 若(しくは) 且(つ) are conjunctions: they separate words.
  if (c === 0x53ca || c === 0x53c8 || c === 0x4e26 || c === 0x82e5 || c === 0x4e14) return 0;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x3005 || c === 0x3006 || c === 0x30f6 || c === 0xf900) return 1;
  if ((c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc) return 2;
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return 3;
  return 0;
}

/**
 * Callback receiving each term occurrence with its weight; `word` is false for character
 * bigrams (a matching signal, but not something to show a person as a reason).
 */
export type TermSink = (term: string, weight: number, word: boolean) => void;

/** Weight of character bigrams relative to whole words. */
export const BIGRAM_WEIGHT = 0.4;

function emitKatakana(word: string, emit: TermSink): void {
  emit(word, 1, true);
  if (word.length <= 4) return;
  // Longest-match split into known loanwords; unknown stretches are skipped.
  let i = 0;
  const parts: string[] = [];
  while (i < word.length) {
    let found = '';
    for (let len = Math.min(KATAKANA_MAX, word.length - i); len >= 2; len--) {
      const cand = word.slice(i, i + len);
      if (KATAKANA_SET.has(cand)) {
        found = cand;
        break;
      }
    }
    if (found) {
      parts.push(found);
      i += found.length;
    } else i++;
  }
  if (parts.length > 1 || (parts.length === 1 && parts[0] !== word)) for (const p of parts) emit(p, 1, true);
}

function emitKanji(seg: string, emit: TermSink): void {
  let word = seg;
  // 責任者等, 機器等 → 責任者, 機器 (等 is "and the like").
  while (word.length > 1 && word.endsWith('等')) word = word.slice(0, -1);
  if (word.length < 2) {
    if (SINGLE_KANJI.has(word)) emit(word, 1, true);
    return;
  }
  if (word.length <= 8) emit(word, 1, true);
  if (word.length < 3) return;
  // Known words inside the run (longest match at each position).
  for (let i = 0; i < word.length; i++) {
    for (let len = Math.min(KANJI_MAX, word.length - i); len >= 1; len--) {
      if (len === word.length) continue;
      const cand = word.slice(i, i + len);
      if (KANJI_SET.has(cand)) {
        emit(cand, 1, true);
        break;
      }
    }
  }
  // Character bigrams as a fallback for unknown compounds.
  for (let i = 0; i + 2 <= word.length; i++) emit(word.slice(i, i + 2), BIGRAM_WEIGHT, false);
}

/**
 * Calls `emit` for every term of `text` (already normalised or not: `normalize` decides).
 * Terms are canonical (synonyms applied), never stop terms, never a single character
 * (except 鍵, "key").
 */
export function forEachTerm(text: string, emit: TermSink, options: { normalize?: boolean } = {}): void {
  const t = options.normalize === false ? text : normalizeJapanese(text);
  const sink: TermSink = (term, weight, word) => {
    if (term.length < 2 && !SINGLE_KANJI.has(term)) return;
    if (STOP_TERMS.has(term)) return;
    if (/^[0-9]+$/.test(term)) return;
    emit(term, weight, word);
  };
  const n = t.length;
  let i = 0;
  const segs: string[] = [];
  const kinds: number[] = [];
  while (i < n) {
    if (scriptOf(t.charCodeAt(i)) === 0) {
      i++;
      continue;
    }
    // A compound: a maximal run of kanji / katakana / latin characters.
    segs.length = 0;
    kinds.length = 0;
    const start = i;
    while (i < n) {
      const k = scriptOf(t.charCodeAt(i));
      if (k === 0) break;
      const s = i;
      while (i < n && scriptOf(t.charCodeAt(i)) === k) i++;
      segs.push(t.slice(s, i));
      kinds.push(k);
    }
    let compound = t.slice(start, i);
    // Trailing 等 ("and the like") belongs to no word.
    if (compound.endsWith('等')) {
      compound = compound.slice(0, -1);
      const last = segs.length - 1;
      if (segs[last] === '等') {
        segs.pop();
        kinds.pop();
      } else segs[last] = segs[last]!.slice(0, -1);
    }
    if (segs.length > 1 && compound.length <= 12) sink(compound, 1, true);
    for (let j = 0; j < segs.length; j++) {
      const seg = segs[j]!;
      const kind = kinds[j]!;
      if (kind === 1) emitKanji(seg, sink);
      else if (kind === 2) emitKatakana(seg, sink);
      else if (seg.length >= 2 || /[a-z]/.test(seg)) sink(seg, 1, true);
      // Adjacent segments across scripts: 不正+プログラム, 無線+lan, ドメイン+名, ipv6+通信.
      if (j + 1 < segs.length && segs.length > 2) {
        const next = segs[j + 1]!;
        const a = kind === 1 && seg.length > 4 ? seg.slice(-4) : seg;
        const b = kinds[j + 1] === 1 && next.length > 4 ? next.slice(0, 4) : next;
        sink(a + b, 1, true);
      } else if (j + 1 < segs.length && compound.length > 12) {
        sink(seg + segs[j + 1]!, 1, true);
      }
    }
  }
}

/** The distinct terms of a text, in order of first occurrence (for display and tests). */
export function extractTerms(text: string): string[] {
  const seen = new Set<string>();
  forEachTerm(text, (term) => {
    seen.add(term);
  });
  return [...seen];
}

/** Interns terms into dense integer ids. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private wordFlags = new Uint8Array(1024);
  readonly terms: string[] = [];

  /** The id of `term`, adding it if new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  /** Marks `id` as a term that occurred as a word (not only as a character bigram). */
  markWord(id: number): void {
    if (id >= this.wordFlags.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.wordFlags.length * 2));
      grown.set(this.wordFlags);
      this.wordFlags = grown;
    }
    this.wordFlags[id] = 1;
  }

  /** Whether `id` ever occurred as a word: only those are shown to people as reasons. */
  isWord(id: number): boolean {
    return id < this.wordFlags.length && this.wordFlags[id] === 1;
  }

  /** The id of `term` or -1 when unknown. */
  lookup(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  get size(): number {
    return this.terms.length;
  }
}

/** A sparse term vector: ids ascending, weights aligned. */
export interface TermVector {
  ids: Uint32Array;
  weights: Float32Array;
}

/**
 * Accumulates weighted term counts into a dense scratch array (grown on demand, reused across
 * texts) and emits sparse vectors. One accumulator per thread of work; not re-entrant.
 */
export class TermAccumulator {
  private dense = new Float32Array(1024);
  private touched = new Uint32Array(256);
  private count = 0;

  constructor(
    readonly vocab: Vocabulary,
    /** When false, terms unknown to the vocabulary are ignored instead of interned (querying a fixed index). */
    readonly grow = true,
  ) {}

  /**
   * Adds the terms of `text`, each occurrence weighted `scale` × its own weight. With a
   * `prefix`, the terms go to separate dimensions (e.g. heading terms as a field of their own).
   */
  add(text: string, scale = 1, prefix = ''): this {
    if (!text) return this;
    forEachTerm(text, (raw, weight, word) => {
      const term = prefix ? prefix + raw : raw;
      const id = this.grow ? this.vocab.intern(term) : this.vocab.lookup(term);
      if (id < 0) return;
      if (word && !prefix && this.grow) this.vocab.markWord(id);
      this.addId(id, weight * scale);
    });
    return this;
  }

  addId(id: number, weight: number): void {
    if (id >= this.dense.length) {
      const grown = new Float32Array(Math.max(id + 1, this.dense.length * 2));
      grown.set(this.dense);
      this.dense = grown;
    }
    if (this.dense[id] === 0) {
      if (this.count === this.touched.length) {
        const grown = new Uint32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.count++] = id;
    }
    this.dense[id]! += weight;
  }

  /** Emits the accumulated counts as a sparse vector (ids ascending) and resets. */
  take(): TermVector {
    const ids = this.touched.slice(0, this.count).sort();
    const weights = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      weights[i] = this.dense[id]!;
      this.dense[id] = 0;
    }
    this.count = 0;
    return { ids, weights };
  }
}
