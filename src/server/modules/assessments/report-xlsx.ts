import ExcelJS from 'exceljs';
import { CAMPAIGN_STATUS_JA, IMPROVEMENT_STATUS_JA, type ReportData, TREND_JA } from './report.ts';

/** Shares as numbers (0..1) formatted as percentages, so that the figures can be reused in Excel. */
const PCT = '0.0%';

/** The campaign report as a workbook: 概要, 章ごと, 部署ごと, 前年度比較, 改善項目, 課題のある項目. */
export async function reportWorkbook(d: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Renkei';
  wb.created = new Date(d.generatedAt);
  const header = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const pctCols = (ws: ExcelJS.Worksheet, keys: string[]) => {
    for (const k of keys) ws.getColumn(k).numFmt = PCT;
  };
  const countCols = [
    { header: '回答数', key: 'answers', width: 8 }, { header: '実施している', key: 'implemented', width: 12 }, { header: '一部実施', key: 'partial', width: 10 },
    { header: '実施していない', key: 'notImplemented', width: 14 }, { header: '該当しない', key: 'notApplicable', width: 10 },
    { header: '実施率', key: 'implementedShare', width: 10 }, { header: '評点', key: 'score', width: 10 },
  ];

  const summary = wb.addWorksheet('概要');
  summary.columns = [{ header: '項目', key: 'k', width: 24 }, { header: '値', key: 'v', width: 48 }];
  const t = d.results.total;
  const p = d.progress.total;
  const rows: [string, string | number | null][] = [
    ['報告書', '自己点検結果報告書'], ['機関', d.institution.nameJa], ['点検', d.campaign.title], ['年度', d.campaign.fiscalYear],
    ['状態', CAMPAIGN_STATUS_JA[d.campaign.status] ?? d.campaign.status], ['回答期限（JST）', d.campaign.deadlineJst], ['責任者', d.campaign.owner.name],
    ['作成日時（JST）', d.generatedAtJst], ['点検項目数', d.campaign.items],
    ['割り当て（項目×回答者）', p.assigned], ['未着手', p.notStarted], ['下書き', p.draft], ['提出済み', p.submitted], ['承認済み', p.accepted], ['提出率', p.completion],
    ['回答数（提出・承認済み）', t.answers], ['実施している', t.implemented], ['一部実施', t.partial], ['実施していない', t.notImplemented], ['該当しない', t.notApplicable],
    ['実施率', t.implementedShare], ['評点（一部実施を1/2として）', t.score], ['改善項目', d.improvements.length],
  ];
  for (const [k, v] of rows) {
    const r = summary.addRow({ k, v });
    if (['提出率', '実施率', '評点（一部実施を1/2として）'].includes(k)) r.getCell('v').numFmt = PCT;
  }
  header(summary);

  const chapters = wb.addWorksheet('章ごとの結果');
  chapters.columns = [{ header: '章', key: 'chapter', width: 10 }, { header: '項目数', key: 'items', width: 8 }, ...countCols];
  for (const c of d.results.chapters) chapters.addRow(c);
  pctCols(chapters, ['implementedShare', 'score']);
  header(chapters);

  const departments = wb.addWorksheet('部署ごとの結果');
  departments.columns = [{ header: '部署', key: 'department', width: 24 }, ...countCols, { header: '割り当て', key: 'assigned', width: 10 }, { header: '提出率', key: 'completion', width: 10 }];
  const progressByDept = new Map(d.progress.departments.map((x) => [x.department ?? '', x]));
  const deptKeys = [...new Set([...d.results.departments.map((x) => x.department ?? ''), ...progressByDept.keys()])];
  for (const key of deptKeys) {
    const r = d.results.departments.find((x) => (x.department ?? '') === key);
    const pr = progressByDept.get(key);
    departments.addRow({ ...(r ?? { answers: 0 }), department: key || '（部署なし）', assigned: pr?.assigned ?? 0, completion: pr?.completion ?? null });
  }
  pctCols(departments, ['implementedShare', 'score', 'completion']);
  header(departments);

  const comparison = wb.addWorksheet('前年度との比較');
  if (!d.comparison.comparison || !d.comparison.previous) {
    comparison.columns = [{ header: '前年度との比較', key: 'note', width: 60 }];
    comparison.addRow({ note: '同じ雛形による前年度の点検がないため、比較できません。' });
  } else {
    comparison.columns = [
      { header: '区分', key: 'kind', width: 8 }, { header: '章・項目', key: 'key', width: 16 },
      { header: `${d.comparison.previous.fiscalYear}年度 評点`, key: 'prev', width: 14 }, { header: `${d.campaign.fiscalYear}年度 評点`, key: 'cur', width: 14 },
      { header: '差', key: 'diff', width: 10 }, { header: '傾向', key: 'trend', width: 12 },
    ];
    const c = d.comparison.comparison;
    const add = (kind: string, key: string, x: { current: { score: number | null } | null; previous: { score: number | null } | null; trend: string }) => {
      const cur = x.current?.score ?? null;
      const prev = x.previous?.score ?? null;
      comparison.addRow({ kind, key, prev, cur, diff: cur != null && prev != null ? cur - prev : null, trend: TREND_JA[x.trend] ?? x.trend });
    };
    add('全体', '全体', c.total);
    for (const ch of c.chapters) add('章', ch.chapter, ch);
    for (const it of c.items) add('項目', it.citation, it);
    pctCols(comparison, ['prev', 'cur', 'diff']);
  }
  header(comparison);

  const improvements = wb.addWorksheet('改善項目');
  improvements.columns = [
    { header: '項目', key: 'citation', width: 12 }, { header: '件名', key: 'title', width: 36 }, { header: '担当者', key: 'owner', width: 18 },
    { header: '期日', key: 'dueDate', width: 12 }, { header: '状態', key: 'status', width: 10 }, { header: '期日超過', key: 'overdue', width: 10 }, { header: '状況メモ', key: 'note', width: 36 },
  ];
  for (const i of d.improvements) {
    improvements.addRow({ citation: i.citation, title: i.title, owner: i.owner.name, dueDate: i.dueDate, status: IMPROVEMENT_STATUS_JA[i.status] ?? i.status, overdue: i.overdue ? '超過' : '', note: i.statusNote ?? '' });
  }
  header(improvements);

  const shortfalls = wb.addWorksheet('課題のある項目');
  shortfalls.columns = [{ header: '項目', key: 'citation', width: 12 }, { header: '章', key: 'chapter', width: 8 }, { header: '見出し', key: 'heading', width: 36 }, ...countCols];
  for (const i of d.shortfalls) shortfalls.addRow(i);
  pctCols(shortfalls, ['implementedShare', 'score']);
  header(shortfalls);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
