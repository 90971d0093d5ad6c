import { describe, expect, it } from 'vitest';
import { decodeRegulationBytes } from './decode.ts';
import { RegulationInputError, type RegulationInputErrorCode } from './errors.ts';
import { parseRegulation } from './parse.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** "第1条 この規程は、施行する。" encoded by hand in Shift_JIS. */
const SJIS_ARTICLE = [0x91, 0xe6, 0x31, 0x8f, 0xf0, 0x20, 0x82, 0xb1, 0x82, 0xcc, 0x8b, 0x4b, 0x92, 0xf6, 0x82, 0xcd, 0x81, 0x41, 0x8e, 0x7b, 0x8d, 0x73, 0x82, 0xb7, 0x82, 0xe9, 0x81, 0x42];
const NL = [0x0d, 0x0a];

function refusal(input: Uint8Array): RegulationInputError {
  try {
    decodeRegulationBytes(input);
  } catch (err) {
    if (err instanceof RegulationInputError) return err;
    throw err;
  }
  throw new Error('expected a RegulationInputError');
}

describe('decodeRegulationBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeRegulationBytes(utf8('第1条 テスト'))).toEqual({ text: '第1条 テスト', encoding: 'utf-8' });
    expect(decodeRegulationBytes(bytes([0xef, 0xbb, 0xbf], utf8('第1条 テスト')))).toEqual({ text: '第1条 テスト', encoding: 'utf-8' });
  });

  it('reads UTF-16 with a BOM, both byte orders', () => {
    const units = [...'第1条 ①'].map((c) => c.charCodeAt(0));
    const le = bytes([0xff, 0xfe], units.flatMap((u) => [u & 0xff, u >> 8]));
    const be = bytes([0xfe, 0xff], units.flatMap((u) => [u >> 8, u & 0xff]));
    expect(decodeRegulationBytes(le)).toEqual({ text: '第1条 ①', encoding: 'utf-16le' });
    expect(decodeRegulationBytes(be)).toEqual({ text: '第1条 ①', encoding: 'utf-16be' });
  });

  it('reads Shift_JIS, and the text parses', () => {
    const sjis = bytes(SJIS_ARTICLE, NL, [0x91, 0xe6, 0x32, 0x8f, 0xf0, 0x20, 0x82, 0xb1, 0x82, 0xcc, 0x81, 0x42]); // + "第2条 この。"
    const decoded = decodeRegulationBytes(sjis);
    expect(decoded.encoding).toBe('shift_jis');
    expect(decoded.text).toBe('第1条 この規程は、施行する。\r\n第2条 この。');
    expect(parseRegulation(decoded.text).clauses.map((c) => c.citation)).toEqual(['第1条', '第2条']);
  });

  it.each<[string, Uint8Array, RegulationInputErrorCode, RegExp]>([
    ['an empty file', new Uint8Array(0), 'empty', /空/],
    ['whitespace only', utf8(' \n\t\u3000\r\n'), 'empty', /whitespace/],
    ['a PNG image', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image', /PNG/],
    ['a JPEG image', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image', /JPEG/],
    ['a DOCX file', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], utf8('[Content_Types].xml word/document.xml')), 'zip', /DOCX importer/],
    ['an XLSX file', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], utf8('xl/workbook.xml')), 'zip', /Excel/],
    ['a plain ZIP archive', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], utf8('notes.txt')), 'zip', /ZIP/],
    ['a legacy .doc file', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'office_legacy', /\.doc/],
    ['a PDF', utf8('%PDF-1.7\n%âãÏÓ\n'), 'pdf', /PDF importer/],
    ['gzip data', bytes([0x1f, 0x8b, 0x08, 0, 0, 0]), 'binary', /gzip/],
    ['NUL bytes', bytes(utf8('第1条'), [0, 1, 2, 0]), 'binary', /binary/],
    ['neither UTF-8 nor Shift_JIS', bytes([0x91, 0xe6, 0xff, 0xfe, 0x80, 0xa0, 0xfd]), 'encoding', /encoding/],
  ])('refuses %s with a clear message', (_what, input, code, message) => {
    const err = refusal(input);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // Japanese first, then English
  });

  it('refuses control-character soup that happens to be valid UTF-8', () => {
    const soup = Uint8Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x41 : (i % 31) + 1));
    expect(refusal(soup).code).toBe('binary');
  });
});
