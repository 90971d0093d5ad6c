/**
 * Reads a PDF the way a person would check it, with Debian's poppler-utils (installed by .ci/run):
 * its metadata, fonts and text, and each page rendered to pixels to see that it is not blank.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const hasPoppler = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface PageInk {
  width: number;
  height: number;
  /** Share of non-white pixels. */
  darkShare: number;
}

/** Size and share of non-white pixels of a PPM (P6) image. */
function ink(ppm: Buffer): PageInk {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'))!;
  const pixels = ppm.subarray(header[0].length);
  let dark = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! < 600) dark++;
  return { width: Number(header[1]), height: Number(header[2]), darkShare: dark / (pixels.length / 3) };
}

export interface PdfReading {
  pages: number;
  /** pdfinfo's output (Title:, Pages: …). */
  info: string;
  /** pdffonts' table. */
  fonts: string;
  /** pdftotext -layout. */
  text: string;
  /** Every page rendered at 40 dpi. */
  pageInk: PageInk[];
}

/** Set RENKEI_KEEP_REPORT=FILE to keep a copy of the PDF for a look. */
export function readPdf(bytes: Buffer): PdfReading {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, bytes);
    if (process.env.RENKEI_KEEP_REPORT) fs.copyFileSync(file, process.env.RENKEI_KEEP_REPORT);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', '40', file, path.join(dir, 'page')]);
    const pageInk = fs.readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort().map((f) => ink(fs.readFileSync(path.join(dir, f))));
    return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]), info, fonts, text, pageInk };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
