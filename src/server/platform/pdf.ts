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

// Layout shared by the reports: section headings, notes and ruled tables.

const PDF_RULE = '#cbd2d9';
const PDF_HEAD_FILL = '#f0f4f8';

export interface PdfColumn {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

export const contentWidth = (doc: PdfDoc) => doc.page.width - PDF_MARGIN * 2;
/** The lowest y for body text: the footer lives below it. */
export const pageBottom = (doc: PdfDoc) => doc.page.height - PDF_MARGIN - 20;

export function ensureSpace(doc: PdfDoc, height: number) {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

/** A section heading with a rule under it; starts a new page rather than stand alone at the bottom. */
export function heading(doc: PdfDoc, text: string) {
  ensureSpace(doc, 80);
  doc.moveDown(0.8);
  doc.font('jp-bold').fontSize(13).fillColor(PDF_INK).text(text, PDF_MARGIN, doc.y);
  const y = doc.y + 2;
  doc.moveTo(PDF_MARGIN, y).lineTo(PDF_MARGIN + contentWidth(doc), y).lineWidth(0.8).strokeColor(PDF_INK).stroke();
  doc.y = y + 6;
}

export function note(doc: PdfDoc, text: string) {
  doc.font('jp').fontSize(9).fillColor(PDF_MUTED).text(text, PDF_MARGIN, doc.y, { width: contentWidth(doc) });
  doc.fillColor(PDF_INK);
}

/**
 * A ruled table that continues on the next page with its header repeated. `decorate` draws into a
 * row after its text (bars); `header: false` gives label/value rows without a header.
 */
export function table(doc: PdfDoc, columns: PdfColumn[], rows: string[][], options: { decorate?: (row: number, y: number, height: number) => void; header?: boolean } = {}) {
  const pad = 3;
  const width = columns.reduce((s, c) => s + c.width, 0);
  const measure = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'jp-bold' : 'jp').fontSize(8.5);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: columns[i]!.width - pad * 2 }))) + pad * 2;
  };
  const render = (cells: string[], bold: boolean, height: number) => {
    const y = doc.y;
    if (bold) doc.rect(PDF_MARGIN, y, width, height).fillColor(PDF_HEAD_FILL).fill();
    doc.fillColor(PDF_INK).font(bold ? 'jp-bold' : 'jp').fontSize(8.5);
    let x = PDF_MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + pad, y + pad, { width: columns[i]!.width - pad * 2, align: columns[i]!.align ?? 'left' });
      x += columns[i]!.width;
    });
    doc.moveTo(PDF_MARGIN, y + height).lineTo(PDF_MARGIN + width, y + height).lineWidth(0.4).strokeColor(PDF_RULE).stroke();
    doc.x = PDF_MARGIN;
    doc.y = y + height;
  };
  const head = options.header === false ? null : columns.map((c) => c.header);
  const headHeight = head ? measure(head, true) : 0;
  if (head) {
    ensureSpace(doc, headHeight * 2 + 4);
    render(head, true, headHeight);
  }
  rows.forEach((r, i) => {
    const h = measure(r, false);
    if (doc.y + h > pageBottom(doc)) {
      doc.addPage();
      if (head) render(head, true, headHeight);
    }
    const y = doc.y;
    render(r, false, h);
    options.decorate?.(i, y, h);
  });
  doc.moveDown(0.3);
}
