import ExcelJS from 'exceljs';
import { csvLine } from '../../../core/csv.ts';
import type { compare } from './service.ts';

type Comparison = Awaited<ReturnType<typeof compare>>;

const STATUS_JA = { covered: '対応あり', partial: '一部対応', missing: '未対応' } as const;
const DECISION_JA = { confirmed: '確認済み', rejected: '却下' } as const;

/** Comparison report as a workbook: per chapter, per section, and every proposed mapping. */
export async function comparisonWorkbook(c: Comparison): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Renkei';
  const header = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const chapters = wb.addWorksheet('章ごとの網羅率');
  chapters.columns = [
    { header: '章', key: 'chapter', width: 12 }, { header: '見出し', key: 'heading', width: 40 }, { header: '節の数', key: 'sections', width: 10 },
    { header: '対応あり', key: 'covered', width: 10 }, { header: '一部対応', key: 'partial', width: 10 }, { header: '未対応', key: 'missing', width: 10 },
    { header: '網羅率(%)', key: 'percent', width: 12 },
  ];
  for (const ch of c.coverage.chapters) chapters.addRow({ ...ch, chapter: ch.chapter ?? '（章なし）' });
  header(chapters);

  const sections = wb.addWorksheet('節ごとの対応');
  sections.columns = [
    { header: `${c.target.title} の節`, key: 'citation', width: 14 }, { header: '見出し', key: 'heading', width: 36 }, { header: '章', key: 'chapter', width: 10 },
    { header: '状況', key: 'status', width: 10 }, { header: '根拠', key: 'basis', width: 10 }, { header: '最高スコア', key: 'bestScore', width: 10 },
    { header: `${c.source.title} の対応条項`, key: 'sources', width: 40 },
  ];
  for (const r of c.coverage.rows) {
    sections.addRow({ ...r, status: STATUS_JA[r.status], basis: r.basis === 'confirmed' ? '確認済み' : r.basis === 'proposed' ? '自動提案' : '—', bestScore: Math.round(r.bestScore * 100) / 100, sources: r.sources.join('、') });
  }
  header(sections);

  const decided = new Map(c.decisions.map((d) => [`${d.sourceCitation}\u0000${d.targetCitation}`, d]));
  const mappings = wb.addWorksheet('条項の対応づけ');
  mappings.columns = [
    { header: `${c.source.title} の条項`, key: 'source', width: 16 }, { header: '順位', key: 'rank', width: 6 }, { header: '対応先', key: 'target', width: 14 },
    { header: 'スコア', key: 'score', width: 8 }, { header: '共通する語', key: 'terms', width: 40 }, { header: '判断', key: 'decision', width: 10 }, { header: '関係', key: 'relationship', width: 12 },
  ];
  for (const m of c.mappings) {
    m.candidates.forEach((cand, i) => {
      const d = decided.get(`${m.source}\u0000${cand.target}`);
      mappings.addRow({ source: m.source, rank: i + 1, target: cand.target, score: Math.round(cand.score * 100) / 100, terms: cand.terms.join('、'), decision: d ? DECISION_JA[d.status] : '', relationship: d?.relationship ?? '' });
    });
  }
  header(mappings);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The per-section coverage as CSV (UTF-8 with BOM so that Excel reads the Japanese). */
export function comparisonCsv(c: Comparison): string {
  let out = `\ufeff${csvLine(['target_section', 'heading', 'chapter', 'status', 'basis', 'best_score', 'source_clauses'])}`;
  for (const r of c.coverage.rows) out += csvLine([r.citation, r.heading, r.chapter, r.status, r.basis, r.bestScore.toFixed(3), r.sources.join(' ')]);
  return out;
}
