import { PHASE_JA, durationLabel } from '../../../core/incidents/summary.ts';
import { PDF_INK as INK, PDF_MARGIN as MARGIN, PDF_MUTED as MUTED, type PdfDoc as Doc, contentWidth, heading, note, renderA4Pdf, table } from '../../platform/pdf.ts';
import type { SummaryReportData } from './summary-report.ts';

const BAR = '#3b5bdb';

/** The yearly incident summary as an A4 PDF (embedded Japanese font), for the CISO and the security committee. */
export function summaryPdf(d: SummaryReportData): Promise<Buffer> {
  return renderA4Pdf(
    { Title: d.title, Author: d.institution.nameJa || 'Renkei', Subject: `${d.fiscalYear}年度 情報セキュリティインシデント` },
    (doc) => draw(doc, d),
    (doc, page, count) => {
      const y = doc.page.height - MARGIN + 10;
      const w = contentWidth(doc);
      doc.font('jp').fontSize(8).fillColor(MUTED);
      doc.text(`${d.title}（${d.institution.nameJa}）`, MARGIN, y, { width: w * 0.75, lineBreak: false, height: 10 });
      doc.text(`${page} / ${count}`, MARGIN + w * 0.75, y, { width: w * 0.25, align: 'right', lineBreak: false, height: 10 });
    },
  );
}

/** Counts with a bar scaled to the largest, in the last column. */
function countTable(doc: Doc, header: string, rows: { label: string; count: number }[]) {
  const w = contentWidth(doc);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const barX = MARGIN + 200 + 60 + 8;
  const barW = w - 200 - 60 - 16;
  table(doc, [{ header, width: 200 }, { header: '件数', width: 60, align: 'right' }, { header: '', width: w - 260 }], rows.map((r) => [r.label, String(r.count), '']), { decorate: (i, y, h) => {
    const n = rows[i]!.count;
    if (n > 0) doc.rect(barX, y + h / 2 - 4, (n / max) * barW, 8).fillColor(BAR).fill();
    doc.fillColor(INK);
  } });
}

function draw(doc: Doc, d: SummaryReportData) {
  const w = contentWidth(doc);
  doc.font('jp').fontSize(10).fillColor(MUTED).text(d.institution.nameJa, MARGIN, MARGIN, { width: w });
  doc.moveDown(0.3);
  doc.font('jp-bold').fontSize(18).fillColor(INK).text(d.title, { width: w });
  doc.font('jp').fontSize(11).text('最高情報セキュリティ責任者（CISO）・情報セキュリティ委員会 報告資料', { width: w });
  doc.moveDown(0.6);
  const meta: [string, string][] = [
    ['年度', `${d.fiscalYearLabel}（${d.fiscalYear}年度）`], ['対象期間', `${d.periodJst}（認知した日、日本時間）`], ['作成日時', `${d.generatedAtJst}（日本時間）`],
  ];
  for (const [k, v] of meta) {
    const y = doc.y;
    doc.font('jp').fontSize(10).fillColor(MUTED).text(k, MARGIN, y, { width: 70 });
    doc.fillColor(INK).text(v, MARGIN + 70, y, { width: w - 70 });
  }

  heading(doc, '1. 概要');
  const cw = w / 6;
  table(doc, [
    { header: '報告・相談', width: cw, align: 'right' }, { header: 'インシデント', width: cw, align: 'right' }, { header: '非該当', width: cw, align: 'right' },
    { header: '判断保留', width: cw, align: 'right' }, { header: '未完了', width: cw, align: 'right' }, { header: '個人情報あり', width: w - cw * 5, align: 'right' },
  ], [[String(d.recorded), String(d.incidents), String(d.notIncidents), String(d.undecided), String(d.open), String(d.personalDataIncidents)]]);
  note(doc, '件数は当該年度に認知した事案です。分類・深刻度・月別・封じ込めの集計は、インシデントと判断したものだけを数えています。');

  heading(doc, '2. 分類別の件数');
  countTable(doc, '分類', d.byCategory.map((c) => ({ label: c.label.ja, count: c.count })));

  heading(doc, '3. 深刻度別の件数');
  countTable(doc, '深刻度', d.bySeverity.map((s) => ({ label: s.label.ja, count: s.count })));

  heading(doc, '4. 月別の件数');
  const mw = w / 12;
  table(doc, d.byMonth.map((m, i) => ({ header: `${Number(m.month.slice(5))}月`, width: i === 11 ? w - mw * 11 : mw, align: 'center' as const })), [d.byMonth.map((m) => String(m.count))]);

  heading(doc, '5. 封じ込めまでの時間');
  table(doc, [{ header: '記録のある件数', width: w / 3, align: 'right' }, { header: '中央値', width: w / 3, align: 'right' }, { header: '最長', width: w - (w / 3) * 2, align: 'right' }],
    [[`${d.timeToContain.contained} 件`, durationLabel(d.timeToContain.medianHours), durationLabel(d.timeToContain.maxHours)]]);
  note(doc, '認知から封じ込め（復旧段階への移行、または記録された封じ込めの日時）までの時間です。');

  heading(doc, '6. 報告義務（個人情報保護委員会・文部科学省・CISO）');
  table(doc, [
    { header: '報告先', width: 215 }, { header: '対象', width: 50, align: 'right' }, { header: '報告済み', width: 60, align: 'right' },
    { header: 'うち期限後', width: 65, align: 'right' }, { header: '期限超過（未報告）', width: w - 390, align: 'right' },
  ], d.mandatoryReports.map((m) => [m.label.ja, String(m.owed), String(m.done), String(m.doneLate), String(m.overdue)]));

  heading(doc, '7. 未完了の対応');
  if (!d.openActions.items.length) note(doc, '未完了の対応はありません。');
  else {
    note(doc, `${d.openActions.count} 件（うち期日超過 ${d.openActions.overdue} 件）`);
    doc.moveDown(0.3);
    table(doc, [
      { header: 'インシデント', width: 95 }, { header: '段階', width: 45 }, { header: '対応', width: 160 }, { header: '担当者', width: 80 }, { header: '期日', width: w - 380 },
    ], d.openActions.items.map((t) => [
      `${t.incidentRef ?? ''}\n${t.incidentTitle ?? ''}`, PHASE_JA[t.phase] ?? t.phase, t.title, t.owner?.name ?? '（未定）', `${t.dueDate ?? '—'}${t.overdue ? '（期日超過）' : ''}`,
    ]));
  }

  heading(doc, '8. 教訓とヒヤリハット');
  note(doc, `教訓 ${d.lessonsLearned} 件、ヒヤリハット ${d.nearMisses} 件`);
  doc.moveDown(0.3);
  if (d.learnings.length) {
    table(doc, [{ header: '種類', width: 65 }, { header: '発生日', width: 65 }, { header: '件名', width: 170 }, { header: '改善策', width: w - 300 }],
      d.learnings.map((l) => [l.kind === 'lesson' ? '教訓' : 'ヒヤリハット', l.occurredOn, l.title, l.improvement ?? '']));
  }
}
