import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { hasCjkFont } from '../support/documents.ts';
import { multipart } from '../support/multipart.ts';
import { hasPoppler, readPdf } from '../support/pdf.ts';
import { smallStandard } from '../support/standard.ts';

const STANDARD = smallStandard('報告書テスト');

describeEngines('self-inspection report (PDF and Excel)', (engine) => {
  let h: TestApp;
  let admin: Client;
  let auditor: Client;
  let sysadmin: Client;
  let staff: Client;
  let outsider: Client;
  const ids: Record<string, string> = {};
  let templateId = '';
  let campaignId = '';
  let previousId = '';

  const signInAll = async () => {
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [admin, auditor, sysadmin, staff, outsider] = await Promise.all([
      as('admin@sakura-tech.example'), as('auditor@sakura-tech.example'), as('sysadmin@sakura-tech.example'), as('staff@sakura-tech.example'), as('admin@minato-u.example'),
    ]);
  };

  /** One campaign run through: create, assign (6 → sysadmin, 1.1 → staff), open, answer, review. */
  async function run(fiscalYear: number, deadline: string, results: Record<string, [string, string?]>) {
    const created = await admin.request('POST', '/api/v1/assessments/campaigns', { title: `${fiscalYear}年度 情報セキュリティ自己点検`, fiscalYear, templateId, deadline, ownerId: ids['auditor@sakura-tech.example'] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const url = `/api/v1/assessments/campaigns/${id}`;
    expect((await admin.request('POST', `${url}/assignments`, { citationPrefix: '6', userId: ids['sysadmin@sakura-tech.example'], department: '情報基盤センター' })).statusCode).toBe(201);
    expect((await admin.request('POST', `${url}/assignments`, { citationPrefix: '1.1', userId: ids['staff@sakura-tech.example'], department: '総務課' })).statusCode).toBe(201);
    expect((await admin.request('POST', `${url}/open`)).statusCode).toBe(200);
    const items = (await admin.request('GET', `${url}/items`)).json().items as { id: string; citation: string }[];
    for (const [citation, [result, comment]] of Object.entries(results)) {
      const who = citation.startsWith('6') ? sysadmin : staff;
      const itemId = items.find((i) => i.citation === citation)!.id;
      const res = await who.request('POST', `${url}/items/${itemId}/answer/submit`, { result, ...(comment ? { comment } : {}) });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const a of (await auditor.request('GET', `${url}/answers?status=submitted`)).json().items as { id: string }[]) {
      expect((await auditor.request('POST', `/api/v1/assessments/answers/${a.id}/accept`, {})).statusCode).toBe(200);
    }
    return id;
  }

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2025-11-20T03:00:00Z');
    await signInAll();
    for (const u of await h.deps.db.selectFrom('users').select(['id', 'email']).execute()) ids[u.email] = u.id;
    const m = multipart('kijun.txt', STANDARD);
    const preview = await h.app.inject({ method: 'POST', url: '/api/v1/catalogs/preview', payload: m.payload, headers: { ...m.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    const p = preview.json();
    const saved = await admin.request('POST', '/api/v1/catalogs', { title: p.title, form: p.form, source: p.source, clauses: p.clauses, unplaced: p.unplaced, kind: 'standard' });
    templateId = (await admin.request('POST', '/api/v1/checklists', { regulationId: saved.json().id, title: '自己点検チェックリスト' })).json().id;

    // Last year: logs and patches not done, the committee partly.
    previousId = await run(2025, '2026-01-31', {
      '1.1(1)①': ['implemented'], '1.1(1)②': ['partial', '年1回の開催が未定'], '6.1(1)①': ['not_implemented', 'ログ取得の仕組みなし'], '6.2(1)①': ['not_implemented', '手順なし'],
    });
    expect((await admin.request('POST', `/api/v1/assessments/campaigns/${previousId}/close`)).statusCode).toBe(200);

    // This year: better on logs and patches; one item not yet answered.
    h.clock.now = new Date('2026-11-24T03:00:00Z');
    await signInAll();
    campaignId = await run(2026, '2027-01-31', {
      '1.1(1)①': ['implemented'], '1.1(1)②': ['not_implemented', '委員会は今年度未開催'], '6.1(1)①': ['partial', '研究室サーバーは未対応'],
    });
    const answers = (await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}/answers`)).json().items as { id: string; citation: string }[];
    const raised = await auditor.request('POST', `/api/v1/assessments/answers/${answers.find((a) => a.citation === '1.1(1)②')!.id}/improvements`, {
      title: '情報セキュリティ委員会の年次開催', ownerId: ids['admin@sakura-tech.example'], dueDate: '2027-03-31',
    });
    expect(raised.statusCode).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses the report to respondents and to other institutions, like the results', async () => {
    for (const ext of ['pdf', 'xlsx']) {
      const url = `/api/v1/assessments/campaigns/${campaignId}/report.${ext}`;
      const forbidden = await sysadmin.request('GET', url);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.headers['content-type']).toContain('application/problem+json');
      expect(forbidden.json().detail).toMatch(/^この操作を行う権限がありません/);
      expect((await outsider.request('GET', url)).statusCode).toBe(404);
      expect((await staff.request('GET', `/api/v1/assessments/campaigns/no-such/report.${ext}`)).statusCode).toBe(404);
    }
  });

  it('gives the workbook with summary, chapters, departments, comparison and improvement items', async () => {
    const res = await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}/report.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('自己点検報告書_2026年度_')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '章ごとの結果', '部署ごとの結果', '前年度との比較', '改善項目', '課題のある項目']);

    const summary = new Map<string, unknown>();
    wb.getWorksheet('概要')!.eachRow((row, n) => {
      if (n > 1) summary.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(summary.get('報告書')).toBe('自己点検結果報告書');
    expect(summary.get('機関')).toBe('さくら工科大学（デモ）');
    expect(summary.get('割り当て（項目×回答者）')).toBe(4);
    expect(summary.get('回答数（提出・承認済み）')).toBe(3);
    expect(summary.get('未着手')).toBe(1);
    expect(summary.get('改善項目')).toBe(1);
    // 1 implemented, 1 partial, 1 not implemented: score (1 + ½) / 3.
    expect(summary.get('評点（一部実施を1/2として）')).toBeCloseTo(0.5);

    const chapters = wb.getWorksheet('章ごとの結果')!;
    expect(chapters.getRow(1).values).toEqual([undefined, '章', '項目数', '回答数', '実施している', '一部実施', '実施していない', '該当しない', '実施率', '評点']);
    expect([2, 3].map((r) => [chapters.getRow(r).getCell(1).value, chapters.getRow(r).getCell(3).value, chapters.getRow(r).getCell(9).value]))
      .toEqual([['1', 2, 0.5], ['6', 1, 0.5]]);

    const comparison = wb.getWorksheet('前年度との比較')!;
    const total = comparison.getRow(2);
    expect([total.getCell(2).value, total.getCell(3).value, total.getCell(4).value, total.getCell(6).value]).toEqual(['全体', 0.375, 0.5, '改善']);
    const ch6 = comparison.getRow(4);
    expect([ch6.getCell(2).value, ch6.getCell(3).value, ch6.getCell(4).value, ch6.getCell(6).value]).toEqual(['6', 0, 0.5, '改善']);

    const improvements = wb.getWorksheet('改善項目')!;
    expect(improvements.getRow(2).getCell(2).value).toBe('情報セキュリティ委員会の年次開催');
    expect(improvements.getRow(2).getCell(5).value).toBe('未着手');
    const depts = wb.getWorksheet('部署ごとの結果')!;
    expect([2, 3].map((r) => depts.getRow(r).getCell(1).value)).toEqual(['情報基盤センター', '総務課']);
  });

  it.skipIf(!hasPoppler || !hasCjkFont())('renders a PDF whose Japanese text and figures survive pdftotext, and whose pages are not blank (skipped without poppler-utils or fonts-noto-cjk)', async () => {
    const res = await admin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/report.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pages).toBeLessThanOrEqual(3);
    expect(pdf.info).toMatch(/^Title:\s+自己点検結果報告書 2026年度 情報セキュリティ自己点検/m);
    // The Japanese font is embedded (subset), so any viewer shows the same text.
    expect(pdf.fonts).toMatch(/NotoSansCJKjp-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    for (const s of ['自己点検結果報告書', 'さくら工科大学（デモ）', '2026年度 情報セキュリティ自己点検', '章ごとの結果', '情報基盤センター', '情報セキュリティ委員会の年次開催', '2027-01-31 23:59']) {
      expect(pdf.text).toContain(s);
    }
    expect(pdf.text).toMatch(/全体\s+37\.5%\s+50\.0%\s+\+12\.5 pt\s+改善/);
    expect(pdf.pageInk).toHaveLength(pdf.pages);
    for (const p of pdf.pageInk) {
      expect(p.height).toBeGreaterThan(p.width); // A4 portrait
      expect(p.darkShare).toBeGreaterThan(0.002);
    }
    // The first page carries most of the report: clearly more than a footer.
    expect(pdf.pageInk[0]!.darkShare).toBeGreaterThan(0.02);
  });

  it('reports a campaign without a previous year or answers, saying so in words', async () => {
    h.clock.now = new Date('2026-11-25T03:00:00Z');
    await signInAll();
    // Another template: nothing to compare with.
    const regulationId = (await admin.request('GET', `/api/v1/checklists/${templateId}`)).json().regulationId;
    const other = (await admin.request('POST', '/api/v1/checklists', { regulationId, title: '臨時点検用チェックリスト' })).json().id;
    const created = await admin.request('POST', '/api/v1/assessments/campaigns', { title: '臨時点検', fiscalYear: 2027, templateId: other, deadline: '2027-06-30', ownerId: ids['auditor@sakura-tech.example'] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const pdf = await auditor.request('GET', `/api/v1/assessments/campaigns/${id}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    if (hasPoppler && hasCjkFont()) {
      const { text } = readPdf(pdf.rawPayload);
      expect(text).toContain('前年度の点検がないため');
      expect(text).toContain('改善項目はありません');
    }
    const xlsx = await auditor.request('GET', `/api/v1/assessments/campaigns/${id}/report.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('前年度との比較')!.getRow(2).getCell(1).value).toMatch(/前年度の点検がないため/);
  });
});
