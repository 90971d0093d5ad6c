/**
 * Imports of a member's archived logs (POST /api/v1/flows/imports): DNS logs, so that domain
 * indicators match in the product too, and flow files. The file is read with the flow-file
 * readers, matched against the matcher the live pipeline builds from the database (enabled
 * sources, unexpired indicators; with the domain indicators for DNS logs), and the sightings
 * go through the alert service's ingest, so they group into alerts with urgency as live ones do.
 *
 * Who: the operator (sightings of every member are kept) and a member's CSIRT (only sightings
 * whose member side lies in its own institution's prefixes are kept; the rest are counted as
 * outside its networks and dropped). A file that cannot be read as the kind asked for (unknown
 * format, fatal reader error, no usable row) is refused with nothing changed; malformed lines
 * are skipped and reported with their numbers. The sightings, the alerts they create or extend
 * and the audit record of the import are written in one transaction.
 */
import { type Actor, SYSTEM_ACTOR, can } from '../../../core/access.ts';
import type { FlowBatch } from '../../../core/flows/batch.ts';
import { formatAddress } from '../../../core/flows/batch.ts';
import {
  DNS_LOG_FORMATS, type DnsBatch, type DnsLogFormat, DnsLogReader, type FlowFileFormat, type ImportIssue, createFlowFileReader, detectDnsLogFormat, detectFlowFileFormat, messageHalves,
} from '../../../core/flow-files/index.ts';
import { Sightings, matchDns } from '../../../core/intel/matcher.ts';
import { buildMatcherState, flowSightingInput } from '../../flows/pipeline.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { UploadedFile } from '../../platform/uploads.ts';
import { type SightingInput, ingestSightingsIn } from './service.ts';

export const IMPORT_KINDS = ['dns', 'flows'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const FLOW_FORMATS: readonly FlowFileFormat[] = ['nfcapd', 'zeek', 'csv', 'jsonl'];
/** Problems listed in the report (the rest are counted). */
const MAX_ISSUES = 20;
/** Sightings per ingest call inside the import's transaction. */
const CHUNK = 5000;
/** Times later than this after the import are not believed (as the live pipeline). */
const FUTURE_MS = 30 * 60_000;

export interface LogImportReport {
  kind: ImportKind;
  format: DnsLogFormat | FlowFileFormat;
  filename: string;
  /** DNS queries or flows read. */
  rows: number;
  /** Lines or records skipped as malformed. */
  malformed: number;
  /** The first malformed lines (line number, or byte offset for nfcapd), with the reason. */
  issues: ImportIssue[];
  issuesOmitted: number;
  /** Sightings kept (and ingested). */
  sightings: number;
  /** Sightings of other members dropped (a CSIRT's import keeps its own only). */
  outsideYourNetworks: number;
  /** Sightings whose times were missing or in the future: the import time stands in. */
  badTimes: number;
  alertsCreated: number;
  alertsUpdated: number;
  alertsSent: number;
  alerts: string[];
  /** Indicators matched against: addresses and ranges, domains (DNS logs only). */
  indicators: { addresses: number; domains: number };
}

const denied = () => new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');
const refuse = (ja: string, en: string, details: { path: string; message: string }[] = []) => new AppError('validation', `${ja} / ${en}`, details);

function pickFormat(kind: ImportKind, bytes: Uint8Array, asked: string | undefined): DnsLogFormat | FlowFileFormat {
  const allowed: readonly string[] = kind === 'dns' ? DNS_LOG_FORMATS : FLOW_FORMATS;
  if (asked !== undefined) {
    if (!allowed.includes(asked)) {
      throw refuse(`${kind === 'dns' ? 'DNS ログ' : 'フローファイル'}の形式は ${allowed.join(', ')} のいずれかです`, `format must be one of ${allowed.join(', ')} for kind=${kind}`, [{ path: 'query.format', message: 'not allowed for this kind' }]);
    }
    return asked as DnsLogFormat | FlowFileFormat;
  }
  const head = bytes.subarray(0, 8192);
  if (kind === 'dns') {
    const zeekPath = /^#path\t(\S+)/m.exec(new TextDecoder().decode(head))?.[1];
    if (zeekPath && zeekPath !== 'dns') throw refuse(`Zeek の ${zeekPath}.log で、DNS ログ（dns.log）ではありません`, `this is Zeek's ${zeekPath}.log, not dns.log`, [{ path: 'file', message: 'not a DNS log' }]);
    const f = detectDnsLogFormat(head);
    if (!f) throw refuse('DNS ログの形式を判別できません（Zeek dns.log、CSV、JSON lines）。形式を指定してください', 'unknown DNS log format; name it with format', [{ path: 'file', message: 'unknown format' }]);
    return f;
  }
  const f = detectFlowFileFormat(head);
  if (!f) throw refuse('フローファイルの形式を判別できません（nfcapd、Zeek conn.log、CSV、JSON lines）。形式を指定してください', 'unknown flow file format; name it with format', [{ path: 'file', message: 'unknown format' }]);
  return f;
}

const issueWhere = (i: ImportIssue) => (i.line !== undefined ? `${i.line} 行目` : i.block !== undefined ? `ブロック ${i.block}` : `オフセット ${i.offset ?? '?'}`);

export async function importLogs(deps: Deps, actor: Actor, file: UploadedFile, kind: ImportKind, askedFormat?: string): Promise<LogImportReport> {
  if (!can.importFlowLogs(actor, actor.institutionId)) throw denied();
  const operator = can.reviewFlowAlerts(actor);
  const format = pickFormat(kind, file.bytes, askedFormat);

  const { state, info } = await buildMatcherState(deps, { domains: kind === 'dns' });
  const own = operator ? -1 : state.institutionIds.indexOf(actor.institutionId ?? '');
  const nowMs = deps.now().getTime();
  const counters = { badTimes: 0 };
  const kept: SightingInput[] = [];
  let outside = 0;
  const out = new Sightings(8192);
  const keep = (k: number): boolean => {
    if (operator || out.institution[k] === own) return true;
    outside++;
    return false;
  };

  let report: { rows: number; skipped: number; fatal?: ImportIssue | undefined; issues: ImportIssue[]; issuesOmitted: number };
  if (kind === 'dns') {
    const onBatch = (b: DnsBatch) => {
      let from = 0;
      while (from < b.length) {
        out.clear();
        from = matchDns(b, state.matcher.members, state.domains, out, { validUntil: state.validUntil }, from);
        for (let k = 0; k < out.length; k++) {
          if (!keep(k)) continue;
          const row = out.row[k]!;
          let start = b.start[row]!;
          if (!(start > 0 && start <= nowMs + FUTURE_MS)) {
            counters.badTimes++;
            start = nowMs;
          }
          const at = new Date(start).toISOString();
          kept.push({
            kind: 'dns', institutionId: state.institutionIds[out.institution[k]!]!, indicatorId: state.indicatorIds.get(out.indicator[k]!),
            internalHost: formatAddress(b.client, row, b.family[row]!), remoteAddress: b.query[row]!, internalIsSource: true,
            // A query to a resolver: no traffic with the indicator itself is known.
            proto: 17, srcPort: 0, dstPort: 53, tcpFlags: 0, bytes: 0, packets: 0, start: at, end: at,
          });
        }
      }
    };
    const reader = new DnsLogReader(onBatch, { format: format as DnsLogFormat, reuseBatch: true, maxIssues: MAX_ISSUES });
    reader.push(file.bytes);
    const r = reader.end();
    report = { rows: r.queries, skipped: r.skipped, fatal: r.fatal, issues: r.issues, issuesOmitted: r.issuesOmitted };
  } else {
    const onBatch = (b: FlowBatch) => {
      let from = 0;
      while (from < b.length) {
        out.clear();
        from = state.matcher.match(b, out, from);
        for (let k = 0; k < out.length; k++) if (keep(k)) kept.push(flowSightingInput(state, b, out, k, nowMs, counters));
      }
    };
    const reader = createFlowFileReader(format as FlowFileFormat, (b) => onBatch(b), { reuseBatch: true, maxIssues: MAX_ISSUES });
    reader.push(file.bytes);
    const r = reader.end();
    report = { rows: r.flows, skipped: r.skipped, fatal: r.fatal, issues: r.issues, issuesOmitted: r.issuesOmitted };
  }

  if (report.fatal) {
    const [ja, en] = messageHalves(report.fatal.message);
    throw refuse(`ファイルを読めません（${issueWhere(report.fatal)}: ${ja}）。何も取り込んでいません`, `the file cannot be read (${en}); nothing was imported`, [{ path: 'file', message: report.fatal.message }]);
  }
  if (report.rows === 0) {
    const first = report.issues[0];
    throw refuse(`読める行がありません${first ? `（${report.skipped} 行を飛ばしました。最初: ${issueWhere(first)}: ${messageHalves(first.message)[0]}）` : ''}。何も取り込んでいません`, 'no usable row in the file; nothing was imported', report.issues.slice(0, 5).map((i) => ({ path: `file.line.${i.line ?? i.offset ?? 0}`, message: i.message })));
  }

  const result: LogImportReport = {
    kind, format, filename: file.filename, rows: report.rows, malformed: report.skipped, issues: report.issues, issuesOmitted: report.issuesOmitted,
    sightings: kept.length, outsideYourNetworks: outside, badTimes: counters.badTimes, alertsCreated: 0, alertsUpdated: 0, alertsSent: 0, alerts: [],
    indicators: { addresses: info.addresses, domains: info.domains ?? 0 },
  };
  await deps.db.transaction().execute(async (trx) => {
    const created = new Set<string>();
    const updated = new Set<string>();
    const sent = new Set<string>();
    for (let i = 0; i < kept.length; i += CHUNK) {
      // Detection is the system's work whoever uploaded the file; the import itself is audited under the uploader.
      const r = await ingestSightingsIn(trx, deps, kept.slice(i, i + CHUNK), SYSTEM_ACTOR);
      for (const id of r.created) created.add(id);
      for (const id of r.updated) if (!created.has(id)) updated.add(id);
      for (const id of r.sent) sent.add(id);
    }
    result.alertsCreated = created.size;
    result.alertsUpdated = updated.size;
    result.alertsSent = sent.size;
    result.alerts = [...created, ...updated];
    await recordAudit(trx, actor, {
      action: 'flows.import', objectType: 'flow_log_import', institutionId: operator ? null : actor.institutionId,
      changes: {
        kind, format, filename: file.filename, bytes: file.bytes.length, rows: result.rows, malformed: result.malformed, sightings: result.sightings,
        outsideYourNetworks: outside, alertsCreated: result.alertsCreated, alertsUpdated: result.alertsUpdated, alertsSent: result.alertsSent,
      },
    }, deps.now());
  });
  return result;
}
