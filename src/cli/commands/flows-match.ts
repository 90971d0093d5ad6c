/**
 * `renkei flows match --indicators FILE... --members FILE [--format F] [--dns FILE... [--dns-format F]] [--sightings] [INPUT...]`:
 * the matcher over flow files and DNS logs, without a server or database, so a member (or the
 * operator) can check an archive against threat intelligence.
 *
 * Indicator files are read in any import format (detected per file, as the server's import
 * does); each file's counts and first problems go to stderr. Each INPUT is streamed through
 * its reader (nfcapd, Zeek conn.log, CSV, JSON lines; detected from its first bytes unless
 * --format) and matched batch by batch. stdout gets, with --sightings, one JSON line per
 * sighting, then one JSON summary line. Alerts here are the distinct (institution, internal
 * host, indicator) groups; the server groups over time windows instead.
 *
 * DNS logs (--dns: Zeek dns.log TSV/JSON, CSV or JSON lines with ts,client,query) are matched
 * with `matchDns` against the domain indicators: a member's client that asked for an indicator
 * domain (or a name under it) is a sighting. Flow inputs are optional when --dns is given.
 *
 * Bad input (a missing or unreadable file, an indicator file with nothing usable, a members
 * file that is not the expected JSON, a flow file of unknown format): message on stderr, exit
 * code 2, nothing on stdout. A flow file that turns out unreadable part-way is reported on
 * stderr; the others are still matched and the summary printed, with exit code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Command, InvalidArgumentError } from 'commander';
import { type FlowBatch, formatAddress } from '../../core/flows/batch.ts';
import { DNS_LOG_FORMATS, DNS_RCODES, type DnsBatch, type DnsLogFormat, DnsLogReader, type FlowFileFormat, RCODE_UNKNOWN, createFlowFileReader, detectDnsLogFormat, detectFlowFileFormat } from '../../core/flow-files/index.ts';
import type { Indicator, ParseIssue } from '../../core/intel/indicator.ts';
import { FlowMatcher, type MemberPrefixes, SIDE_SRC, Sightings, buildIndicatorIndex, buildMemberSet, matchDns } from '../../core/intel/matcher.ts';
import { detectIndicatorFormat, parseIndicators } from '../../server/modules/intel/formats.ts';

const FORMATS: readonly FlowFileFormat[] = ['nfcapd', 'zeek', 'csv', 'jsonl'];
/** Problems listed per file on stderr (the rest are counted). */
const MAX_LISTED = 10;

export class FlowsInputError extends Error {}

interface MatchOptions {
  indicators: string[];
  members: string;
  format?: FlowFileFormat;
  dns?: string[];
  dnsFormat?: DnsLogFormat;
  sightings?: boolean;
}

export interface InstitutionSummary {
  sightings: number;
  alerts: number;
  hosts: number;
}

export interface MatchSummary {
  flows: number;
  /** DNS queries read from --dns logs. */
  dnsQueries: number;
  /** Flow records and DNS log lines skipped as malformed. */
  malformed: number;
  sightings: number;
  alerts: number;
  byInstitution: Record<string, InstitutionSummary>;
  seconds: number;
  flowsPerSecond: number;
}

function parseFormat(value: string): FlowFileFormat {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`nfcapd, zeek, csv, jsonl のいずれか / one of ${FORMATS.join(', ')}`);
  return value as FlowFileFormat;
}

function parseDnsFormat(value: string): DnsLogFormat {
  if (!(DNS_LOG_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`zeek, csv, jsonl のいずれか / one of ${DNS_LOG_FORMATS.join(', ')}`);
  return value as DnsLogFormat;
}

function readText(file: string, what: string): string {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new FlowsInputError(`${what}: ファイルではありません / not a file: ${file}`);
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof FlowsInputError) throw err;
    throw new FlowsInputError(`${what}: ${describeFsError(err, file)}`);
  }
}

function describeFsError(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `ファイルが見つかりません / no such file: ${file}`;
  if (code === 'EACCES') return `ファイルを読めません（権限がありません）/ permission denied: ${file}`;
  if (code === 'EISDIR') return `ファイルではありません / not a file: ${file}`;
  return `${file}: ${(err as Error).message}`;
}

const issueText = (i: ParseIssue) => `${i.line !== undefined ? `line ${i.line}` : (i.position ?? '')}: ${i.message}`;

/** Reads and parses every indicator file; per-file report on stderr. Throws FlowsInputError for a file with nothing usable. */
export function loadIndicatorFiles(files: readonly string[], log: (line: string) => void): Indicator[] {
  const all: Indicator[] = [];
  for (const file of files) {
    const text = readText(file, 'indicators');
    const format = detectIndicatorFormat(text);
    const res = parseIndicators(format, text, { source: path.basename(file) });
    log(`indicators ${file}: ${format}, ${res.indicators.length} taken, ${res.errors.length} errors, ${res.warnings.length} warnings`);
    for (const e of res.errors.slice(0, MAX_LISTED)) log(`  error ${issueText(e)}`);
    if (res.errors.length > MAX_LISTED) log(`  … ${res.errors.length - MAX_LISTED} more errors`);
    for (const w of res.warnings.slice(0, MAX_LISTED)) log(`  warning ${issueText(w)}`);
    if (res.indicators.length === 0) {
      throw new FlowsInputError(
        res.errors.length
          ? `indicators: ${file}: 使える指標がありません（${res.errors.length} 件のエラー、最初: ${issueText(res.errors[0]!)}）/ no usable indicator (${res.errors.length} errors)`
          : `indicators: ${file}: 指標がありません / no indicator in the file`,
      );
    }
    for (const ind of res.indicators) all.push(ind);
  }
  return all;
}

/** `[{"institution": "...", "prefixes": [...], "domains"?: [...]}]`, validated with the position of what is wrong. */
export function parseMembers(text: string, file: string): MemberPrefixes[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FlowsInputError(`members: ${file}: JSON として読めません / not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data) || data.length === 0) throw new FlowsInputError(`members: ${file}: [{"institution", "prefixes": [...]}] の配列が必要です / expected a non-empty array of {"institution", "prefixes"}`);
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return data.map((m: unknown, i) => {
    const o = m as Record<string, unknown>;
    if (!o || typeof o !== 'object') throw new FlowsInputError(`members: ${file}: [${i}] はオブジェクトではありません / is not an object`);
    if (typeof o.institution !== 'string' || !o.institution.trim()) throw new FlowsInputError(`members: ${file}: [${i}].institution が文字列ではありません / must be a non-empty string`);
    if (!isStrings(o.prefixes)) throw new FlowsInputError(`members: ${file}: [${i}].prefixes は文字列の配列です / must be an array of strings`);
    if (o.domains !== undefined && !isStrings(o.domains)) throw new FlowsInputError(`members: ${file}: [${i}].domains は文字列の配列です / must be an array of strings`);
    return { institution: o.institution, prefixes: o.prefixes, ...(o.domains ? { domains: o.domains as string[] } : {}) };
  });
}

/** Checks that `file` is a readable file and returns its first bytes (empty when it is empty). */
function readHead(file: string, what: string): Uint8Array {
  let fd: number;
  try {
    if (!fs.statSync(file).isFile()) throw new FlowsInputError(`${what}: ファイルではありません / not a file: ${file}`);
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if (err instanceof FlowsInputError) throw err;
    throw new FlowsInputError(`${what}: ${describeFsError(err, file)}`);
  }
  try {
    const head = new Uint8Array(8192);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

function detectInput(file: string, forced: FlowFileFormat | undefined): FlowFileFormat {
  const head = readHead(file, 'input');
  if (forced) return forced;
  if (head.length === 0) throw new FlowsInputError(`input: 空のファイルです / empty file: ${file}`);
  const format = detectFlowFileFormat(head);
  if (!format) throw new FlowsInputError(`input: ${file}: 形式を判別できません（nfcapd, Zeek conn.log, CSV, JSON lines）。--format で指定してください / unknown flow file format; name it with --format`);
  return format;
}

function detectDns(file: string, forced: DnsLogFormat | undefined): DnsLogFormat {
  const head = readHead(file, 'dns');
  if (head.length === 0) throw new FlowsInputError(`dns: 空のファイルです / empty file: ${file}`);
  const path = /^#path\t(\S+)/m.exec(new TextDecoder().decode(head))?.[1];
  if (path && path !== 'dns') throw new FlowsInputError(`dns: ${file}: Zeek の ${path}.log で、dns.log ではありません / this is Zeek's ${path}.log, not dns.log`);
  if (forced) return forced;
  const format = detectDnsLogFormat(head);
  if (!format) throw new FlowsInputError(`dns: ${file}: DNS ログの形式を判別できません（Zeek dns.log, CSV, JSON lines）。--dns-format で指定してください / unknown DNS log format; name it with --dns-format`);
  return format;
}

async function write(line: string): Promise<void> {
  if (!process.stdout.write(line)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

export async function runFlowsMatch(inputs: readonly string[], opts: MatchOptions): Promise<number> {
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  // Everything that can be checked before reading flows is checked first: bad input prints nothing on stdout.
  const members = parseMembers(readText(opts.members, 'members'), opts.members);
  let memberSet;
  try {
    memberSet = buildMemberSet(members);
  } catch (err) {
    throw new FlowsInputError(`members: ${opts.members}: ${(err as Error).message}`);
  }
  const dnsFiles = opts.dns ?? [];
  if (inputs.length === 0 && dnsFiles.length === 0) throw new FlowsInputError('照合するフローファイルまたは --dns の DNS ログを指定してください / name flow files or DNS logs (--dns)');
  const formats = inputs.map((f) => detectInput(f, opts.format));
  const dnsFormats = dnsFiles.map((f) => detectDns(f, opts.dnsFormat));
  const t0 = performance.now();
  const indicators = loadIndicatorFiles(opts.indicators, log);
  // Archives: an indicator matches flows that started before it expired (checked per flow), so nothing is dropped at build time.
  const index = buildIndicatorIndex(indicators, -Infinity);
  const c = index.counts;
  log(`indicators: ${c.addresses} addresses/ranges indexed, ${c.domains} domains ${dnsFiles.length ? 'indexed for the DNS logs' : '(matched only against DNS logs: --dns)'}, ${c.notMatchable} URLs/hashes not matchable, ${c.invalid} invalid; loaded in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

  const matcher = new FlowMatcher(memberSet.addresses, index.addresses, { validUntil: index.validUntil });
  const sightings = new Sightings(2 * 65_536 + 2);
  const summary: MatchSummary = { flows: 0, dnsQueries: 0, malformed: 0, sightings: 0, alerts: 0, byInstitution: {}, seconds: 0, flowsPerSecond: 0 };
  const alertKeys = new Set<string>();
  const hosts = new Map<string, Set<string>>();
  const out: string[] = [];
  let failed = false;

  /** Counts one sighting; whether it opened a new (institution, host, indicator) group. */
  const count = (inst: string, internalHost: string, indicator: number): void => {
    const by = (summary.byInstitution[inst] ??= { sightings: 0, alerts: 0, hosts: 0 });
    summary.sightings++;
    by.sightings++;
    const key = `${inst}\t${internalHost}\t${indicator}`;
    if (!alertKeys.has(key)) {
      alertKeys.add(key);
      summary.alerts++;
      by.alerts++;
    }
    let h = hosts.get(inst);
    if (!h) hosts.set(inst, (h = new Set()));
    if (!h.has(internalHost)) {
      h.add(internalHost);
      by.hosts++;
    }
  };

  const onBatch = (batch: FlowBatch): void => {
    summary.flows += batch.length;
    let from = 0;
    while (from < batch.length) {
      sightings.clear();
      from = matcher.match(batch, sightings, from);
      for (let k = 0; k < sightings.length; k++) {
        const row = sightings.row[k]!;
        const inst = members[sightings.institution[k]!]!.institution;
        const ind = indicators[sightings.indicator[k]!]!;
        const outbound = sightings.side[k] === SIDE_SRC;
        const f = batch.family[row]!;
        const internalHost = formatAddress(outbound ? batch.src : batch.dst, row, f);
        count(inst, internalHost, sightings.indicator[k]!);
        if (opts.sightings) {
          const start = batch.start[row]!;
          out.push(
            JSON.stringify({
              kind: 'flow',
              time: Number.isFinite(start) && start > 0 ? new Date(start).toISOString() : null,
              institution: inst,
              internalHost,
              internalPort: outbound ? batch.srcPort[row] : batch.dstPort[row],
              externalHost: formatAddress(outbound ? batch.dst : batch.src, row, f),
              externalPort: outbound ? batch.dstPort[row] : batch.srcPort[row],
              proto: batch.proto[row],
              bytes: batch.bytes[row],
              packets: batch.packets[row],
              indicator: ind.value,
              category: ind.category ?? null,
              direction: outbound ? 'outbound' : 'inbound',
            }),
          );
        }
      }
    }
  };

  const dnsSightings = new Sightings(65_536);
  const onDnsBatch = (batch: DnsBatch): void => {
    summary.dnsQueries += batch.length;
    let from = 0;
    while (from < batch.length) {
      dnsSightings.clear();
      from = matchDns(batch, memberSet.addresses, index.domains, dnsSightings, { validUntil: index.validUntil }, from);
      for (let k = 0; k < dnsSightings.length; k++) {
        const row = dnsSightings.row[k]!;
        const inst = members[dnsSightings.institution[k]!]!.institution;
        const ind = indicators[dnsSightings.indicator[k]!]!;
        const client = formatAddress(batch.client, row, batch.family[row]!);
        count(inst, client, dnsSightings.indicator[k]!);
        if (opts.sightings) {
          const start = batch.start[row]!;
          const rcode = batch.rcode[row]!;
          out.push(
            JSON.stringify({
              kind: 'dns',
              time: Number.isFinite(start) && start > 0 ? new Date(start).toISOString() : null,
              institution: inst,
              internalHost: client,
              query: batch.query[row],
              rcode: rcode === RCODE_UNKNOWN ? null : (DNS_RCODES[rcode] ?? null),
              indicator: ind.value,
              category: ind.category ?? null,
              direction: 'outbound',
            }),
          );
        }
      }
    }
  };

  const flush = async () => {
    if (out.length === 0) return;
    const text = `${out.join('\n')}\n`;
    out.length = 0;
    await write(text);
  };

  const t1 = performance.now();
  for (let i = 0; i < inputs.length; i++) {
    const file = inputs[i]!;
    const reader = createFlowFileReader(formats[i]!, (b) => onBatch(b), { reuseBatch: true, fileIndex: i });
    try {
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
        reader.push(chunk as Buffer);
        await flush();
      }
    } catch (err) {
      log(`input ${file}: ${describeFsError(err, file)}`);
      failed = true;
    }
    const report = reader.end();
    await flush();
    summary.malformed += report.skipped;
    const issues = report.issues.filter((x) => x !== report.fatal);
    if (report.skipped || report.fatal || issues.length) {
      log(`input ${file}: ${report.format}, ${report.flows} flows, ${report.skipped} skipped${report.complete ? '' : ', incomplete'}`);
      for (const x of issues.slice(0, MAX_LISTED)) log(`  ${x.line !== undefined ? `line ${x.line}` : x.block !== undefined ? `block ${x.block}` : `offset ${x.offset ?? '?'}`}: ${x.message}`);
      if (report.issuesOmitted || issues.length > MAX_LISTED) log(`  … ${report.issuesOmitted + Math.max(0, issues.length - MAX_LISTED)} more`);
    }
    if (report.fatal) {
      log(`error: input ${file}: ${report.fatal.message}`);
      failed = true;
    }
  }
  for (let i = 0; i < dnsFiles.length; i++) {
    const file = dnsFiles[i]!;
    const reader = new DnsLogReader(onDnsBatch, { reuseBatch: true, format: dnsFormats[i] });
    try {
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
        reader.push(chunk as Buffer);
        await flush();
      }
    } catch (err) {
      log(`dns ${file}: ${describeFsError(err, file)}`);
      failed = true;
    }
    const report = reader.end();
    await flush();
    summary.malformed += report.skipped;
    const issues = report.issues.filter((x) => x !== report.fatal);
    log(`dns ${file}: ${report.format}, ${report.queries} queries, ${report.skipped} skipped${report.complete ? '' : ', incomplete'}`);
    for (const x of issues.slice(0, MAX_LISTED)) log(`  line ${x.line ?? '?'}: ${x.message}`);
    if (report.issuesOmitted || issues.length > MAX_LISTED) log(`  … ${report.issuesOmitted + Math.max(0, issues.length - MAX_LISTED)} more`);
    if (report.fatal) {
      log(`error: dns ${file}: ${report.fatal.message}`);
      failed = true;
    }
  }
  summary.seconds = Number(((performance.now() - t1) / 1000).toFixed(3));
  summary.flowsPerSecond = summary.seconds > 0 ? Math.round(summary.flows / ((performance.now() - t1) / 1000)) : summary.flows;
  await write(`${JSON.stringify(summary)}\n`);
  return failed ? 2 : 0;
}

export function registerFlowsMatchCommand(flows: Command): void {
  flows
    .command('match')
    .description('フローファイルと DNS ログを脅威情報と照合し、JSON で集計を出力します（サーバー不要）/ match flow files and DNS logs against indicators, print a JSON summary')
    .argument('[input...]', 'フローファイル（nfcapd, Zeek conn.log, CSV, JSON lines）。--dns を指定したときは省略可')
    .requiredOption('--indicators <file...>', '指標ファイル（STIX 2.1, MISP, ブロックリスト, Feodo CSV/JSON, Zeek intel; 形式は自動判定）')
    .requiredOption('--members <file>', '参加機関のアドレス登録 JSON: [{"institution", "prefixes": [...], "domains"?: [...]}]')
    .option('--format <format>', 'フローファイルの形式（nfcapd|zeek|csv|jsonl）。省略時は自動判定', parseFormat)
    .option('--dns <file...>', 'DNS ログ（Zeek dns.log の TSV / JSON、ts,client,query の CSV・JSON lines）。ドメインの指標と照合します')
    .option('--dns-format <format>', 'DNS ログの形式（zeek|csv|jsonl）。省略時は自動判定', parseDnsFormat)
    .option('--sightings', '各検知（sighting）を JSON lines で集計の前に出力します')
    .addHelpText(
      'after',
      '\n出力 / output: {"flows", "dnsQueries", "malformed", "sightings", "alerts", "byInstitution": {"<機関>": {"sightings", "alerts", "hosts"}}, "seconds", "flowsPerSecond"}\n' +
        'alerts = (機関, 内部ホスト, 指標) の組の数。byInstitution には検知のあった機関だけが入ります。\n' +
        '不正な入力は stderr にメッセージ、終了コード 2。',
    )
    .action(async (inputs: string[], opts: MatchOptions) => {
      try {
        process.exitCode = await runFlowsMatch(inputs, opts);
      } catch (err) {
        if (err instanceof FlowsInputError) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
