import { PDF_INK as INK, PDF_MARGIN as MARGIN, PDF_MUTED as MUTED, type PdfDoc as Doc, contentWidth, heading, note, renderA4Pdf, table } from '../../platform/pdf.ts';
import { CAMPAIGN_STATUS_JA, IMPROVEMENT_STATUS_JA, type ReportData, TREND_JA, percent } from './report.ts';

const RULE = '#cbd2d9';
const BAR = { implemented: '#2f9e44', partial: '#f59f00', notImplemented: '#e03131', notApplicable: '#adb5bd' };

/** The campaign report as an A4 PDF with an embedded (subset) Japanese font. */
export function reportPdf(d: ReportData): Promise<Buffer> {
  return renderA4Pdf(
    { Title: `自己点検結果報告書 ${d.campaign.title}`, Author: d.institution.nameJa || 'Renkei', Subject: `${d.campaign.fiscalYear}年度 自己点検` },
    (doc) => draw(doc, d),
    (doc, page, count) => footer(doc, d, page, count),
  );
}

/** A stacked bar of implemented / partial / not implemented / not applicable. */
function resultBar(doc: Doc, x: number, y: number, width: number, c: { answers: number; implemented: number; partial: number; notImplemented: number; notApplicable: number }) {
  doc.rect(x, y, width, 8).lineWidth(0.4).strokeColor(RULE).stroke();
  if (!c.answers) return;
  let at = x;
  for (const k of ['implemented', 'partial', 'notImplemented', 'notApplicable'] as const) {
    const w = (c[k] / c.answers) * width;
    if (w > 0) doc.rect(at, y, w, 8).fillColor(BAR[k]).fill();
    at += w;
  }
  doc.fillColor(INK);
}

function draw(doc: Doc, d: ReportData) {
  const w = contentWidth(doc);
  doc.font('jp').fontSize(10).fillColor(MUTED).text(d.institution.nameJa, MARGIN, MARGIN, { width: w });
  doc.moveDown(0.3);
  doc.font('jp-bold').fontSize(20).fillColor(INK).text('自己点検結果報告書', { width: w });
  doc.font('jp').fontSize(13).text(d.campaign.title, { width: w });
  doc.moveDown(0.6);

  const meta: [string, string][] = [
    ['年度', `${d.campaign.fiscalYear}年度`], ['状態', CAMPAIGN_STATUS_JA[d.campaign.status] ?? d.campaign.status],
    ['回答期限', `${d.campaign.deadlineJst}（日本時間）`], ['責任者', d.campaign.owner.name ?? '—'],
    ['点検項目数', `${d.campaign.items} 項目`], ['作成日時', `${d.generatedAtJst}（日本時間）`],
  ];
  for (const [k, v] of meta) {
    const y = doc.y;
    doc.font('jp').fontSize(10).fillColor(MUTED).text(k, MARGIN, y, { width: 90 });
    doc.fillColor(INK).text(v, MARGIN + 90, y, { width: w - 90 });
  }

  heading(doc, '1. 概要');
  const t = d.results.total;
  const p = d.progress.total;
  table(doc, [
    { header: '割り当て', width: 70, align: 'right' }, { header: '提出済み', width: 70, align: 'right' }, { header: '承認済み', width: 70, align: 'right' },
    { header: '下書き', width: 70, align: 'right' }, { header: '未着手', width: 70, align: 'right' }, { header: '提出率', width: w - 350, align: 'right' },
  ], [[String(p.assigned), String(p.submitted), String(p.accepted), String(p.draft), String(p.notStarted), percent(p.completion)]]);
  table(doc, [
    { header: '回答数', width: 60, align: 'right' }, { header: '実施している', width: 75, align: 'right' }, { header: '一部実施', width: 65, align: 'right' },
    { header: '実施していない', width: 80, align: 'right' }, { header: '該当しない', width: 65, align: 'right' }, { header: '実施率', width: 75, align: 'right' }, { header: '評点', width: w - 420, align: 'right' },
  ], [[String(t.answers), String(t.implemented), String(t.partial), String(t.notImplemented), String(t.notApplicable), percent(t.implementedShare), percent(t.score)]]);
  note(doc, '集計は提出済み・承認済みの回答によります（下書きは含みません）。実施率は「該当しない」を除いた回答のうち「実施している」の割合、評点は「一部実施」を 1/2 として数えた割合です。');

  heading(doc, '2. 章ごとの結果');
  const barX = MARGIN + 360;
  table(doc, [
    { header: '章', width: 50 }, { header: '項目数', width: 45, align: 'right' }, { header: '回答数', width: 45, align: 'right' },
    { header: '実施率', width: 55, align: 'right' }, { header: '評点', width: 55, align: 'right' }, { header: '実施・一部・未・該当外', width: 110, align: 'right' }, { header: '内訳', width: w - 360 },
  ], d.results.chapters.map((c) => [chapterLabel(c.chapter), String(c.items), String(c.answers), percent(c.implementedShare), percent(c.score), `${c.implemented}・${c.partial}・${c.notImplemented}・${c.notApplicable}`, '']),
  { decorate: (i, y, h) => resultBar(doc, barX + 6, y + h / 2 - 4, w - 372, d.results.chapters[i]!) });
  legend(doc);

  heading(doc, '3. 部署ごとの結果');
  if (!d.results.departments.length && !d.progress.departments.length) note(doc, '部署ごとの回答はまだありません。');
  else {
    const progressBy = new Map(d.progress.departments.map((x) => [x.department ?? '', x]));
    table(doc, [
      { header: '部署', width: 140 }, { header: '割り当て', width: 55, align: 'right' }, { header: '提出率', width: 55, align: 'right' }, { header: '回答数', width: 55, align: 'right' },
      { header: '実施率', width: 60, align: 'right' }, { header: '評点', width: w - 365, align: 'right' },
    ], [...new Set([...d.progress.departments.map((x) => x.department ?? ''), ...d.results.departments.map((x) => x.department ?? '')])].map((key) => {
      const r = d.results.departments.find((x) => (x.department ?? '') === key);
      const pr = progressBy.get(key);
      return [key || '（部署なし）', String(pr?.assigned ?? 0), percent(pr?.completion), String(r?.answers ?? 0), percent(r?.implementedShare), percent(r?.score)];
    }));
  }

  heading(doc, '4. 前年度との比較');
  const cmp = d.comparison.comparison;
  if (!cmp || !d.comparison.previous) note(doc, '同じチェックリスト雛形による前年度の点検がないため、比較できません。');
  else {
    note(doc, `比較の対象: ${d.comparison.previous.fiscalYear}年度「${d.comparison.previous.title}」（評点で比較）`);
    doc.moveDown(0.3);
    const diff = (x: { current: { score: number | null } | null; previous: { score: number | null } | null }) => {
      const a = x.current?.score;
      const b = x.previous?.score;
      if (a == null || b == null) return '—';
      const pts = Math.round((a - b) * 1000) / 10;
      return `${pts > 0 ? '+' : ''}${pts.toFixed(1)} pt`;
    };
    const row = (label: string, x: typeof cmp.total) => [label, percent(x.previous?.score), percent(x.current?.score), diff(x), TREND_JA[x.trend] ?? x.trend];
    table(doc, [
      { header: '章', width: 120 }, { header: `${d.comparison.previous.fiscalYear}年度`, width: 90, align: 'right' }, { header: `${d.campaign.fiscalYear}年度`, width: 90, align: 'right' },
      { header: '差', width: 90, align: 'right' }, { header: '傾向', width: w - 390 },
    ], [row('全体', cmp.total), ...cmp.chapters.map((c) => row(chapterLabel(c.chapter), c))]);
    const worse = cmp.items.filter((i) => i.trend === 'worsened');
    if (worse.length) note(doc, `前年度より評点が下がった項目: ${worse.map((i) => i.citation).join('、')}`);
  }

  heading(doc, '5. 改善項目');
  if (!d.improvements.length) note(doc, 'この点検から作成された改善項目はありません。');
  else {
    table(doc, [
      { header: '項目', width: 60 }, { header: '件名', width: 170 }, { header: '担当者', width: 90 }, { header: '期日', width: 65 }, { header: '状態', width: w - 385 },
    ], d.improvements.map((i) => [i.citation ?? '', i.title, i.owner.name ?? '', i.dueDate, `${IMPROVEMENT_STATUS_JA[i.status] ?? i.status}${i.overdue ? '（期日超過）' : ''}`]));
  }

  heading(doc, '6. 実施していない・一部実施の項目');
  if (!d.shortfalls.length) note(doc, '「実施していない」「一部実施」の回答はありません。');
  else {
    table(doc, [
      { header: '項目', width: 60 }, { header: '見出し・内容', width: 265 }, { header: '一部実施', width: 50, align: 'right' }, { header: '実施していない', width: 70, align: 'right' }, { header: '評点', width: w - 445, align: 'right' },
    ], d.shortfalls.map((i) => [i.citation, clip(i.heading ?? i.text ?? '', 90), String(i.partial), String(i.notImplemented), percent(i.score)]));
  }
}

/** Long clause texts are cut in the table; the Excel report and the screen have them in full. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** `6` → 第6章; article-form chapters (第32条) stay as they are. */
const chapterLabel = (chapter: string) => (/^\d+$/.test(chapter) ? `第${chapter}章` : chapter);

function legend(doc: Doc) {
  let x = MARGIN;
  const y = doc.y + 2;
  doc.font('jp').fontSize(8);
  for (const [k, label] of [['implemented', '実施している'], ['partial', '一部実施'], ['notImplemented', '実施していない'], ['notApplicable', '該当しない']] as const) {
    doc.rect(x, y + 1, 8, 8).fillColor(BAR[k]).fill();
    doc.fillColor(MUTED).text(label, x + 11, y, { lineBreak: false });
    x += 90;
  }
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = y + 14;
}

function footer(doc: Doc, d: ReportData, page: number, count: number) {
  const y = doc.page.height - MARGIN + 10;
  doc.font('jp').fontSize(8).fillColor(MUTED);
  doc.text(`${d.campaign.title}　自己点検結果報告書`, MARGIN, y, { width: contentWidth(doc) / 2, lineBreak: false, height: 10 });
  doc.text(`${page} / ${count}`, MARGIN + contentWidth(doc) / 2, y, { width: contentWidth(doc) / 2, align: 'right', lineBreak: false, height: 10 });
}
