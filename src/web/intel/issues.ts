/**
 * The parsers (src/core/intel) explain a rejected entry in English. The common reasons are
 * given in Japanese here, keeping the value as written; anything else is shown as it came.
 */
const JA_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^'(.*)' is not a valid IPv4 or IPv6 address$/s, (m) => `「${m[1]}」は IPv4・IPv6 アドレスとして正しくありません`],
  [/^'(.*)' is not a valid CIDR prefix/s, (m) => `「${m[1]}」はプレフィックスとして正しくありません（アドレス/長さ。長さは IPv4 で 0〜32、IPv6 で 0〜128）`],
  [/^'(.*)' is not a valid address range/s, (m) => `「${m[1]}」はアドレス範囲として正しくありません（開始-終了。同じ種別で、開始が終了以下）`],
  [/^'(.*)' is not a valid domain name$/s, (m) => `「${m[1]}」はドメイン名として正しくありません`],
  [/^'(.*)' is not a valid URL$/s, (m) => `「${m[1]}」は URL として正しくありません`],
  [/^'(.*)' is not a hexadecimal hash$/s, (m) => `「${m[1]}」は16進数のハッシュ値ではありません`],
  [/^'(.*)': leading zeros in an IPv4 octet are ambiguous/s, (m) => `「${m[1]}」: IPv4 の数字の先頭に 0 があり、ツールによって8進数と解釈されるため取り込みません`],
  [/^'(.*)': IPv6 zone ids/s, (m) => `「${m[1]}」: IPv6 のゾーンID（%…）は指標に使えません`],
  [/^not valid JSON: (.*)$/s, (m) => `JSON として読めません: ${m[1]}`],
  [/^expected (\S+) fields, found (\d+)(.*)$/s, (m) => `項目数が合いません（${m[1]}項目のはずが ${m[2]}項目）${m[3]}`],
];

export function issueIn(message: string, lang: string): string {
  if (lang === 'en') return message;
  for (const [re, ja] of JA_RULES) {
    const m = re.exec(message);
    if (m) return ja(m);
  }
  return message;
}
