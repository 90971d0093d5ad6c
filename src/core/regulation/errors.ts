/**
 * The one error a regulation import raises for input it cannot use. The message is shown to the
 * person who uploaded the file, so it says in Japanese and English what is wrong and what to do;
 * `code` lets the HTTP layer and the CLI react without parsing the text.
 */
export type RegulationInputErrorCode =
  | 'empty' //        no bytes, or only whitespace
  | 'binary' //       NUL or control bytes: not a text file
  | 'zip' //          ZIP container: DOCX/XLSX/PPTX or an archive
  | 'office_legacy' // OLE2 compound file: .doc/.xls from before 2007
  | 'pdf' //          PDF: goes through the PDF text-layer importer
  | 'image' //        PNG, JPEG, GIF, TIFF, BMP, WebP
  | 'encoding' //     bytes that are not UTF-8, UTF-16 with BOM or Shift_JIS
  | 'no_structure'; // text, but no 第N条 / 1.1 / (1) … clause structure at all

export class RegulationInputError extends Error {
  constructor(
    readonly code: RegulationInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegulationInputError';
  }
}

/** Both languages in one message: the UI and the CLI show it as is. */
export function inputError(code: RegulationInputErrorCode, ja: string, en: string): RegulationInputError {
  return new RegulationInputError(code, `${ja} / ${en}`);
}
