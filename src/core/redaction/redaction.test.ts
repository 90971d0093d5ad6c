import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer } from '../../server/platform/japanese-tokenizer.ts';
import {
  type InstitutionProfile,
  LABELS_EN,
  type MorphTokenizer,
  RedactionInputError,
  applyRedactions,
  compileProfile,
  mergeSpans,
  parseInstitutionProfile,
  parseMemberDirectory,
  proposeRedactions,
} from './index.ts';

const towa: InstitutionProfile = {
  name: '東和大学',
  aliases: ['東和大', 'Towa University', 'TWU'],
  domains: ['towa-u.example'],
  prefixes: ['192.0.2.0/25', '2001:db8:10::/48'],
};

let tokenizer: MorphTokenizer;
beforeAll(async () => {
  tokenizer = await loadJapaneseTokenizer();
});

const propose = (text: string, profile: InstitutionProfile = towa, extra: Parameters<typeof proposeRedactions>[2] = {}) => proposeRedactions(text, profile, { tokenizer, ...extra });
const kinds = (text: string, profile?: InstitutionProfile) => propose(text, profile).map((s) => [s.kind, s.text]);

describe('offsets', () => {
  it('counts UTF-16 code units: an emoji before a span moves it by two', () => {
    const text = '😀山田太郎さん（t-yamada@towa-u.example）';
    expect(propose(text)).toEqual([
      { start: 2, end: 6, text: '山田太郎', kind: 'person' },
      { start: 9, end: 32, text: 't-yamada@towa-u.example', kind: 'email' },
    ]);
    expect('😀'.length).toBe(2);
  });

  it('maps full-width forms back to the original characters', () => {
    const text = '連絡先：ｙａｍａｄａ＠ｔｏｗａ－ｕ．ｅｘａｍｐｌｅ、０３－１２３４－５６７８';
    expect(propose(text)).toEqual([
      { start: 4, end: 25, text: 'ｙａｍａｄａ＠ｔｏｗａ－ｕ．ｅｘａｍｐｌｅ', kind: 'email' },
      { start: 26, end: 38, text: '０３－１２３４－５６７８', kind: 'phone' },
    ]);
  });

  it('finds the institution across spaces and line breaks and with either apostrophe', () => {
    const profile = { ...towa, aliases: [...towa.aliases, "Sakuragaoka Women's University"] };
    expect(kinds('東和 大学、東和\n大学、Towa  University、Sakuragaoka Women’s University', profile)).toEqual([
      ['institution', '東和 大学'],
      ['institution', '東和\n大学'],
      ['institution', 'Towa  University'],
      ['institution', 'Sakuragaoka Women’s University'],
    ]);
  });

  it('finds the institution in full-width Latin letters and half-width katakana', () => {
    expect(kinds('Ｔｏｗａ　Ｕｎｉｖｅｒｓｉｔｙ と ﾄｳﾜ大学 と とうわ大学')).toEqual([
      ['institution', 'Ｔｏｗａ　Ｕｎｉｖｅｒｓｉｔｙ'],
      ['institution', 'ﾄｳﾜ大学'],
      ['institution', 'とうわ大学'],
    ]);
  });
});

describe('what other members need is kept', () => {
  it('proposes nothing for attacker infrastructure, malware, CVEs, products and times', () => {
    const text = [
      '2026-11-02 09:14 JST、送信元 support@micros0ft-login.example からのフィッシングメール。',
      'リンク先 hxxps://micros0ft-login[.]example/owa は 203.0.113.45 と 2001:db8:bad::1 で稼働、C2 は 198.51.100.7:443。',
      'Emotet と LockBit 3.0、CVE-2024-3400（PAN-OS 10.2.9）、FortiOS 7.2.4、Windows Server 2019 を確認。13時05分に遮断。',
      'The attacker (phishing sender no-reply@evil-notice.example) used Cobalt Strike 4.9 and Mimikatz.',
    ].join('\n');
    expect(propose(text)).toEqual([]);
  });

  it('keeps look-alike domains and acronyms in lower case', () => {
    expect(kinds('偽サイト towa-u-login.example と twu-portal.example（TWU とは無関係）')).toEqual([['institution', 'TWU']]);
  });
});

describe('structured identifiers', () => {
  it('judges IP addresses and prefixes by the institution prefixes, also defanged and in CIDR', () => {
    expect(kinds('192.0.2.5 192.0.2.200 192.0.2[.]17 192.0.2.0/26 2001:db8:10:5::17 2001:db8:11::1 10.1.2.3 127.0.0.1')).toEqual([
      ['ip', '192.0.2.5'],
      ['ip', '192.0.2[.]17'],
      ['ip', '192.0.2.0/26'],
      ['ip', '2001:db8:10:5::17'],
      ['ip', '10.1.2.3'],
    ]);
  });

  it('treats private addresses as external when told so', () => {
    expect(proposeRedactions('10.1.2.3', towa, { privateAddressesInternal: false })).toEqual([]);
  });

  it('finds host names under the institution domains and internal URLs', () => {
    expect(kinds('mail.towa-u.example、https://portal.towa-u.example/sso?x=1。http://10.0.0.8/admin と http://intranet/wiki、https://example.com/ は外部')).toEqual([
      ['domain', 'mail.towa-u.example'],
      ['url', 'https://portal.towa-u.example/sso?x=1'],
      ['url', 'http://10.0.0.8/admin'],
      ['url', 'http://intranet/wiki'],
    ]);
  });

  it('finds Japanese phone numbers in their usual forms, not dates or versions', () => {
    expect(kinds('042-555-0160, (03) 5555-0199, 099 555 0138, +81-45-555-0192, +81 (0)42-555-0177, 09055550345, 内線 2215 ／ 2026-11-02, 10.2.9, CVE-2024-3400')).toEqual([
      ['phone', '042-555-0160'],
      ['phone', '(03) 5555-0199'],
      ['phone', '099 555 0138'],
      ['phone', '+81-45-555-0192'],
      ['phone', '+81 (0)42-555-0177'],
      ['phone', '09055550345'],
      ['phone', '2215'],
    ]);
  });

  it('finds student and staff numbers after their labels and by the profile patterns', () => {
    const profile = { ...towa, idPatterns: ['\\bTW[0-9]{6}\\b'] };
    expect(kinds('学籍番号 23L0412、職員番号：Ｔ－０８８２１、student numbers (e.g. S2103355), 名簿 TW123456', profile)).toEqual([
      ['id', '23L0412'],
      ['id', 'Ｔ－０８８２１'],
      ['id', 'S2103355'],
      ['id', 'TW123456'],
    ]);
  });

  it('finds postal addresses with and without a postcode', () => {
    expect(kinds('〒060-8555 北海道札幌市北区北見川7条4丁目1番 へ。自宅は神奈川県横浜市青葉区桜丘台3丁目12番5号、2-15-1 Sakuragaoka, Setagaya-ku, Tokyo.')).toEqual([
      ['address', '〒060-8555 北海道札幌市北区北見川7条4丁目1番'],
      ['address', '神奈川県横浜市青葉区桜丘台3丁目12番5号'],
      ['address', '2-15-1 Sakuragaoka, Setagaya-ku, Tokyo'],
    ]);
  });

  it('finds account names after labels, in DOMAIN\\user form and as local parts of institution addresses', () => {
    expect(kinds('ユーザーID: t_sato、アカウント（ohno-t、hojo0331）、TOWA\\k.ito、User ID: k_watanabe、k.ito@towa-u.example。account takeover')).toEqual([
      ['account', 't_sato'],
      ['account', 'ohno-t'],
      ['account', 'hojo0331'],
      ['account', 'k.ito'],
      ['account', 'k_watanabe'],
      ['email', 'k.ito@towa-u.example'],
    ]);
  });

  it('redacts third-party addresses but keeps ones the text marks as the attacker’s', () => {
    expect(kinds('誤送信先 taro.private@freemail.example。差出人 billing@pay-notice.example のフィッシング')).toEqual([['email', 'taro.private@freemail.example']]);
  });
});

describe('person names', () => {
  it('uses the analyser, honorifics and role words', () => {
    expect(kinds('佐藤教授と鈴木准教授、高橋課長が対応。田中から連絡。主任 酒井 里美、室長 上野 から報告。部長 長尾 教授。中島 孝 様')).toEqual([
      ['person', '佐藤'],
      ['person', '鈴木'],
      ['person', '高橋'],
      ['person', '田中'],
      ['person', '酒井 里美'],
      ['person', '上野'],
      ['person', '長尾'],
      ['person', '中島 孝'],
    ]);
  });

  it('takes a laboratory or seminar named after a professor as a name', () => {
    expect(kinds('松田研究室の Web サイトと鈴木ゼミの学生')).toEqual([
      ['person', '松田'],
      ['person', '鈴木'],
    ]);
  });

  it('does not take ordinary words for names', () => {
    expect(kinds('担当者様、皆様、お客様へ。スマートフォンを紛失。中村区の事務所。学生さんと利用者様。')).toEqual([]);
  });

  it('finds katakana names and names from the member directory, and every later mention', () => {
    const directory = parseMemberDirectory({ names: ['東海林 晴', '四ツ谷 凛々子'], accounts: ['h-shoji'] });
    expect(propose('係員 ケビン・ロペス と 東海林 晴 教授、秘書 四ツ谷 凛々子。東海林研究室（h-shoji）', towa, { directory }).map((s) => [s.kind, s.text])).toEqual([
      ['person', 'ケビン・ロペス'],
      ['person', '東海林 晴'],
      ['person', '四ツ谷 凛々子'],
      ['person', '東海林'],
      ['account', 'h-shoji'],
    ]);
  });

  it('finds romanised names but not product names', () => {
    expect(kinds('Prof. Kenji Watanabe and YAMADA Taro met Yamada-san and T. Suzuki. Trend Micro, Data Use Policy, Akira ransomware, Emotet.')).toEqual([
      ['person', 'Kenji Watanabe'],
      ['person', 'YAMADA Taro'],
      ['person', 'Yamada'],
      ['person', 'T. Suzuki'],
    ]);
  });

  it('spells a Japanese name found in kanji in Hepburn and derives login names from it', () => {
    expect(kinds('報告者 佐藤 花子。Sato confirmed; SATOH and Satō too. Her account h.sato and hsato were locked.')).toEqual([
      ['person', '佐藤 花子'],
      ['person', 'Sato'],
      ['person', 'SATOH'],
      ['person', 'Satō'],
      ['account', 'h.sato'],
      ['account', 'hsato'],
    ]);
  });

  it('reads names across a line wrapped in the middle of Japanese text, and not a place cut by a wrap', () => {
    expect(kinds('連絡は情報基盤センターの山\n田さんから受けた。')).toEqual([['person', '山\n田']]);
    expect(kinds('本稿では金沢大\n学の例を紹介する。')).toEqual([]);
  });

  it('works by rules alone without the analyser', () => {
    expect(proposeRedactions('山田太郎さんと Prof. Sato', towa).map((s) => s.text)).toEqual(['山田太郎', 'Sato']);
  });
});

describe('merging and applying', () => {
  it('merges overlapping spans into the more specific kind', () => {
    expect(mergeSpans('abcdefgh', [
      { start: 0, end: 4, kind: 'person' },
      { start: 2, end: 6, kind: 'email' },
      { start: 6, end: 8, kind: 'domain' },
    ])).toEqual([
      { start: 0, end: 6, text: 'abcdef', kind: 'email' },
      { start: 6, end: 8, text: 'gh', kind: 'domain' },
    ]);
  });

  it('replaces accepted spans with labels and leaves the others', () => {
    const text = '東和大学の山田さん（yamada@towa-u.example）が 192.0.2.5 から 203.0.113.9 へ';
    const spans = propose(text);
    expect(applyRedactions(text, spans)).toBe('［機関名］の［氏名］さん（［メール］）が ［IPアドレス］ から 203.0.113.9 へ');
    expect(applyRedactions(text, spans, new Set([1, 2]))).toBe('東和大学の［氏名］さん（［メール］）が 192.0.2.5 から 203.0.113.9 へ');
    expect(applyRedactions(text, spans, [true, false, false, true], LABELS_EN)).toBe('[INSTITUTION]の山田さん（yamada@towa-u.example）が [IP ADDRESS] から 203.0.113.9 へ');
  });

  it('refuses overlapping or out-of-range spans', () => {
    expect(() => applyRedactions('abc', [{ start: 0, end: 2, kind: 'person' }, { start: 1, end: 3, kind: 'email' }])).toThrow(RangeError);
    expect(() => applyRedactions('abc', [{ start: 2, end: 5, kind: 'person' }])).toThrow(RangeError);
  });
});

describe('profiles', () => {
  it('reports what is wrong with a profile, in Japanese first', () => {
    expect(() => parseInstitutionProfile([])).toThrow(RedactionInputError);
    expect(() => parseInstitutionProfile({ aliases: 'x' })).toThrow(/name: 機関名.*aliases: 文字列の配列/);
    expect(() => parseInstitutionProfile({ name: 'A', prefixes: ['192.0.2.0/33'] })).toThrow(/アドレスプレフィックスとして読めません/);
    expect(() => parseInstitutionProfile({ name: 'A', idPatterns: ['(['] })).toThrow(/番号のパターンが正規表現として正しくありません/);
    expect(() => parseMemberDirectory({ names: [1] })).toThrow(/names/);
  });

  it('accepts a compiled profile for many reports', () => {
    const compiled = compileProfile(towa);
    expect(proposeRedactions('mail.towa-u.example', compiled)).toEqual([{ start: 0, end: 19, text: 'mail.towa-u.example', kind: 'domain' }]);
  });
});

describe('long and hostile input', () => {
  it('gets through long runs without sentence ends (the analyser is fed in pieces, patterns are anchored)', () => {
    for (const unit of ['1-', 'a.', '0', '東京都港区', 'a@', '1:', 'ア', '市1-', '😀山', 'ａ＠']) {
      const text = unit.repeat(Math.ceil(20_000 / unit.length));
      for (const s of propose(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('keeps offsets right across the pieces given to the analyser', () => {
    const text = `${'あ'.repeat(300)}😀 報告者 佐藤 花子 ${'い'.repeat(300)}`;
    const [span] = propose(text);
    expect(span).toEqual({ start: 307, end: 312, text: '佐藤 花子', kind: 'person' });
  });
});
