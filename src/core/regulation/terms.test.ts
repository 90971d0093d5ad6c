import { describe, expect, it } from 'vitest';
import { STOP_TERMS, SYNONYMS, TermAccumulator, Vocabulary, extractTerms, forEachTerm, normalizeJapanese } from './terms.ts';

describe('normalisation', () => {
  it('folds width, unifies punctuation and rejoins words broken by stray spaces', () => {
    expect(normalizeJapanese('ＩＰｖ６通信，ＵＳＢメモリ（外部）。')).toBe('ipv6通信、usbメモリ(外部)。');
    expect(normalizeJapanese('ログの保 存期間')).toBe('ログの保存期間');
    // A line break separates (clause texts are joined with line breaks).
    expect(extractTerms('対処手順\n情報システム')).not.toContain('手順情報システム');
  });

  it('unifies okurigana variants and the optional final long vowel', () => {
    expect(normalizeJapanese('取り扱い')).toBe(normalizeJapanese('取扱い'));
    expect(normalizeJapanese('サーバー装置')).toBe('サーバ装置');
    expect(normalizeJapanese('コンピューター')).toBe('コンピュータ');
  });

  it('drops cross-references, which say nothing about the topic', () => {
    expect(extractTerms('第2条第1号に規定する')).toEqual([]);
  });
});

describe('term extraction without whitespace', () => {
  it('cuts at particles and verb endings and keeps the content words', () => {
    const terms = extractTerms('取得したログについて、不正な消去、改ざん及びアクセスを防止する');
    expect(terms).toEqual(expect.arrayContaining(['取得', 'ログ', '不正', '消去', 'アクセス', '防止']));
    for (const t of terms) expect(t).not.toMatch(/^[\u3040-\u309f]+$/); // no hiragana-only fragments
  });

  it('splits mixed-script compounds and keeps the useful pairs', () => {
    const terms = extractTerms('不正プログラム対策ソフトウェアを導入する');
    expect(terms).toEqual(expect.arrayContaining(['不正プログラム', 'プログラム', 'ソフトウェア', '導入']));
    expect(extractTerms('無線LAN技術')).toEqual(expect.arrayContaining(['無線lan', 'lan']));
  });

  it('splits long katakana runs into known loanwords', () => {
    expect(extractTerms('アクセスログを確認する')).toEqual(expect.arrayContaining(['アクセスログ', 'アクセス', 'ログ']));
  });

  it('falls back to character bigrams inside long kanji runs, marked as not words', () => {
    const seen: [string, boolean][] = [];
    forEachTerm('脆弱性診断', (t, _w, word) => seen.push([t, word]));
    expect(seen).toContainEqual(['脆弱性診断', true]);
    expect(seen).toContainEqual(['脆弱性', true]); // known word inside the run
    expect(seen).toContainEqual(['診断', false]); // bigram
  });

  it('keeps all-hiragana terms of the domain', () => {
    expect(extractTerms('なりすましへの対策')).toContain('ナリスマシ');
  });

  it('drops regulation boilerplate and single characters', () => {
    expect(extractTerms('本学の規程に定める必要な事項は、別に定めるものとする')).toEqual([]);
    for (const t of ['本学', '規程', '情報', '必要', '適切']) expect(extractTerms(t)).toEqual([]);
    expect(STOP_TERMS.has('機関')).toBe(true);
    expect(extractTerms('鍵を管理する')).toContain('鍵');
  });
});

describe('synonyms between university and government vocabularies', () => {
  const same = (a: string, b: string) => {
    const ta = extractTerms(a);
    const tb = extractTerms(b);
    expect(ta.filter((t) => tb.includes(t)), `${a} ~ ${b}`).not.toEqual([]);
  };

  it('aligns roles, networks, authentication, outsourcing and threats', () => {
    same('技術責任者', '情報システム管理者');
    same('部局総括責任者', '情報セキュリティ責任者');
    same('課室情報セキュリティ責任者', '情報セキュリティ管理者');
    same('教職員等', '役職員等');
    same('多要素主体認証', '多要素認証');
    same('主体認証情報', '認証情報');
    same('学外通信回線', '機関外ネットワーク');
    same('通信回線装置', 'ネットワーク装置');
    same('外部委託', '業務委託');
    same('外部サービス提供者', 'クラウドサービス提供者');
    same('不正プログラム', 'マルウェア');
    same('サービス不能攻撃', 'DDoS攻撃');
    same('要安定情報', '可用性2以上の情報');
    same('情報システム台帳', '情報資産台帳');
  });

  it('maps the organisation names to one stop term', () => {
    expect(extractTerms('本学')).toEqual([]);
    expect(extractTerms('機構')).toEqual([]);
    expect(normalizeJapanese('本学')).toBe(normalizeJapanese('機関'));
  });

  it('does not rewrite a canonical form again', () => {
    expect(normalizeJapanese('情報システム管理者')).toBe('情報システム管理者');
    for (const [, canonical] of SYNONYMS) if (canonical !== '機関') expect(normalizeJapanese(canonical)).toBe(canonical);
    // The organisation as a prefix is dropped, but not in 機関内 / 機関外.
    expect(extractTerms('機関CISO')).toEqual(extractTerms('CISO'));
    expect(normalizeJapanese('機関外ネットワーク')).toBe('機関外ネットワーク');
  });
});

describe('vocabulary and vectors', () => {
  it('interns terms to dense ids and builds sorted sparse vectors', () => {
    const vocab = new Vocabulary();
    const acc = new TermAccumulator(vocab);
    const v1 = acc.add('ログの取得', 2).add('ログの保存期間').take();
    expect(v1.ids).toBeInstanceOf(Uint32Array);
    expect(v1.weights).toBeInstanceOf(Float32Array);
    expect([...v1.ids]).toEqual([...v1.ids].sort((a, b) => a - b));
    const log = vocab.lookup('ログ');
    expect(v1.weights[v1.ids.indexOf(log)]).toBe(3); // 2 from the heading-weighted text, 1 from the body
    // The accumulator is reset by take(); a second text starts from zero.
    const v2 = acc.add('ログ').take();
    expect([...v2.ids]).toEqual([log]);
    expect(v2.weights[0]).toBe(1);
  });

  it('ignores unknown terms when the vocabulary is frozen', () => {
    const vocab = new Vocabulary();
    new TermAccumulator(vocab).add('ログ').take();
    const frozen = new TermAccumulator(vocab, false);
    const v = frozen.add('ログと暗号').take();
    expect([...v.ids].map((id) => vocab.terms[id])).toEqual(['ログ']);
    expect(vocab.lookup('暗号')).toBe(-1);
  });
});
