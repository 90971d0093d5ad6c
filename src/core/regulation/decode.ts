/**
 * Bytes of an uploaded regulation to text. Members export their rules from Word, from a
 * web-based 例規集, or from old Windows tools, so UTF-8 (with or without BOM), UTF-16 with a
 * BOM and Shift_JIS (Windows-31J) are all common. Anything else is refused with a message that
 * says what the file looks like, before the parser sees it.
 */
import { RegulationInputError, inputError } from './errors.ts';

export type RegulationEncoding = 'utf-8' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export interface DecodedRegulation {
  text: string;
  encoding: RegulationEncoding;
}

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

/** Index of an ASCII string in the first `limit` bytes (ZIP entry names, PDF header). */
function indexOfAscii(bytes: Uint8Array, needle: string, limit: number): number {
  const end = Math.min(bytes.length, limit) - needle.length;
  const first = needle.charCodeAt(0);
  outer: for (let i = 0; i <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** Files that are plainly not text, recognised by their magic numbers. */
function refuseKnownBinary(bytes: Uint8Array): void {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]) || startsWith(bytes, [0x50, 0x4b, 0x07, 0x08])) {
    // The first local header names the first entry; Office files list their parts early.
    const head = 64 * 1024;
    const kind =
      indexOfAscii(bytes, 'word/', head) >= 0 ? 'Word (DOCX)'
      : indexOfAscii(bytes, 'xl/', head) >= 0 ? 'Excel (XLSX)'
      : indexOfAscii(bytes, 'ppt/', head) >= 0 ? 'PowerPoint (PPTX)'
      : null;
    if (kind) {
      throw inputError(
        'zip',
        `このファイルは ${kind} 形式（ZIP）です。テキストとしては読めません。Word 文書は DOCX 取込みから登録してください`,
        `this is a ${kind} file (a ZIP container), not text: import Word documents through the DOCX importer`,
      );
    }
    throw inputError(
      'zip',
      'このファイルは ZIP 形式（圧縮ファイルまたは DOCX/XLSX などの Office 文書）です。Office 文書は DOCX 取込みから、圧縮ファイルは展開してから登録してください',
      'this is a ZIP file (an archive or an Office document such as DOCX/XLSX), not text: use the DOCX importer for Word files, or unpack the archive first',
    );
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw inputError(
      'office_legacy',
      '古い Office 形式（.doc/.xls）のファイルです。DOCX またはテキストで保存し直してから登録してください',
      'this is a legacy Office file (.doc/.xls): save it as DOCX or plain text and import that',
    );
  }
  if (indexOfAscii(bytes, '%PDF-', 1024) >= 0) {
    throw inputError('pdf', 'PDF ファイルです。PDF 取込みから登録してください', 'this is a PDF file: import it through the PDF importer');
  }
  const image =
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ? 'PNG'
    : startsWith(bytes, [0xff, 0xd8, 0xff]) ? 'JPEG'
    : startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) ? 'GIF'
    : startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) ? 'TIFF'
    : startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8) ? 'WebP'
    : null;
  if (image) {
    throw inputError('image', `画像ファイル（${image}）です。規程のテキスト、DOCX または PDF を登録してください`, `this is an image (${image}), not a regulation: upload its text, DOCX or PDF`);
  }
  if (startsWith(bytes, [0x1f, 0x8b])) {
    throw inputError('binary', 'gzip 圧縮ファイルです。展開してから登録してください', 'this is a gzip-compressed file: unpack it first');
  }
}

const binaryError = (): RegulationInputError =>
  inputError('binary', 'テキストファイルではありません（バイナリデータを含みます）', 'this is not a text file (it contains binary data)');

function decodeStrict(bytes: Uint8Array, label: string, ignoreBOM = false): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A valid decode can still be the wrong one: EUC-JP bytes mostly decode as Shift_JIS
 * half-width katakana, and random binary can decode as a stream of control characters.
 */
function checkPlausible(text: string, encoding: RegulationEncoding): void {
  let controls = 0;
  let halfKana = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) controls++;
    else if (c >= 0x80) {
      nonAscii++;
      if (c >= 0xff61 && c <= 0xff9f) halfKana++;
    }
  }
  if (controls > 0 && controls > text.length / 100) throw binaryError();
  if (encoding === 'shift_jis' && nonAscii >= 20 && halfKana > nonAscii * 0.3) {
    throw inputError(
      'encoding',
      '文字コードを判別できません（EUC-JP の可能性があります）。UTF-8 または Shift_JIS で保存し直してください',
      'unrecognised character encoding (possibly EUC-JP): save the file as UTF-8 or Shift_JIS',
    );
  }
}

/** Detects the encoding and returns the text without BOM; throws RegulationInputError otherwise. */
export function decodeRegulationBytes(bytes: Uint8Array): DecodedRegulation {
  if (bytes.length === 0) throw inputError('empty', 'ファイルが空です', 'the file is empty');
  refuseKnownBinary(bytes);

  let decoded: DecodedRegulation | null = null;
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw inputError('encoding', 'UTF-32 のファイルには対応していません。UTF-8 で保存し直してください', 'UTF-32 is not supported: save the file as UTF-8');
  } else if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const text = decodeStrict(bytes.subarray(3), 'utf-8', true);
    if (text !== null) decoded = { text, encoding: 'utf-8' };
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    const text = decodeStrict(bytes.subarray(2), 'utf-16le', true);
    if (text !== null) decoded = { text, encoding: 'utf-16le' };
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    const text = decodeStrict(bytes.subarray(2), 'utf-16be', true);
    if (text !== null) decoded = { text, encoding: 'utf-16be' };
  } else {
    // Without a BOM, a NUL byte means binary: neither UTF-8 nor Shift_JIS text contains one.
    if (bytes.includes(0)) throw binaryError();
    const utf8 = decodeStrict(bytes, 'utf-8');
    if (utf8 !== null) decoded = { text: utf8, encoding: 'utf-8' };
    else {
      const sjis = decodeStrict(bytes, 'shift_jis');
      if (sjis !== null) decoded = { text: sjis, encoding: 'shift_jis' };
    }
  }
  if (!decoded) {
    throw inputError(
      'encoding',
      '文字コードを判別できません（UTF-8、BOM 付き UTF-16、Shift_JIS に対応しています）',
      'unrecognised character encoding (supported: UTF-8, UTF-16 with BOM, Shift_JIS)',
    );
  }
  checkPlausible(decoded.text, decoded.encoding);
  if (isBlank(decoded.text)) throw emptyTextError();
  return decoded;
}

const BLANK = /^[\s\u200b\u200c\u200d\ufeff]*$/;
export const isBlank = (text: string): boolean => BLANK.test(text);
export const emptyTextError = (): RegulationInputError =>
  inputError('empty', 'ファイルが空です（空白しか含まれていません）', 'the file is empty (whitespace only)');
