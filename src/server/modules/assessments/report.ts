/**
 * The campaign report for the CISO (自己点検結果報告書): one set of figures — summary, chapters,
 * departments, comparison with the previous fiscal year, improvement items and the items not
 * (fully) implemented — rendered as PDF (report-pdf.ts) and Excel (report-xlsx.ts).
 * Readable by whoever may see the campaign's results (its reviewer, administrators and CISO).
 */
import type { Actor } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import type { Deps } from '../../platform/deps.ts';
import { listImprovements } from './improvements.ts';
import { campaignComparison, campaignProgress, campaignResults, getCampaign, listItems } from './service.ts';

export type ReportData = Awaited<ReturnType<typeof reportData>>;

export async function reportData(deps: Deps, actor: Actor, campaignId: string) {
  // campaignResults checks the permission (results are for reviewers); the rest follows it.
  const results = await campaignResults(deps, actor, campaignId);
  const [campaign, progress, comparison, improvements, items] = await Promise.all([
    getCampaign(deps, actor, campaignId),
    campaignProgress(deps, actor, campaignId),
    campaignComparison(deps, actor, campaignId),
    listImprovements(deps, actor, { campaignId }),
    listItems(deps, actor, campaignId),
  ]);
  const textOf = new Map(items.map((i) => [i.id, i.text]));
  const institution = actor.institutionId
    ? await deps.db.selectFrom('institutions').select(['name_ja', 'name_en']).where('id', '=', actor.institutionId).executeTakeFirst()
    : undefined;
  const shortfalls = results.items.filter((i) => i.partial + i.notImplemented > 0).map((i) => ({ ...i, text: textOf.get(i.itemId) ?? null }));
  return {
    campaign, institution: { nameJa: institution?.name_ja ?? '', nameEn: institution?.name_en ?? '' },
    generatedAt: deps.now().toISOString(), generatedAtJst: formatJst(deps.now()),
    results, progress, comparison, improvements, shortfalls,
  };
}

/** 0.8333 → "83.3%"; null (nothing applicable) → "—". */
export const percent = (share: number | null | undefined) => (share == null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`);

export const CAMPAIGN_STATUS_JA: Record<string, string> = { draft: '準備中', open: '実施中', closed: '終了' };
export const IMPROVEMENT_STATUS_JA: Record<string, string> = { open: '未着手', in_progress: '対応中', done: '完了', cancelled: '取り消し' };
export const TREND_JA: Record<string, string> = { improved: '改善', worsened: '低下', unchanged: '変化なし', new: '今年度から', dropped: '今年度なし', no_data: '比較できず' };

/** A file name for the download: title and fiscal year, safe for Content-Disposition. */
export function reportFilename(data: ReportData, ext: 'pdf' | 'xlsx') {
  return `自己点検報告書_${data.campaign.fiscalYear}年度_${data.campaign.title}.${ext}`.replace(/[\\/:*?"<>|\r\n]+/g, '_');
}

export function contentDisposition(filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
