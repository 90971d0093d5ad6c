import mammoth from 'mammoth';
import { AppError } from '../../platform/errors.ts';

/**
 * Text out of an uploaded regulation file. Plain text is decoded by the core parser's detector;
 * DOCX goes through mammoth; PDF through pdf.js's text layer, rebuilt into lines by position.
 */
export type SourceFormat = 'text' | 'docx' | 'pdf' | 'yaml';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function detectFormat(filename: string, bytes: Uint8Array): SourceFormat {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (startsWith(bytes, PDF)) return 'pdf';
  if (startsWith(bytes, ZIP)) {
    if (ext === 'docx') return 'docx';
    throw new AppError('unsupported_media_type', `${filename}: ZIP 形式のファイルです。規程は テキスト（.txt）・Word（.docx）・PDF で取り込んでください（Excel などは対象外です）`);
  }
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'docx' || ext === 'pdf') throw new AppError('unsupported_media_type', `${filename}: 拡張子は .${ext} ですが、中身がその形式ではありません`);
  return 'text';
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return value;
  } catch (err) {
    throw new AppError('unsupported_media_type', `Word ファイルを読めませんでした: ${(err as Error).message}`);
  }
}

interface PdfTextItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (err) {
    throw new AppError('unsupported_media_type', `PDF を読めませんでした: ${(err as Error).message}`);
  }
  const pages: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      // Group text runs by baseline, top to bottom, then left to right.
      const lines = new Map<number, { x: number; s: string }[]>();
      for (const item of content.items as PdfTextItem[]) {
        if (!('str' in item) || !item.str) continue;
        const y = Math.round(item.transform[5]! * 2) / 2;
        const run = lines.get(y) ?? [];
        run.push({ x: item.transform[4]!, s: item.str });
        lines.set(y, run);
      }
      const ordered = [...lines.entries()].sort((a, b) => b[0] - a[0]).map(([, runs]) => runs.sort((a, b) => a.x - b.x).map((r) => r.s).join(''));
      pages.push(ordered.join('\n'));
    }
  } finally {
    await doc.destroy();
  }
  const text = pages.join('\n');
  if (!text.trim()) throw new AppError('unsupported_media_type', 'PDF に文字情報（テキストレイヤー）がありません。スキャン画像の PDF は取り込めません');
  return text;
}
