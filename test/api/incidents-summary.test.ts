import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { hasCjkFont } from '../support/documents.ts';
import { multipart } from '../support/multipart.ts';
import { hasPoppler, readPdf } from '../support/pdf.ts';

describeEngines('yearly incident summary as PDF and Excel', (engine) => {
  let h: TestApp;
  let admin: Client; // さくら工科大学の管理者 (handles incidents)
  let staff: Client;
  let outsider: Client; // みなと学芸大学の管理者
  let socAdmin: Client;
  const ids: Record<string, string> = {};
  let closedId = '';
  const URL_PDF = '/api/v1/incidents/summary/report.pdf?fiscalYear=2026';
  const URL_XLSX = '/api/v1/incidents/summary/report.xlsx?fiscalYear=2026';

  const signInAll = async () => {
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [admin, staff, outsider, socAdmin] = await Promise.all([as('admin@sakura-tech.example'), as('staff@sakura-tech.example'), as('admin@minato-u.example'), as('admin@soc.renkei.example')]);
  };
  const at = async (iso: string) => {
    h.clock.now = new Date(iso);
    await signInAll();
  };
  /** A member's report, triaged by the administrator; returns the incident id. */
  const incident = async (subject: string, triage: Record<string, unknown>) => {
    expect((await staff.request('POST', '/api/v1/incidents/reports', { subject, description: `${subject}の報告` })).statusCode).toBe(201);
    const id = (await admin.request('GET', '/api/v1/incidents?status=new')).json().items.find((i: { title: string }) => i.title === subject).id as string;
    expect((await admin.request('POST', `/api/v1/incidents/${id}/status`, { to: 'triage' })).statusCode).toBe(200);
    const p = await admin.request('PATCH', `/api/v1/incidents/${id}`, triage);
    expect(p.statusCode, p.body).toBe(200);
    return id;
  };
  const move = async (id: string, to: string) => {
    const r = await admin.request('POST', `/api/v1/incidents/${id}/status`, { to });
    expect(r.statusCode, r.body).toBe(200);
  };

  beforeAll(async () => {
    h = await createTestApp(engine);
    await at('2026-06-10T01:00:00Z'); // 10:00 JST
    for (const u of await h.deps.db.selectFrom('users').select(['id', 'email', 'display_name']).execute()) ids[u.email] = u.id;

    // June: an account takeover with personal data (1,200 students), contained after 6 hours, still in recovery with an open task.
    const a = await incident('学務システムのアカウント乗っ取り', {
      isIncident: true, category: 'account_takeover', severity: 'high', personalData: { involved: true, count: 1200, kinds: ['general'] },
    });
    await move(a, 'handling');
    expect((await admin.request('POST', `/api/v1/incidents/${a}/tasks`, { phase: 'recovery', title: '全学生のパスワード再設定の完了確認', ownerId: ids['sysadmin@sakura-tech.example'], dueDate: '2026-06-30' })).statusCode).toBe(201);
    expect((await admin.request('POST', `/api/v1/incidents/${a}/tasks`, { phase: 'other', title: '多要素認証の導入計画' })).statusCode).toBe(201);
    await at('2026-06-10T07:00:00Z');
    await move(a, 'recovery');
    expect((await admin.request('POST', '/api/v1/incidents/learnings', { kind: 'lesson', incidentId: a, title: '学務システムに多要素認証がなかった', body: '共通パスワードの使い回しが狙われた', improvement: '多要素認証を全学で必須にする' })).statusCode).toBe(201);

    // September: a defaced web page, contained after 30 hours, closed.
    await at('2026-09-01T00:00:00Z');
    const b = await incident('研究室 Web サーバーの改ざん', { isIncident: true, category: 'web_defacement', severity: 'medium' });
    await move(b, 'handling');
    await at('2026-09-02T06:00:00Z');
    await move(b, 'recovery');
    await move(b, 'closed');
    closedId = b;

    // November: a suspicion that was no incident, and a near miss.
    await at('2026-11-20T02:00:00Z');
    const c = await incident('不審なメールの相談', { isIncident: false });
    await move(c, 'closed');
    expect((await admin.request('POST', '/api/v1/incidents/learnings', { kind: 'near_miss', title: '宛先の自動補完で学外に送りかけた', body: '送信前に気づいた', category: 'misdirected_mail', occurredOn: '2026-10-02' })).statusCode).toBe(201);
    await at('2026-12-01T03:00:00Z');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the JSON summary carries the months, the longest time to contain and the open actions with their owners', async () => {
    const s = (await admin.request('GET', '/api/v1/incidents/summary?fiscalYear=2026')).json();
    expect(s).toMatchObject({ fiscalYear: 2026, fiscalYearLabel: '令和8年度', recorded: 3, incidents: 2, notIncidents: 1, personalDataIncidents: 1, lessonsLearned: 1, nearMisses: 1 });
    expect(s.timeToContain).toEqual({ contained: 2, medianHours: 18, maxHours: 30 });
    expect(s.byMonth.filter((m: { count: number }) => m.count).map((m: { month: string; count: number }) => [m.month, m.count])).toEqual([['2026-06', 1], ['2026-09', 1]]);
    expect(s.openActions.items.map((t: { title: string; owner: { name: string } | null; overdue: boolean }) => [t.title, t.owner?.name ?? null, t.overdue])).toEqual([
      ['全学生のパスワード再設定の完了確認', expect.any(String), true], ['多要素認証の導入計画', null, false],
    ]);
  });

  it('refuses the documents like the summary: members without the role, the consortium, bad years; nothing is logged', async () => {
    const before = (await h.deps.db.selectFrom('audit_log').select('seq').execute()).length;
    for (const url of [URL_PDF, URL_XLSX]) {
      const denied = await staff.request('GET', url);
      expect(denied.statusCode).toBe(403);
      expect(denied.headers['content-type']).toContain('application/problem+json');
      expect(denied.json().detail).toMatch(/^この操作を行う権限がありません/);
      expect((await socAdmin.request('GET', url)).statusCode).toBe(403);
      const bad = await admin.request('GET', url.replace('2026', '1999'));
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    expect((await h.deps.db.selectFrom('audit_log').select('seq').execute()).length).toBe(before);
  });

  it('gives the workbook: summary, categories, severities, months, mandatory reports, open actions with owners, lessons', async () => {
    const res = await admin.request('GET', URL_XLSX);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('インシデント年次報告_2026年度_')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '分類別', '深刻度別', '月別', '報告義務', '未完了の対応', '教訓・ヒヤリハット']);
    const summary = new Map<string, unknown>();
    wb.getWorksheet('概要')!.eachRow((row, n) => {
      if (n > 1) summary.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(summary.get('報告書')).toBe('令和8年度 情報セキュリティインシデント年次報告');
    expect(summary.get('機関')).toBe('さくら工科大学（デモ）');
    expect(summary.get('期間（JST）')).toBe('2026-04-01 〜 2027-03-31');
    expect([summary.get('インシデント'), summary.get('インシデントではなかったもの'), summary.get('封じ込めまでの時間（中央値・時間）'), summary.get('封じ込めまでの時間（最長・時間）')]).toEqual([2, 1, 18, 30]);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row, n) => {
        if (n > 1) out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    expect(rows('分類別').filter((r) => r[1])).toEqual([['アカウント乗っ取り', 1], ['Web改ざん', 1]]);
    expect(rows('深刻度別').filter((r) => r[1])).toEqual([['中', 1], ['高', 1]]);
    expect(rows('月別').map((r) => r[0])).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
    expect(rows('月別').filter((r) => r[1])).toEqual([['2026-06', 1], ['2026-09', 1]]);
    // 1,200 people: the PPC reports are owed; none made by 12-01, so both are overdue.
    expect(rows('報告義務').find((r) => r[0] === '個人情報保護委員会への速報')).toEqual(['個人情報保護委員会への速報', 1, 0, 0, 1]);
    const sysadminName = (await h.deps.db.selectFrom('users').select('display_name').where('email', '=', 'sysadmin@sakura-tech.example').executeTakeFirstOrThrow()).display_name;
    const actions = rows('未完了の対応');
    expect(actions[0]!.slice(2)).toEqual(['復旧', '全学生のパスワード再設定の完了確認', sysadminName, '2026-06-30', '超過']);
    expect(actions[1]!.slice(2, 5)).toEqual(['その他', '多要素認証の導入計画', '（未定）']);
    expect(actions.map((r) => r[0])).toEqual(['INC-2026-0001', 'INC-2026-0001']);
    expect(rows('教訓・ヒヤリハット').map((r) => [r[0], r[2]])).toEqual([['教訓', '学務システムに多要素認証がなかった'], ['ヒヤリハット', '宛先の自動補完で学外に送りかけた']]);
  });

  it.skipIf(!hasPoppler || !hasCjkFont())('renders an A4 PDF whose Japanese text survives pdftotext and whose pages are not blank (skipped without poppler-utils or fonts-noto-cjk)', async () => {
    const res = await admin.request('GET', URL_PDF);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pages).toBeLessThanOrEqual(3);
    expect(pdf.info).toMatch(/^Title:\s+令和8年度 情報セキュリティインシデント年次報告/m);
    expect(pdf.fonts).toMatch(/NotoSansCJKjp-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    for (const s of ['令和8年度 情報セキュリティインシデント年次報告', 'さくら工科大学（デモ）', '分類別の件数', 'アカウント乗っ取り', '月別の件数', '封じ込めまでの時間',
      '個人情報保護委員会への速報', '未完了の対応', '全学生のパスワード再設定の完了確認', '教訓とヒヤリハット', '宛先の自動補完で学外に送りかけた']) {
      expect(pdf.text).toContain(s);
    }
    expect(pdf.text).toMatch(/2\s*件\s+18 時間\s+30 時間/);
    expect(pdf.text).toMatch(/2026-06-30（期日超過）/);
    expect(pdf.pageInk).toHaveLength(pdf.pages);
    for (const p of pdf.pageInk) {
      expect(p.height).toBeGreaterThan(p.width); // A4 portrait
      expect(p.darkShare).toBeGreaterThan(0.002);
    }
    expect(pdf.pageInk[0]!.darkShare).toBeGreaterThan(0.02);
  });

  it('logs each download (year and format) in the audit log', async () => {
    await admin.request('GET', URL_XLSX);
    const entries = await h.deps.db.selectFrom('audit_log').select(['action', 'object_type', 'object_id', 'changes']).where('action', '=', 'incident.summary_export').execute();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.every((e) => e.object_type === 'incident_summary' && e.object_id === '2026')).toBe(true);
    expect(entries.map((e) => (typeof e.changes === 'string' ? JSON.parse(e.changes) : e.changes).format)).toContain('xlsx');
  });

  it('another institution gets its own (empty) year, never these incidents', async () => {
    const res = await outsider.request('GET', URL_XLSX);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()));
    expect(text).not.toContain('学務システム');
    expect(text).toContain('みなと');
  });

  it('a closed incident is read-only: every edit gives a clear 409 and changes nothing', async () => {
    const url = `/api/v1/incidents/${closedId}`;
    const state = async () => ({
      incident: await h.deps.db.selectFrom('incidents').selectAll().where('id', '=', closedId).executeTakeFirstOrThrow(),
      events: (await h.deps.db.selectFrom('incident_events').select('id').where('incident_id', '=', closedId).execute()).length,
      tasks: (await h.deps.db.selectFrom('incident_tasks').select('id').where('incident_id', '=', closedId).execute()).length,
      evidence: (await h.deps.db.selectFrom('incident_evidence').select('id').where('incident_id', '=', closedId).execute()).length,
      audit: (await h.deps.db.selectFrom('audit_log').select('seq').execute()).length,
    });
    const before = await state();
    const m = multipart('log.txt', 'x');
    const attempts = [
      await admin.request('PATCH', url, { severity: 'low', title: '書き換え' }),
      await admin.request('POST', `${url}/timeline`, { kind: 'note', text: '完了後のメモ' }),
      await admin.request('POST', `${url}/tasks`, { phase: 'other', title: '完了後のタスク' }),
      await admin.request('POST', `${url}/status`, { to: 'handling' }),
      await h.app.inject({ method: 'POST', url: `${url}/evidence`, payload: m.payload, headers: { ...m.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf } }),
    ];
    for (const r of attempts) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(attempts[0]!.json().detail).toMatch(/^完了したインシデントは変更できません/);
    expect(await state()).toEqual(before);
  });
});
