/**
 * The yearly incident summary as documents for the CISO and the security committee (PDF and Excel).
 * Same permission and figures as the JSON summary (service.yearlySummary); each download is audit-logged.
 */
import type { Actor } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import type { Deps } from '../../platform/deps.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import * as repo from './repo.ts';
import { yearlySummary } from './service.ts';
import { summaryPdf } from './summary-pdf.ts';
import { summaryWorkbook } from './summary-xlsx.ts';

export type SummaryReportData = Awaited<ReturnType<typeof summaryReportData>>;

export async function summaryReportData(deps: Deps, actor: Actor, fiscalYear?: number) {
  const summary = await yearlySummary(deps, actor, fiscalYear);
  const [institution, learnings] = await Promise.all([
    deps.db.selectFrom('institutions').select(['name_ja', 'name_en']).where('id', '=', summary.institutionId).executeTakeFirst(),
    repo.learningsOf(deps.db, summary.institutionId, { fiscalYear: summary.fiscalYear }),
  ]);
  return {
    ...summary,
    title: `${summary.fiscalYearLabel} 情報セキュリティインシデント年次報告`,
    institution: { nameJa: institution?.name_ja ?? '', nameEn: institution?.name_en ?? '' },
    generatedAtJst: formatJst(summary.generatedAt),
    periodJst: `${formatJst(summary.from).slice(0, 10)} 〜 ${formatJst(new Date(new Date(summary.to).getTime() - 1)).slice(0, 10)}`,
    learnings: [...learnings].reverse().map((l) => ({ kind: l.kind, title: l.title, improvement: l.improvement, occurredOn: l.occurred_on })),
  };
}

/** A file name for the download, safe for Content-Disposition. */
export function summaryFilename(d: SummaryReportData, ext: 'pdf' | 'xlsx') {
  return `インシデント年次報告_${d.fiscalYear}年度_${d.institution.nameJa}.${ext}`.replace(/[\\/:*?"<>|\r\n]+/g, '_');
}

const MEDIA = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** Renders the summary and records the download (who, which year, which format) in the audit log. */
export async function exportSummary(deps: Deps, actor: Actor, fiscalYear: number | undefined, format: 'pdf' | 'xlsx') {
  const data = await summaryReportData(deps, actor, fiscalYear);
  const bytes = format === 'pdf' ? await summaryPdf(data) : await summaryWorkbook(data);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, actor, { action: 'incident.summary_export', objectType: 'incident_summary', objectId: String(data.fiscalYear), institutionId: data.institutionId, changes: { fiscalYear: data.fiscalYear, format } }, deps.now()));
  return { bytes, mediaType: MEDIA[format], filename: summaryFilename(data, format) };
}
