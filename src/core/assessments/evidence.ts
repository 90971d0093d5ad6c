/**
 * Evidence files: which kinds are accepted, judged from the name *and* the bytes (a renamed
 * executable is refused), and the expiry of evidence. Pure: no I/O.
 */

export interface EvidenceKind {
  mediaType: string;
  label: string;
}

type Check = (b: Uint8Array) => boolean;
const starts = (sig: number[]): Check => (b) => sig.every((x, i) => b[i] === x);
const ZIP = starts([0x50, 0x4b, 0x03, 0x04]);
const PDF = starts([0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
const PNG = starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = starts([0xff, 0xd8, 0xff]);
const GIF = starts([0x47, 0x49, 0x46, 0x38]);
const WEBP: Check = (b) => starts([0x52, 0x49, 0x46, 0x46])(b) && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP';
const TEXT: Check = (b) => {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    // Shift_JIS text from older Windows tools is common in Japanese offices.
    try {
      new TextDecoder('shift_jis', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  }
};

/** Allowed extensions: documents, spreadsheets, presentations, images, plain text and logs. */
const ALLOWED: Record<string, { mediaType: string; check: Check; label: string }> = {
  pdf: { mediaType: 'application/pdf', check: PDF, label: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', check: ZIP, label: 'Word' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', check: ZIP, label: 'Excel' },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', check: ZIP, label: 'PowerPoint' },
  png: { mediaType: 'image/png', check: PNG, label: 'PNG' },
  jpg: { mediaType: 'image/jpeg', check: JPEG, label: 'JPEG' },
  jpeg: { mediaType: 'image/jpeg', check: JPEG, label: 'JPEG' },
  gif: { mediaType: 'image/gif', check: GIF, label: 'GIF' },
  webp: { mediaType: 'image/webp', check: WEBP, label: 'WebP' },
  txt: { mediaType: 'text/plain; charset=utf-8', check: TEXT, label: 'テキスト' },
  csv: { mediaType: 'text/csv; charset=utf-8', check: TEXT, label: 'CSV' },
  log: { mediaType: 'text/plain; charset=utf-8', check: TEXT, label: 'ログ' },
  md: { mediaType: 'text/markdown; charset=utf-8', check: TEXT, label: 'Markdown' },
};

export const ALLOWED_EVIDENCE_EXTENSIONS = Object.keys(ALLOWED);

/** Content that is never accepted whatever the name says: programs, scripts, archives of unknown content. */
const FORBIDDEN_CONTENT: { check: Check; what: string }[] = [
  { check: starts([0x4d, 0x5a]), what: 'Windows の実行ファイル / Windows executable' },
  { check: starts([0x7f, 0x45, 0x4c, 0x46]), what: 'ELF 実行ファイル / ELF executable' },
  { check: (b) => [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) => starts(s)(b)), what: 'Mach-O 実行ファイル / Mach-O executable' },
  { check: starts([0x23, 0x21]), what: 'スクリプト / script' }, // #!
];

export type EvidenceFileCheck = { ok: true; kind: EvidenceKind; extension: string } | { ok: false; message: string };

export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function checkEvidenceFile(filename: string, bytes: Uint8Array): EvidenceFileCheck {
  const ext = extensionOf(filename);
  const allowed = ALLOWED[ext];
  const list = ALLOWED_EVIDENCE_EXTENSIONS.join(', ');
  if (!allowed) {
    return { ok: false, message: `「${filename}」は証跡として登録できない種類のファイルです（登録できる形式: ${list}） / This file type cannot be registered as evidence (allowed: ${list})` };
  }
  const bad = FORBIDDEN_CONTENT.find((f) => f.check(bytes));
  if (bad) return { ok: false, message: `「${filename}」の中身は ${bad.what} です。証跡として登録できません / The content is not allowed as evidence` };
  if (!allowed.check(bytes)) {
    return { ok: false, message: `「${filename}」の中身が ${allowed.label} 形式ではありません（拡張子と内容が一致しません） / The content does not match the .${ext} extension` };
  }
  return { ok: true, kind: { mediaType: allowed.mediaType, label: allowed.label }, extension: ext };
}

/** Expiry is a date (YYYY-MM-DD, JST); evidence is expired from the day after it. */
export function isExpired(expiresOn: string | null, todayJst: string): boolean {
  return expiresOn !== null && expiresOn < todayJst;
}

/** Only http(s) links: no javascript:, file: or data: URLs in evidence. */
export function checkEvidenceUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'URL の形式が正しくありません / Not a valid URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'リンクは http:// または https:// の URL にしてください / Links must be http or https URLs';
  return null;
}
