/**
 * `renkei catalog parse FILE [--json]`: a regulation file (UTF-8, UTF-16 with BOM or
 * Shift_JIS text) to its clause tree, without a server or database, so a member can check how
 * Renkei reads their rules before importing them. Bad files: message on stderr, exit code 2.
 */
import fs from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { formatOutline } from '../../core/regulation/outline-text.ts';
import { RegulationInputError, decodeRegulationBytes, parseRegulation } from '../../core/regulation/parse.ts';
import type { RegulationForm } from '../../core/regulation/parse.ts';

/** Large enough for any regulation as text (the 131 KB standard is typical); refuses dumps. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

interface ParseCommandOptions {
  json?: boolean;
  form?: RegulationForm;
  maxBytes: number;
}

function parseForm(value: string): RegulationForm {
  if (value !== 'article' && value !== 'outline') throw new InvalidArgumentError('article または outline / article or outline');
  return value;
}

function parseBytes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('正の整数（バイト数）/ a positive number of bytes');
  return n;
}

/** Bad input: a message on stderr and exit code 2 (the CLI's convention for bad input). */
function fail(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 2;
}

export function registerCatalogParseCommand(catalog: Command): void {
  catalog
    .command('parse')
    .description('規程・基準のテキストファイルを条項ツリーに変換して表示します / parse a regulation text file into its clause tree')
    .argument('<file>', '規程のテキストファイル（UTF-8、BOM 付き UTF-16、Shift_JIS）')
    .option('--json', '{title, form, clauses, unplaced} を JSON で出力します')
    .option('--form <form>', '形式を指定します（article: 第N条形式, outline: 1.1/(1)/① 形式）。省略時は自動判定', parseForm)
    .option('--max-bytes <n>', 'これより大きいファイルは読まずに拒否します', parseBytes, DEFAULT_MAX_BYTES)
    .action(async (file: string, opts: ParseCommandOptions) => {
      let bytes: Uint8Array;
      try {
        // Refuse an oversized file before reading it whole.
        const stat = await fs.stat(file);
        if (!stat.isFile()) return fail(`ファイルではありません / not a file: ${file}`);
        if (stat.size > opts.maxBytes) {
          return fail(`ファイルが大きすぎます（${stat.size} バイト、上限 ${opts.maxBytes} バイト）/ file too large (${stat.size} bytes, limit ${opts.maxBytes})`);
        }
        bytes = await fs.readFile(file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return fail(`ファイルが見つかりません / no such file: ${file}`);
        if (code === 'EACCES') return fail(`ファイルを読めません（権限がありません）/ permission denied: ${file}`);
        throw err;
      }

      try {
        const { text } = decodeRegulationBytes(bytes);
        const parsed = parseRegulation(text, opts.form ? { form: opts.form } : {});
        if (opts.json) {
          const { title, form, clauses, unplaced } = parsed;
          process.stdout.write(`${JSON.stringify({ title, form, clauses, unplaced })}\n`);
        } else {
          process.stdout.write(formatOutline(parsed));
        }
      } catch (err) {
        if (err instanceof RegulationInputError) return fail(`${file}: ${err.message}`);
        throw err;
      }
    });
}
