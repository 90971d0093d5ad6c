/**
 * A4 PDF reports with an embedded (subset) Japanese font, shared by every module's reports.
 *
 *   const pdf = await renderA4Pdf({ Title: '自己点検結果報告書' }, (doc) => { doc.font('jp').text('…'); },
 *     (doc, page, count) => doc.text(`${page} / ${count}`, …));
 *
 * Fonts are registered as 'jp' and 'jp-bold'. Without a Japanese font on the server the text
 * would not render, so that is a clear 503 rather than a broken file.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from './errors.ts';

export type PdfDoc = PDFKit.PDFDocument;

export const PDF_MARGIN = 50;
export const PDF_INK = '#1f2933';
export const PDF_MUTED = '#616e7c';

/** Debian's fonts-noto-cjk first (a TrueType collection: the face is named), then other common places. */
const FONT_CANDIDATES: { path: string; face?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKjp-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKjp-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKjp-Regular' },
  { path: '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf' },
];
const BOLD_CANDIDATES: { path: string; face?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKjp-Bold' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKjp-Bold' },
];

export function japaneseFont() {
  const regular = FONT_CANDIDATES.find((f) => fs.existsSync(f.path));
  if (!regular) {
    throw new AppError('unavailable', 'PDF に使う日本語フォントがサーバーにありません（Debian では fonts-noto-cjk を入れてください） / No Japanese font for PDF reports on the server (install fonts-noto-cjk)');
  }
  return { regular, bold: BOLD_CANDIDATES.find((f) => fs.existsSync(f.path)) ?? regular };
}

/**
 * Draws a report and then a footer on every page (pages are buffered so the footer knows the
 * page count). `page` is 1-based.
 */
export function renderA4Pdf(info: PDFKit.DocumentInfo, draw: (doc: PdfDoc) => void, footer: (doc: PdfDoc, page: number, count: number) => void): Promise<Buffer> {
  const fonts = japaneseFont();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: PDF_MARGIN, bufferPages: true, info: { Creator: 'Renkei', ...info } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('jp', fonts.regular.path, fonts.regular.face);
    doc.registerFont('jp-bold', fonts.bold.path, fonts.bold.face);
    try {
      draw(doc);
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        doc.page.margins.bottom = 0; // the footer sits in the bottom margin: no automatic page break
        footer(doc, i - range.start + 1, range.count);
      }
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
