import ExcelJS from 'exceljs';
import { PHASE_JA } from '../../../core/incidents/summary.ts';
import type { SummaryReportData } from './summary-report.ts';

/** The yearly summary as a workbook: 概要, 分類別, 深刻度別, 月別, 報告義務, 未完了の対応, 教訓・ヒヤリハット. */
export async function summaryWorkbook(d: SummaryReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Renkei';
  wb.created = new Date(d.generatedAt);
  const sheet = (name: string, columns: Partial<ExcelJS.Column>[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return ws;
  };

  const summary = sheet('概要', [{ header: '項目', key: 'k', width: 34 }, { header: '値', key: 'v', width: 48 }]);
  const rows: [string, string | number | null][] = [
    ['報告書', d.title], ['機関', d.institution.nameJa], ['年度', `${d.fiscalYearLabel}（${d.fiscalYear}年度）`], ['期間（JST）', d.periodJst],
    ['作成日時（JST）', d.generatedAtJst], ['記録された報告・相談', d.recorded], ['インシデント', d.incidents], ['インシデントではなかったもの', d.notIncidents],
    ['判断保留', d.undecided], ['対応中のインシデント（未完了）', d.open], ['個人情報が関わるインシデント', d.personalDataIncidents],
    ['封じ込めまでの時間を記録した件数', d.timeToContain.contained], ['封じ込めまでの時間（中央値・時間）', d.timeToContain.medianHours], ['封じ込めまでの時間（最長・時間）', d.timeToContain.maxHours],
    ['未完了の対応', d.openActions.count], ['うち期日超過', d.openActions.overdue], ['教訓', d.lessonsLearned], ['ヒヤリハット', d.nearMisses],
  ];
  for (const [k, v] of rows) summary.addRow({ k, v });

  const byCategory = sheet('分類別', [{ header: '分類', key: 'label', width: 30 }, { header: '件数', key: 'count', width: 10 }]);
  for (const c of d.byCategory) byCategory.addRow({ label: c.label.ja, count: c.count });
  const bySeverity = sheet('深刻度別', [{ header: '深刻度', key: 'label', width: 14 }, { header: '件数', key: 'count', width: 10 }]);
  for (const s of d.bySeverity) bySeverity.addRow({ label: s.label.ja, count: s.count });
  const byMonth = sheet('月別', [{ header: '月', key: 'month', width: 12 }, { header: '件数', key: 'count', width: 10 }]);
  for (const m of d.byMonth) byMonth.addRow(m);

  const reports = sheet('報告義務', [
    { header: '報告先', key: 'label', width: 44 }, { header: '対象', key: 'owed', width: 8 }, { header: '報告済み', key: 'done', width: 10 },
    { header: 'うち期限後', key: 'doneLate', width: 10 }, { header: '期限超過（未報告）', key: 'overdue', width: 18 },
  ]);
  for (const m of d.mandatoryReports) reports.addRow({ ...m, label: m.label.ja });

  const actions = sheet('未完了の対応', [
    { header: 'インシデント', key: 'ref', width: 16 }, { header: '件名', key: 'incident', width: 30 }, { header: '段階', key: 'phase', width: 10 },
    { header: '対応', key: 'title', width: 36 }, { header: '担当者', key: 'owner', width: 16 }, { header: '期日', key: 'due', width: 12 }, { header: '期日超過', key: 'overdue', width: 10 },
  ]);
  for (const t of d.openActions.items) {
    actions.addRow({ ref: t.incidentRef, incident: t.incidentTitle, phase: PHASE_JA[t.phase] ?? t.phase, title: t.title, owner: t.owner?.name ?? '（未定）', due: t.dueDate, overdue: t.overdue ? '超過' : '' });
  }

  const learnings = sheet('教訓・ヒヤリハット', [
    { header: '種類', key: 'kind', width: 12 }, { header: '発生日', key: 'on', width: 12 }, { header: '件名', key: 'title', width: 40 }, { header: '改善策', key: 'improvement', width: 48 },
  ]);
  for (const l of d.learnings) learnings.addRow({ kind: l.kind === 'lesson' ? '教訓' : 'ヒヤリハット', on: l.occurredOn, title: l.title, improvement: l.improvement ?? '' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
