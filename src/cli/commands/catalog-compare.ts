/**
 * `renkei catalog compare SOURCE TARGET [--json] [--top N]`: for every article (or numbered
 * section) of SOURCE, the best matching numbered sections (or articles) of TARGET with score
 * and shared key terms, and the TARGET sections that no SOURCE clause comes close to. No server,
 * no database, so a member can run it on any pair of documents and the team can evaluate the
 * matcher on any labelled pair. Bad files: message on stderr naming the file, exit code 2.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { compareRegulations } from '../../core/regulation/match.ts';
import { RegulationInputError, decodeRegulationBytes, parseRegulation } from '../../core/regulation/parse.ts';
import type { ParsedRegulation } from '../../core/regulation/types.ts';

/** Same limit as `catalog parse`: large enough for any regulation, refuses dumps. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

interface CompareCommandOptions {
  json?: boolean;
  top: number;
  maxBytes: number;
}

/** Bad input for one of the two files. */
class InputProblem extends Error {}

function parseTop(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('1〜100 の整数 / an integer from 1 to 100');
  return n;
}

function parseBytes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('正の整数（バイト数）/ a positive number of bytes');
  return n;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isPdf = (b: Uint8Array) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;

/** Text of the file: DOCX and PDF through the import extractors (loaded only then), else decoded text. */
async function fileText(file: string, bytes: Uint8Array): Promise<string> {
  const docx = isZip(bytes) && path.extname(file).toLowerCase() === '.docx';
  if (!docx && !isPdf(bytes)) return decodeRegulationBytes(bytes).text;
  const { detectFormat, docxText, pdfText } = await import('../../server/modules/catalogs/extract.ts');
  const { AppError } = await import('../../server/platform/errors.ts');
  try {
    return detectFormat(path.basename(file), bytes) === 'docx' ? await docxText(bytes) : await pdfText(bytes);
  } catch (err) {
    if (err instanceof AppError) throw new InputProblem(`${file}: ${err.message}`);
    throw err;
  }
}

async function readRegulation(file: string, maxBytes: number): Promise<ParsedRegulation> {
  let bytes: Uint8Array;
  try {
    // Refuse an oversized file before reading it whole.
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new InputProblem(`ファイルではありません / not a file: ${file}`);
    if (stat.size > maxBytes) {
      throw new InputProblem(`${file}: ファイルが大きすぎます（${stat.size} バイト、上限 ${maxBytes} バイト）/ file too large (${stat.size} bytes, limit ${maxBytes})`);
    }
    bytes = new Uint8Array(await fs.readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputProblem(`ファイルが見つかりません / no such file: ${file}`);
    if (code === 'EACCES') throw new InputProblem(`ファイルを読めません（権限がありません）/ permission denied: ${file}`);
    throw err;
  }
  try {
    return parseRegulation(await fileText(file, bytes));
  } catch (err) {
    if (err instanceof RegulationInputError) throw new InputProblem(`${file}: ${err.message}`);
    throw err;
  }
}

export function registerCatalogCompareCommand(catalog: Command): void {
  catalog
    .command('compare')
    .description(
      '2つの規程・基準を比較し、SOURCE の各条（節）に対応する TARGET の節（条）の候補と、対応のない TARGET の節を示します / ' +
        'map each article of SOURCE to the best TARGET sections and list the TARGET sections left uncovered',
    )
    .argument('<source>', '比較元の規程（テキスト UTF-8・BOM 付き UTF-16・Shift_JIS、DOCX、PDF）')
    .argument('<target>', '比較先の規程・基準（同上）')
    .option('--json', '{"mappings":[{"source","candidates":[{"target","score","terms"}]}],"uncovered":[…]} を JSON で出力します')
    .option('--top <n>', '各条に示す候補の数', parseTop, 5)
    .option('--max-bytes <n>', 'これより大きいファイルは読まずに拒否します', parseBytes, DEFAULT_MAX_BYTES)
    .action(async (sourceFile: string, targetFile: string, opts: CompareCommandOptions) => {
      let source: ParsedRegulation;
      let target: ParsedRegulation;
      try {
        source = await readRegulation(sourceFile, opts.maxBytes);
        target = await readRegulation(targetFile, opts.maxBytes);
      } catch (err) {
        if (!(err instanceof InputProblem)) throw err;
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 2;
        return;
      }
      const { mappings, uncovered } = compareRegulations(source, target, { top: opts.top });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ mappings, uncovered })}\n`);
        return;
      }
      const lines = mappings.map((m) => {
        const candidates = m.candidates.map((c) => `${c.target} ${c.score.toFixed(2)}${c.terms.length ? `（${c.terms.slice(0, 3).join('・')}）` : ''}`);
        return `${m.source}\t${candidates.join('  ') || '—'}`;
      });
      lines.push('', `対応のない節 / uncovered (${uncovered.length}): ${uncovered.join(' ') || '—'}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
