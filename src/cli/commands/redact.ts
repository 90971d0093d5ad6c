/**
 * `renkei redact --profile PROFILE.json [--directory DIR.json] [--apply] [--labels ja|en] [FILE]`:
 * proposes redactions for an incident report before it is shared with the consortium, without
 * a server or database. Reads FILE (UTF-8) or standard input; prints the proposals as a JSON
 * array `[{start, end, text, kind}]` (offsets in UTF-16 code units), or with --apply the text
 * with every proposal replaced by its label (［氏名］, ［メール］ …).
 *
 * Bad input (no or unreadable profile, a profile or directory that is not the expected JSON,
 * an unreadable or oversized report): message on stderr, exit code 2, nothing on stdout.
 */
import fs from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import {
  LABELS_EN,
  LABELS_JA,
  type MemberDirectory,
  RedactionInputError,
  applyRedactions,
  parseInstitutionProfile,
  parseMemberDirectory,
  proposeRedactions,
} from '../../core/redaction/index.ts';

/** Reports are text; anything larger is not one. */
const MAX_REPORT_BYTES = 10 * 1024 * 1024;

interface RedactOptions {
  profile?: string;
  directory?: string;
  apply?: boolean;
  labels: 'ja' | 'en';
}

class BadInput extends Error {}

function parseLabels(value: string): 'ja' | 'en' {
  if (value !== 'ja' && value !== 'en') throw new InvalidArgumentError('ja または en / ja or en');
  return value;
}

async function readFileText(file: string, what: string, maxBytes = MAX_REPORT_BYTES): Promise<string> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new BadInput(`${what}: ファイルではありません / not a file: ${file}`);
    if (stat.size > maxBytes) throw new BadInput(`${what}: ファイルが大きすぎます（${stat.size} バイト、上限 ${maxBytes} バイト）/ file too large: ${file}`);
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof BadInput) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BadInput(`${what}: ファイルが見つかりません / no such file: ${file}`);
    if (code === 'EACCES') throw new BadInput(`${what}: ファイルを読めません（権限がありません）/ permission denied: ${file}`);
    throw new BadInput(`${what}: ${file}: ${(err as Error).message}`);
  }
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readFileText(file, what, 1024 * 1024);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BadInput(`${what}: JSON として読めません / not valid JSON: ${file}: ${(err as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_REPORT_BYTES) throw new BadInput(`標準入力が大きすぎます（上限 ${MAX_REPORT_BYTES} バイト）/ standard input too large`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function registerRedactCommand(program: Command): void {
  program
    .command('redact')
    .description('インシデント報告を共有する前に、機関や個人を特定できる箇所の墨消し候補を示します / propose redactions for an incident report')
    .argument('[file]', '報告のテキストファイル（UTF-8）。省略時は標準入力')
    .option('--profile <file>', '機関プロファイル（JSON: {"name", "aliases": [], "domains": [], "prefixes": []}）')
    .option('--directory <file>', '構成員名簿（JSON: {"names": [], "emails": [], "accounts": []}）')
    .option('--apply', '候補をすべて適用した本文を出力します（既定は候補の JSON）')
    .option('--labels <lang>', '--apply で使うラベルの言語（ja: ［氏名］, en: [NAME]）', parseLabels, 'ja')
    .action(async (file: string | undefined, opts: RedactOptions) => {
      try {
        if (!opts.profile) throw new BadInput('--profile で機関プロファイル（JSON）を指定してください / --profile PROFILE.json is required');
        const profile = parseInstitutionProfile(await readJson(opts.profile, 'プロファイル / profile'));
        let directory: MemberDirectory | undefined;
        if (opts.directory) directory = parseMemberDirectory(await readJson(opts.directory, '構成員名簿 / directory'));
        const text = (file === undefined || file === '-' ? await readStdin() : await readFileText(file, '報告 / report')).replace(/^\uFEFF/, '');
        // Loaded here, not at start-up: other commands need neither kuromoji nor its dictionary.
        const { loadJapaneseTokenizer } = await import('../../server/platform/japanese-tokenizer.ts');
        const tokenizer = await loadJapaneseTokenizer();
        const spans = proposeRedactions(text, profile, { tokenizer, ...(directory ? { directory } : {}) });
        if (opts.apply) process.stdout.write(applyRedactions(text, spans, undefined, opts.labels === 'en' ? LABELS_EN : LABELS_JA));
        else process.stdout.write(`${JSON.stringify(spans, null, 2)}\n`);
      } catch (err) {
        if (err instanceof BadInput || err instanceof RedactionInputError) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
