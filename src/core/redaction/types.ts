/** Kinds of proposed redaction, most specific first in {@link KIND_RANK}. */
export const REDACTION_KINDS = ['email', 'url', 'ip', 'phone', 'id', 'account', 'address', 'domain', 'person', 'institution'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** When spans overlap, the merged span takes the kind with the higher rank (the more specific one). */
export const KIND_RANK: Readonly<Record<RedactionKind, number>> = {
  email: 10,
  url: 9,
  ip: 8,
  phone: 8,
  id: 8,
  account: 7,
  address: 6,
  domain: 5,
  person: 4,
  institution: 3,
};

/** A proposed redaction; offsets are UTF-16 code units (JavaScript string indices), end exclusive. */
export interface RedactionSpan {
  start: number;
  end: number;
  text: string;
  kind: RedactionKind;
}

/** What identifies the reporting institution. */
export interface InstitutionProfile {
  /** Official name, e.g. 東和大学. */
  name: string;
  /** Other names: abbreviations, English names, former names (東和大, Towa University, TWU). */
  aliases: string[];
  /** DNS domains; every host under them is the institution's (towa-u.example). */
  domains: string[];
  /** Address prefixes in CIDR or single-address form, IPv4 and IPv6. */
  prefixes: string[];
  /**
   * Extra student/staff number patterns as regular expression sources (JavaScript syntax,
   * applied case-insensitively to width-folded text), e.g. `\b[0-9]{2}[A-Z]{2}[0-9]{3}\b`.
   */
  idPatterns?: string[];
}

/** The institution's own people and accounts, when it can supply them. */
export interface MemberDirectory {
  /** Person names in any script: 山田 太郎, Taro Yamada, YAMADA Taro. */
  names?: string[];
  emails?: string[];
  /** Login names (t-yamada, s2301234). */
  accounts?: string[];
}

/**
 * The part of a morphological analyser the engine needs; kuromoji's tokenizer fits. Tokens
 * must cover the analysed text in order (kuromoji's do, whitespace included).
 */
export interface MorphToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  pos_detail_2: string;
  pos_detail_3: string;
  reading?: string;
  word_type?: string;
}
export interface MorphTokenizer {
  tokenize(text: string): MorphToken[];
}

export interface RedactionOptions {
  directory?: MemberDirectory;
  /** A built Japanese tokenizer (kuromoji with IPADIC). Without it, names are found by rules only. */
  tokenizer?: MorphTokenizer;
  /** Treat private, unique-local and link-local addresses as the institution's (default true). */
  privateAddressesInternal?: boolean;
}
