/**
 * Structured identifiers found by rules on width-folded text: e-mail addresses, URLs, host
 * names, IP addresses and prefixes, phone numbers, student and staff numbers, postal addresses
 * and account names. Each detector decides whether a match belongs to the institution (its
 * domains, its prefixes, private addresses) or is something other members need (an attacker's
 * address, a malicious domain), which is never proposed.
 */
import { type Words, compareWords, parseIpLike } from '../intel/ip.ts';
import type { InstitutionProfile, MemberDirectory, RedactionKind } from './types.ts';

/** A match in folded coordinates. */
export interface RawSpan {
  start: number;
  end: number;
  kind: RedactionKind;
}

export class RedactionInputError extends Error {}

interface Bounds {
  lo: Words;
  hi: Words;
}

/** The profile compiled once for many texts. */
export interface CompiledProfile {
  /** Name and aliases, longest first. */
  names: string[];
  domains: string[];
  prefixes: Bounds[];
  institution: RegExp[];
  ids: RegExp[];
  privateInternal: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isLatin = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/** A name or alias as a pattern on folded text: any spacing, any case, hyphen variants, word edges for Latin ends. */
export function namePattern(name: string): RegExp {
  const folded = name.normalize('NFKC').trim();
  // Between two Japanese characters a space or a line break may fall (東和 大学, 東和⏎大学).
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u;
  const part = (p: string) =>
    [...p]
      .map((c, i, all) => (c === "'" || c === '’' ? "['’]" : escapeRe(c).replace(/\\?-/g, '[-‐−]?')) + (i + 1 < all.length && cjk.test(c) && cjk.test(all[i + 1]!) ? '[ \\t\\u3000]*(?:\\r?\\n[ \\t\\u3000]*)?' : ''))
      .join('');
  const body = folded.split(/\s+/).map(part).join('\\s*');
  const head = isLatin(folded[0]) ? '(?<![A-Za-z0-9])' : '';
  const tail = isLatin(folded.at(-1)) ? '(?![A-Za-z0-9])' : '';
  // Acronyms (TWU, NMU) are matched in capitals only: "nmu" inside a look-alike domain is the attacker's.
  const acronym = /^[A-Z0-9&]{2,6}$/.test(folded);
  return new RegExp(`${head}${body}${tail}`, acronym ? 'gu' : 'giu');
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10', 'fc00::/7', 'fe80::/10'].map((p) => parseIpLike(p)!);

export function compileProfile(profile: InstitutionProfile, privateInternal = true): CompiledProfile {
  const prefixes: Bounds[] = [];
  for (const p of profile.prefixes) {
    const parsed = parseIpLike(p);
    if (!parsed) throw new RedactionInputError(`アドレスプレフィックスとして読めません / not an address prefix: ${p}`);
    prefixes.push({ lo: parsed.lo, hi: parsed.hi });
  }
  const ids: RegExp[] = [];
  for (const src of profile.idPatterns ?? []) {
    try {
      ids.push(new RegExp(src, 'giu'));
    } catch (err) {
      throw new RedactionInputError(`番号のパターンが正規表現として正しくありません / invalid id pattern ${src}: ${(err as Error).message}`);
    }
  }
  const names = [profile.name, ...profile.aliases].map((s) => s.trim()).filter((s) => s.length > 0);
  // Longest first, so 東和大学 is preferred over 東和大 where both match.
  names.sort((a, b) => b.length - a.length);
  return {
    names,
    domains: profile.domains.map((d) => d.normalize('NFKC').trim().toLowerCase().replace(/^\*?\.|\.$/g, '')).filter(Boolean),
    prefixes,
    institution: names.map(namePattern),
    ids,
    privateInternal,
  };
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield m;
  }
}

/** `[.]`, `(.)`, `[dot]`, `[:]`, `[at]`, hxxp: refanged so the value can be judged. */
export const refang = (s: string): string =>
  s
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[at\]|\(at\)|\[@\]/gi, '@')
    .replace(/^hxxp/i, 'http');

export function isInstitutionHost(p: CompiledProfile, host: string): boolean {
  const h = refang(host).toLowerCase().replace(/\.$/, '');
  return p.domains.some((d) => h === d || h.endsWith(`.${d}`));
}

function overlaps(b: Bounds, list: readonly Bounds[]): boolean {
  return list.some((p) => compareWords(b.lo, p.hi) <= 0 && compareWords(b.hi, p.lo) >= 0);
}

/** Inside the institution's prefixes (or private, when those count as internal). Loopback never counts. */
export function isInstitutionIp(p: CompiledProfile, text: string): boolean {
  const parsed = parseIpLike(refang(text).replace(/^\[|\]$/g, ''));
  if (!parsed) return false;
  if (overlaps(parsed, p.prefixes)) return true;
  return p.privateInternal && overlaps(parsed, PRIVATE);
}

// --- detectors -------------------------------------------------------------------------------

const DOT = String.raw`(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\])`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = `${LABEL}(?:${DOT}${LABEL})*${DOT}[A-Za-z][A-Za-z0-9-]{0,62}`;
const AT = String.raw`(?:@|\[at\]|\(at\)|\[@\])`;
const EMAIL_RE = new RegExp(`(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)${AT}(${HOST})(?![A-Za-z0-9-])`, 'gi');
const HOST_RE = new RegExp(`(?<![A-Za-z0-9_.@-])${HOST}(?![A-Za-z0-9-]|\\[\\.\\]|${AT})`, 'gi');
const URL_RE = /(?<![A-Za-z0-9])(?:h(?:tt|xx)ps?|ftp)(?::|\[:\])\/\/[^\s<>"'「」『』（）()、。，！？]+/gi;
const IPV4_RE = new RegExp(String.raw`(?<![\d.])\d{1,3}(?:${DOT}\d{1,3}){3}(?:/\d{1,2})?(?![\d]|\.\d)`, 'g');
const IPV6_RE = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{1,4}|(?=::|\[:\]:))(?:(?::|\[:\])[0-9A-Fa-f]{0,4}){2,7}(?:\/\d{1,3})?(?![0-9A-Za-z:])/g;

/** Words near an external e-mail address that say it is the attacker's (kept for other members). */
const INDICATOR_CUE_BEFORE = /(送信元|差出人|送信者|攻撃者|攻撃元|フィッシング|なりすまし|偽装|偽の|偽サイト|不審|悪性|悪意|詐欺|脅迫|C2|C&C|IoC|IOC|指標|返信先|from\s*:|sender|attacker|phishing|spoof|malicious|suspicious|fraud|scam|threat actor|reply-to|return-path|indicator)/i;
const INDICATOR_CUE_AFTER = /^[^\n]{0,25}?(フィッシング|なりすまし|偽|攻撃|不審|悪性|phishing|spoof|malicious|attacker|suspicious)/i;

function lineBefore(text: string, at: number, max: number): string {
  const nl = text.lastIndexOf('\n', at - 1);
  return text.slice(Math.max(nl + 1, at - max), at);
}

export function detectEmails(text: string, p: CompiledProfile, directoryEmails: ReadonlySet<string>, out: RawSpan[], internalLocals: Set<string>): void {
  for (const m of matches(EMAIL_RE, text)) {
    const local = m[1]!;
    const address = refang(m[0]).toLowerCase();
    const internal = isInstitutionHost(p, m[2]!) || directoryEmails.has(address);
    if (internal) internalLocals.add(local.toLowerCase());
    const end = m.index + m[0].length;
    if (!internal && (INDICATOR_CUE_BEFORE.test(lineBefore(text, m.index, 40)) || INDICATOR_CUE_AFTER.test(text.slice(end, end + 30)))) continue;
    out.push({ start: m.index, end, kind: 'email' });
  }
}

function urlHost(url: string): string {
  const rest = refang(url).replace(/^[a-z]+:\/\//i, '');
  const auth = rest.split(/[/?#]/, 1)[0]!;
  const hostPort = auth.includes('@') ? auth.slice(auth.lastIndexOf('@') + 1) : auth;
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  return hostPort.replace(/:\d+$/, '');
}

export function detectUrls(text: string, p: CompiledProfile, out: RawSpan[]): void {
  for (const m of matches(URL_RE, text)) {
    const url = m[0].replace(/[.,;:!?)\]}'"、。]+$/, '');
    const host = urlHost(url);
    const internal = isInstitutionHost(p, host) || isInstitutionIp(p, host) || (/^[A-Za-z][A-Za-z0-9-]*$/.test(host) && host.toLowerCase() !== 'localhost');
    if (internal) out.push({ start: m.index, end: m.index + url.length, kind: 'url' });
  }
}

/** Host names under the institution's domains; followed by a path they are internal URLs without a scheme. */
export function detectHosts(text: string, p: CompiledProfile, out: RawSpan[]): void {
  for (const m of matches(HOST_RE, text)) {
    if (!isInstitutionHost(p, m[0])) continue;
    let end = m.index + m[0].length;
    let kind: RedactionKind = 'domain';
    const path = /^(?::\d+)?\/[^\s<>"'「」『』（）()、。，]*/.exec(text.slice(end));
    if (path) {
      end += path[0].replace(/[.,;:!?)\]}'"]+$/, '').length;
      kind = 'url';
    }
    out.push({ start: m.index, end, kind });
  }
}

export function detectIps(text: string, p: CompiledProfile, out: RawSpan[]): void {
  for (const re of [IPV4_RE, IPV6_RE]) {
    for (const m of matches(re, text)) {
      let value = m[0];
      if (re === IPV6_RE) {
        value = value.replace(/:$/, '');
        if (!refang(value).includes('::') && refang(value).split(':').length !== 8) continue;
      }
      if (isInstitutionIp(p, value)) out.push({ start: m.index, end: m.index + value.length, kind: 'ip' });
    }
  }
}

// Japanese numbers: 0AB-CDE-FGHJ with 10 digits (11 for 050/070/080/090), toll-free 0120, +81 forms; dashes may be spaces or (…).
const PHONE_RE = /(?<![\w./@#-]|\d:)(?:\+81[ -]?\(?0?\)?[1-9]\d{0,3}[ -]?\d{1,4}[ -]?\d{3,4}|\(0\d{1,4}\) ?\d{1,4}-\d{3,4}|0\d{1,4}-\d{1,4}-\d{3,4}|0\d{1,4} \d{1,4} \d{3,4}|0\d{9,10})(?![\w]|[.-]\d)/g;
const EXTENSION_RE = /(?:内線|ext\.?|extension|x)\s*[:：]?\s*(\d{3,5})(?!\d)/gi;

export function detectPhones(text: string, out: RawSpan[]): void {
  for (const m of matches(PHONE_RE, text)) {
    const digits = m[0].replace(/\D/g, '');
    const national = digits.startsWith('81') && m[0].startsWith('+') ? digits.slice(2).replace(/^0/, '') : digits.replace(/^0/, '');
    if (national.length < 9 || national.length > 10) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'phone' });
  }
  for (const m of matches(EXTENSION_RE, text)) {
    // Bare "x123" only right after a phone number.
    if (/^x/i.test(m[0]) && !/\d\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    const start = m.index + m[0].lastIndexOf(m[1]!);
    out.push({ start, end: start + m[1]!.length, kind: 'phone' });
  }
}

const ID_LABEL = String.raw`(?:学籍番号|学生番号|学生証番号|学生ID|学生証|職員番号|教職員番号|職員ID|職員証番号|社員番号|人事番号|個人番号|受験番号|student\s*(?:id|number|no\.?|#)|staff\s*(?:id|number|no\.?|#)|employee\s*(?:id|number|no\.?|#)|personnel\s*(?:id|number))`;
const ID_VALUE = '[A-Za-z]{0,4}-?\\d[A-Za-z0-9-]{2,15}';
const ID_RE = new RegExp(`${ID_LABEL}s?(?:\\s*[(（]?\\s*(?:such as|e\\.g\\.,?|for example|like|例えば|たとえば|例[:：]?))?\\s*(?:[:=#]|は|が)?\\s*[「『"(\\[]?\\s*(${ID_VALUE}(?:\\s*(?:[,、・/]|and|および|及び|と)\\s*${ID_VALUE})*)`, 'giu');
const ID_ITEM = new RegExp(ID_VALUE, 'g');

export function detectIds(text: string, p: CompiledProfile, out: RawSpan[]): void {
  for (const m of matches(ID_RE, text)) {
    const listStart = m.index + m[0].length - m[1]!.length;
    for (const item of matches(ID_ITEM, m[1]!)) out.push({ start: listStart + item.index, end: listStart + item.index + item[0].length, kind: 'id' });
  }
  for (const re of p.ids) for (const m of matches(re, text)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'id' });
}

const PREF = '(?:東京都|北海道|(?:京都|大阪)府|[一-龥]{2,3}県)';
const STREET = '\\d+(?:(?:丁目|番地|番|号|-|の|条[東西南北]?|線[東西南北]?)\\d+)*(?:丁目|番地|番|号)?';
const TOWN = '[一-龥ぁ-んァ-ヶー々]{0,12}?';
const CITY = '[一-龥々ヶ]{1,6}?[市区町村郡]';
const BUILDING = '(?:\\s?[一-龥ァ-ヶーA-Za-z0-9]{1,16}?(?:ビル|棟|館|号館|センター)(?:\\s?\\d+(?:階|F|号室))?)?';
const POSTCODE = '〒\\s?\\d{3}-\\d{4}';
const ADDRESS_RE = new RegExp(
  [
    // 〒 and whatever address follows it
    `${POSTCODE}(?:\\s*(?:${PREF}\\s?)?(?:${CITY}(?:${CITY})?)${TOWN}${STREET}${BUILDING})?`,
    // prefecture, city, street number
    `${PREF}\\s?${CITY}(?:${CITY})?${TOWN}${STREET}${BUILDING}`,
    // the same in Latin script: 2-15-1 Sakuragaoka, Setagaya-ku, Tokyo
    `(?<![\\d-])\\d+(?:-\\d+){1,3}\\s+[A-Z][a-z]+(?:-[a-z]+)?(?:\\s\\d+(?:-chome)?)?,\\s*[A-Z][a-z]+-(?:ku|shi|cho|machi|gun|mura|son)(?:,\\s*[A-Z][a-z]+(?:-(?:ken|fu|to))?(?:\\s\\d{3}-\\d{4})?)?`,
    // city (and ward) with a block number such as 1-2-3 or 2丁目5番
    `${CITY}(?:${CITY})?${TOWN}\\d+(?:丁目|番地?|-|条[東西南北]?)\\d+(?:(?:丁目|番地?|号|-)\\d*)*(?:号)?${BUILDING}`,
  ].join('|'),
  'gu',
);

export function detectAddresses(text: string, out: RawSpan[]): void {
  for (const m of matches(ADDRESS_RE, text)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'address' });
}

const ACCOUNT_JA = /(?:ユーザー?ID|ユーザー?名|利用者ID|ログインID|ログイン名|アカウント名|アカウントID|アカウント|統合認証ID|認証ID|メールアカウント)\s*(?:[:=]|は|が|の)?\s*[「『"'`(\[]?\s*([A-Za-z][A-Za-z0-9._-]{1,31}(?:\s*[、,/]\s*[A-Za-z0-9][A-Za-z0-9._-]{1,31})*)(?![A-Za-z0-9@])/giu;
const ACCOUNT_EN = /(?<![A-Za-z])(?:user\s?(?:name|id)|user|account(?:\s(?:name|id))?|login(?:\s(?:name|id))?|uid|sAMAccountName)(?:\s*[:=]\s*["'`(]?|\s+["'`(])([A-Za-z][A-Za-z0-9._-]{1,31})|(?<![A-Za-z])(?:user|account)\s+([A-Za-z][A-Za-z0-9]*[._-][A-Za-z0-9._-]*|[A-Za-z]+\d[A-Za-z0-9._-]*)(?![A-Za-z0-9@])/gi;
const ACCOUNT_WIN = /(?<![A-Za-z0-9])[A-Z][A-Z0-9-]{1,14}\\([A-Za-z][A-Za-z0-9._-]{1,31})/g;
const HANDLE = /(?<![A-Za-z0-9._%+@-])@[A-Za-z0-9_]{3,30}(?![A-Za-z0-9_@]|\.[A-Za-z])/g;
const LOCAL_ONLY = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{2,64})@(?![A-Za-z0-9-]+(?:\.|\[\.\]))/g;
/** Names every system has; they identify no one. */
const GENERIC_ACCOUNTS = new Set(['root', 'admin', 'administrator', 'guest', 'user', 'test', 'system', 'none', 'null', 'unknown', 'anonymous', 'nobody', 'service']);

export function detectAccounts(text: string, directory: MemberDirectory | undefined, internalLocals: ReadonlySet<string>, out: RawSpan[]): void {
  const seen = new Set<string>();
  const push = (start: number, value: string) => {
    if (GENERIC_ACCOUNTS.has(value.toLowerCase())) return;
    out.push({ start, end: start + value.length, kind: 'account' });
    seen.add(value.toLowerCase());
  };
  // A list after a Japanese label: アカウント（ohno-t、hojo0331）.
  for (const m of matches(ACCOUNT_JA, text)) {
    const listStart = m.index + m[0].length - m[1]!.length;
    for (const item of matches(/[A-Za-z0-9][A-Za-z0-9._-]*/g, m[1]!)) push(listStart + item.index, item[0].replace(/[.-]+$/, ''));
  }
  for (const re of [ACCOUNT_EN, ACCOUNT_WIN]) {
    for (const m of matches(re, text)) {
      const value = (m[1] ?? m[2])!.replace(/[.-]+$/, '');
      push(m.index + m[0].lastIndexOf(value), value);
    }
  }
  for (const m of matches(LOCAL_ONLY, text)) push(m.index, m[1]!);
  // Social media handles, unless the line says they are the attacker's.
  for (const m of matches(HANDLE, text)) {
    if (!INDICATOR_CUE_BEFORE.test(lineBefore(text, m.index, 40))) out.push({ start: m.index, end: m.index + m[0].length, kind: 'account' });
  }
  // Account names known from the directory or from the institution's addresses in this text.
  // Role addresses (security@, csirt@) are words; only locals shaped like login names (t-yamada, s2301234) are looked for.
  // An account named once (ユーザーID: guest2) is also redacted where it appears again (password was "guest2").
  const known = new Set<string>([...(directory?.accounts ?? []).map((a) => a.normalize('NFKC').toLowerCase()), ...[...internalLocals].filter((l) => /[._\d-]/.test(l)), ...seen]);
  for (const name of known) {
    if (name.length < 3 || GENERIC_ACCOUNTS.has(name)) continue;
    const re = new RegExp(`(?<![A-Za-z0-9._%+-])${escapeRe(name)}(?![A-Za-z0-9_%+-]|[.@][A-Za-z0-9])`, 'gi');
    for (const m of matches(re, text)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'account' });
  }
}

export function detectInstitution(text: string, p: CompiledProfile, out: RawSpan[]): void {
  for (const re of p.institution) for (const m of matches(re, text)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'institution' });
}
