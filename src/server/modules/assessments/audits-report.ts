/**
 * The audit report (監査報告書) for the auditee's CISO, as PDF (pdfkit, embedded Japanese font)
 * and Excel: plan, team, ratings per chapter and item, findings with responses and corrective
 * action plans. Who may download it is who may see the audit's material; before the report is
 * issued it is marked as a draft.
 */
import ExcelJS from 'exceljs';
import { AUDIT_RATINGS, type AuditRating, FINDING_STATE_LABELS, RATING_LABELS } from '../../../core/assessments/audits.ts';
import { compareChapters } from '../../../core/assessments/rules.ts';
import type { Actor } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import type { Deps } from '../../platform/deps.ts';
import { PDF_INK as INK, PDF_MARGIN as MARGIN, PDF_MUTED as MUTED, type PdfDoc as Doc, heading, renderA4Pdf, table } from '../../platform/pdf.ts';
import { listAuditItems, listFindings } from './audits-fieldwork.ts';
import { getAudit } from './audits.ts';
import { denied } from './context.ts';

export type AuditReportData = Awaited<ReturnType<typeof auditReportData>>;

export async function auditReportData(deps: Deps, actor: Actor, id: string) {
  const audit = await getAudit(deps, actor, id);
  if (!audit.permissions.material) throw denied();
  const [items, findings] = await Promise.all([listAuditItems(deps, actor, id), listFindings(deps, actor, id)]);
  const rated = items.map((i) => {
    const r = (i as { rating?: { value: AuditRating; comment: string | null } | null }).rating ?? null;
    return { citation: i.citation, chapter: i.chapter, heading: i.heading, rating: r?.value ?? null, comment: r?.comment ?? null };
  });
  const chapters = [...new Set(rated.map((r) => r.chapter))].sort(compareChapters).map((chapter) => {
    const rows = rated.filter((r) => r.chapter === chapter);
    const counts = Object.fromEntries(AUDIT_RATINGS.map((k) => [k, rows.filter((r) => r.rating === k).length])) as Record<AuditRating, number>;
    const done = rows.filter((r) => r.rating).length;
    return { chapter, items: rows.length, rated: done, counts, conformingShare: done ? (counts.conforming + counts.good_practice) / done : null };
  });
  const draft = audit.status === 'planned' || audit.status === 'fieldwork' || audit.status === 'reporting';
  const now = deps.now();
  return { audit, items: rated, chapters, findings, draft, generatedAt: now.toISOString(), generatedAtJst: formatJst(now.toISOString()) };
}

export function auditReportFilename(d: AuditReportData, ext: 'pdf' | 'xlsx') {
  return `監査報告書_${d.audit.fiscalYear}年度_${d.audit.title}${d.draft ? '_案' : ''}.${ext}`.replace(/[\\/:*?"<>|\r\n]+/g, '_');
}

const pct = (x: number | null) => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);
const who = (d: AuditReportData) => d.audit.team.map((t) => `${t.name ?? ''}${t.role === 'lead' ? '（主任）' : ''}`).join('、');
const auditeeName = (d: AuditReportData) => `${d.audit.auditee.nameJa}${d.audit.auditee.department ? ` ${d.audit.auditee.department}` : ''}`;

// PDF


export function auditReportPdf(d: AuditReportData): Promise<Buffer> {
  return renderA4Pdf(
    { Title: `監査報告書 ${d.audit.title}${d.draft ? '（案）' : ''}`, Author: d.audit.auditing.nameJa },
    (doc) => draw(doc, d),
    (doc, page, count) =>
      doc.font('jp').fontSize(8).fillColor(MUTED).text(`${d.audit.title}　${page} / ${count}　作成 ${d.generatedAtJst}（JST）`, MARGIN, doc.page.height - MARGIN + 10, { width: doc.page.width - MARGIN * 2, align: 'center', lineBreak: false }),
  );
}

function draw(doc: Doc, d: AuditReportData) {
  const width = doc.page.width - MARGIN * 2;
  const a = d.audit;
  doc.font('jp-bold').fontSize(18).fillColor(INK).text(`監査報告書${d.draft ? '（案）' : ''}`, { align: 'center' });
  doc.moveDown(0.3).font('jp').fontSize(12).text(a.title, { align: 'center' });
  doc.moveDown(0.8);
  const meta: [string, string][] = [
    ['種類', a.kindLabel], ['年度', `${a.fiscalYear}年度`], ['監査を受ける機関', auditeeName(d)], ['監査する機関', a.auditing.nameJa],
    ['実査の期間', `${a.plan.startDate} 〜 ${a.plan.endDate}`], ['監査チーム', who(d)], ['状態', a.statusLabel],
  ];
  table(doc, [{ header: '', width: 130 }, { header: '', width: width - 130 }], meta, { header: false });
  if (a.summary) {
    heading(doc, '総括');
    doc.font('jp').fontSize(10).fillColor(INK).text(a.summary, { width });
  }
  heading(doc, '章ごとの評定');
  table(doc, [
    { header: '章', width: 60 }, { header: '項目数', width: 50 }, ...AUDIT_RATINGS.map((k) => ({ header: RATING_LABELS[k].ja, width: 55 })),
    { header: '適合の割合', width: width - 60 - 50 - 55 * AUDIT_RATINGS.length },
  ], d.chapters.map((c) => [c.chapter, String(c.items), ...AUDIT_RATINGS.map((k) => String(c.counts[k])), pct(c.conformingShare)]));
  heading(doc, '項目ごとの評定');
  table(doc, [{ header: '項目', width: 80 }, { header: '評定', width: 80 }, { header: '所見', width: width - 160 }],
    d.items.map((i) => [i.citation, i.rating ? RATING_LABELS[i.rating].ja : '未評定', i.comment ?? '']));
  heading(doc, '指摘事項と是正計画');
  if (!d.findings.length) doc.font('jp').fontSize(10).text('指摘事項はありません。');
  else {
    table(doc, [
      { header: '条項', width: 70 }, { header: '区分', width: 60 }, { header: '指摘', width: 150 }, { header: '被監査側の回答・是正計画', width: width - 70 - 60 - 150 - 60 }, { header: '進捗', width: 60 },
    ], d.findings.map((f) => {
      const plan = [f.response ?? '（未回答）', f.action.what ? `是正: ${f.action.what}` : '', f.action.owner?.name ? `担当: ${f.action.owner.name}` : '', f.action.due ? `期限: ${f.action.due}` : ''].filter(Boolean).join('\n');
      return [f.clause, f.categoryLabel, `${f.description}${f.evidence ? `\n根拠: ${f.evidence}` : ''}`, plan, FINDING_STATE_LABELS[f.status].ja];
    }));
  }
}

// Excel

export async function auditReportWorkbook(d: AuditReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Renkei';
  wb.created = new Date(d.generatedAt);
  const a = d.audit;
  const summary = wb.addWorksheet('概要');
  summary.columns = [{ header: '項目', key: 'k', width: 22 }, { header: '値', key: 'v', width: 60 }];
  for (const [k, v] of [
    ['報告書', `監査報告書${d.draft ? '（案）' : ''}`], ['監査', a.title], ['種類', a.kindLabel], ['年度', a.fiscalYear], ['監査を受ける機関', auditeeName(d)], ['監査する機関', a.auditing.nameJa],
    ['実査の期間', `${a.plan.startDate} 〜 ${a.plan.endDate}`], ['監査チーム', who(d)], ['状態', a.statusLabel], ['総括', a.summary ?? ''], ['作成日時（JST）', d.generatedAtJst],
  ] as [string, string | number][]) summary.addRow({ k, v });

  const chapters = wb.addWorksheet('章ごと');
  chapters.columns = [{ header: '章', key: 'chapter', width: 10 }, { header: '項目数', key: 'items', width: 8 }, ...AUDIT_RATINGS.map((k) => ({ header: RATING_LABELS[k].ja, key: k, width: 12 })), { header: '適合の割合', key: 'share', width: 12 }];
  for (const c of d.chapters) chapters.addRow({ chapter: c.chapter, items: c.items, ...c.counts, share: c.conformingShare });
  chapters.getColumn('share').numFmt = '0.0%';

  const items = wb.addWorksheet('評定');
  items.columns = [{ header: '項目', key: 'citation', width: 14 }, { header: '章', key: 'chapter', width: 8 }, { header: '見出し', key: 'heading', width: 24 }, { header: '評定', key: 'rating', width: 14 }, { header: '所見', key: 'comment', width: 60 }];
  for (const i of d.items) items.addRow({ citation: i.citation, chapter: i.chapter, heading: i.heading ?? '', rating: i.rating ? RATING_LABELS[i.rating].ja : '未評定', comment: i.comment ?? '' });

  const findings = wb.addWorksheet('指摘事項');
  findings.columns = [
    { header: '条項', key: 'clause', width: 16 }, { header: '区分', key: 'category', width: 14 }, { header: '指摘', key: 'description', width: 40 }, { header: '根拠', key: 'evidence', width: 30 },
    { header: '被監査側の回答', key: 'response', width: 40 }, { header: '是正の内容', key: 'what', width: 30 }, { header: '担当', key: 'owner', width: 16 }, { header: '期限', key: 'due', width: 12 }, { header: '進捗', key: 'status', width: 18 },
  ];
  for (const f of d.findings) {
    findings.addRow({ clause: f.clause, category: f.categoryLabel, description: f.description, evidence: f.evidence ?? '', response: f.response ?? '', what: f.action.what ?? '', owner: f.action.owner?.name ?? '', due: f.action.due ?? '', status: FINDING_STATE_LABELS[f.status].ja });
  }
  for (const ws of [summary, chapters, items, findings]) {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
