import ExcelJS from 'exceljs';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';
import { hasPoppler, readPdf } from '../support/pdf.ts';
import { sendReminders } from '../../src/server/modules/assessments/reminders.ts';
import { smallStandard } from '../support/standard.ts';

const STANDARD = smallStandard('監査用テスト');

type Item = { id: string; citation: string; rating?: { value: string } | null };

describeEngines('audits (mutual, internal, follow-up)', (engine) => {
  let h: TestApp;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};
  const templates: Record<string, string> = {};
  const pairs: Record<string, string> = {};
  let auditId = '';
  let items: Item[] = [];
  const item = (citation: string, list: Item[] = items) => list.find((i) => i.citation === citation)!.id;
  const findings: Record<string, string> = {};
  let followUpId = '';

  const upload = (who: Client, url: string, filename: string, content: string) => {
    const m = multipart(filename, content);
    return h.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, cookie: who.cookie, 'x-csrf-token': who.csrf } });
  };
  const count = async (table: 'audit_ratings' | 'audit_findings' | 'audit_notes' | 'audit_requests' | 'audit_request_evidence' | 'audit_log' | 'assessments') =>
    Number((await h.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = () => Promise.all((['audit_ratings', 'audit_findings', 'audit_notes', 'audit_requests', 'audit_request_evidence', 'audit_log', 'assessments'] as const).map(count));
  const A = (path = '') => `/api/v1/assessments/audits/${auditId}${path}`;

  async function makeTemplate(admin: Client) {
    const preview = await upload(admin, '/api/v1/catalogs/preview', 'kijun.txt', STANDARD);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    const saved = await admin.request('POST', '/api/v1/catalogs', { title: p.title, form: p.form, source: p.source, clauses: p.clauses, unplaced: p.unplaced, kind: 'standard' });
    expect(saved.statusCode).toBe(201);
    const checklist = await admin.request('POST', '/api/v1/checklists', { regulationId: saved.json().id, title: '監査チェックリスト' });
    expect(checklist.statusCode).toBe(201);
    return checklist.json().id as string;
  }

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2026-11-24T03:00:00Z');
    const logins: [string, string][] = [
      ['soc', 'admin@soc.renkei.example'],
      ['sakura', 'admin@sakura-tech.example'], ['sakuraAuditor', 'auditor@sakura-tech.example'], ['sakuraSys', 'sysadmin@sakura-tech.example'],
      ['minato', 'admin@minato-u.example'], ['minatoStaff', 'staff@minato-u.example'], ['minatoSys', 'sysadmin@minato-u.example'], ['minatoAuditor', 'auditor@minato-u.example'],
      ['aoba', 'admin@aoba-intl.example'], ['aobaAuditor', 'auditor@aoba-intl.example'],
      ['hibari', 'admin@hibari-sci.example'],
    ];
    for (const [k, email] of logins) c[k] = await signIn(h.app, email, DEMO_PASSWORD);
    // A coordinator (運用責任者) enrols in TOTP first, as the role requires.
    const coordinator = await signIn(h.app, 'coordinator@hibari-sci.example', DEMO_PASSWORD);
    const { secret } = (await coordinator.request('POST', '/api/v1/auth/mfa/setup')).json();
    const enabled = await coordinator.request('POST', '/api/v1/auth/mfa/enable', { code: new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: h.clock.now.getTime() }) });
    expect(enabled.statusCode).toBe(200);
    c.hibariCoordinator = coordinator;
    for (const u of await h.deps.db.selectFrom('users').select(['id', 'email']).execute()) ids[u.email] = u.id;
    for (const i of await h.deps.db.selectFrom('institutions').select(['id', 'code']).execute()) inst[i.code] = i.id;
    for (const k of ['sakura', 'minato', 'aoba']) templates[k] = await makeTemplate(c[k]!);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('plans the year’s mutual audit pairs, rotating from last year, for planners only', async () => {
    const pair = (a: string, b: string) => ({ auditorInstitutionId: inst[a], auditeeInstitutionId: inst[b] });
    const last = [pair('sakura', 'aoba'), pair('aoba', 'sakura'), pair('minato', 'hibari'), pair('hibari', 'minato')];
    expect((await c.minatoStaff!.request('POST', '/api/v1/assessments/audit-plans', { fiscalYear: 2025, pairs: last })).statusCode).toBe(403);
    expect((await c.sakura!.request('GET', '/api/v1/assessments/audit-plans/proposal?fiscalYear=2026')).statusCode).toBe(403);
    expect((await c.soc!.request('POST', '/api/v1/assessments/audit-plans', { fiscalYear: 2025, pairs: last })).statusCode).toBe(201);

    // The members' coordinators plan too.
    expect((await c.hibariCoordinator!.request('GET', '/api/v1/assessments/audit-plans/proposal?fiscalYear=2026')).statusCode).toBe(200);
    const proposal = (await c.soc!.request('GET', '/api/v1/assessments/audit-plans/proposal?fiscalYear=2026')).json();
    expect(proposal.previous).toHaveLength(4);
    expect(proposal.pairs).toHaveLength(4);
    const lastKeys = new Set(last.map((p) => `${p.auditorInstitutionId}>${p.auditeeInstitutionId}`));
    for (const p of proposal.pairs) {
      expect(p.auditor.id).not.toBe(p.auditee.id);
      expect(lastKeys.has(`${p.auditor.id}>${p.auditee.id}`)).toBe(false);
    }
    expect(new Set(proposal.pairs.map((p: { auditee: { id: string } }) => p.auditee.id)).size).toBe(4);

    const self = await c.soc!.request('POST', '/api/v1/assessments/audit-plans', { fiscalYear: 2026, pairs: [pair('sakura', 'sakura')] });
    expect(self.statusCode).toBe(409);
    expect(self.headers['content-type']).toContain('application/problem+json');
    expect(self.json().detail).toMatch(/^自機関を監査する組み合わせは作れません/);
    const unknown = await c.soc!.request('POST', '/api/v1/assessments/audit-plans', { fiscalYear: 2026, pairs: [{ auditorInstitutionId: inst.sakura, auditeeInstitutionId: inst['renkei-soc'] }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('body.pairs.0');

    const plan = await c.soc!.request('POST', '/api/v1/assessments/audit-plans', { fiscalYear: 2026, pairs: [pair('sakura', 'minato'), pair('minato', 'aoba'), pair('aoba', 'hibari'), pair('hibari', 'sakura')] });
    expect(plan.statusCode).toBe(201);
    for (const p of plan.json().pairs) pairs[`${p.auditor.code}>${p.auditee.code}`] = p.id;
    expect((await c.soc!.request('POST', '/api/v1/assessments/audit-plans', { fiscalYear: 2026, pairs: [pair('sakura', 'minato')] })).statusCode).toBe(409);
    // A member's managers see the pairs their institution is part of.
    const mine = (await c.minato!.request('GET', '/api/v1/assessments/audit-plans?fiscalYear=2026')).json().items[0].pairs;
    expect(mine.map((p: { auditor: { code: string }; auditee: { code: string } }) => `${p.auditor.code}>${p.auditee.code}`).sort()).toEqual(['minato>aoba', 'sakura>minato']);
  });

  it('sets up a mutual audit for a pair, enforcing that nobody audits their own institution', async () => {
    const body = {
      kind: 'mutual', title: '2026年度 相互監査（さくら → みなと）', templateId: templates.sakura, pairId: pairs['sakura>minato'],
      team: [{ userId: ids['auditor@sakura-tech.example'], role: 'lead' }, { userId: ids['sysadmin@sakura-tech.example'], role: 'member' }],
      startDate: '2026-12-01', endDate: '2026-12-18', documents: ['情報セキュリティポリシー', 'ログ管理手順書'],
      hearings: [{ at: '2026-12-10T10:00:00+09:00', topic: 'ログの取得と保管', attendees: '情報基盤センター' }],
    };
    const before = await snapshot();
    // The auditee cannot set up the audit of itself, and the team comes from the auditing institution only.
    expect((await c.minato!.request('POST', '/api/v1/assessments/audits', { ...body, templateId: templates.minato, team: [{ userId: ids['auditor@minato-u.example'], role: 'lead' }] })).json().errors[0].path).toBe('body.pairId');
    const own = await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, team: [...body.team, { userId: ids['staff@minato-u.example'], role: 'member' }] });
    expect(own.statusCode).toBe(409);
    expect(own.json().detail).toMatch(/^渚 教職員 さんは監査を受ける機関の所属のため、この監査の監査員にはなれません/);
    const third = await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, team: [...body.team, { userId: ids['auditor@aoba-intl.example'], role: 'member' }] });
    expect(third.statusCode).toBe(409);
    expect(third.json().detail).toMatch(/監査を行う機関の所属ではありません/);
    expect((await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, team: body.team.map((t) => ({ ...t, role: 'lead' })) })).statusCode).toBe(400);
    expect((await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, endDate: '2026-11-30' })).json().errors[0].path).toBe('body.endDate');
    expect((await c.sakuraAuditor!.request('POST', '/api/v1/assessments/audits', body)).statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);

    const created = await c.sakura!.request('POST', '/api/v1/assessments/audits', body);
    expect(created.statusCode).toBe(201);
    auditId = created.json().id;
    expect(created.json()).toMatchObject({
      kind: 'mutual', status: 'planned', fiscalYear: 2026, auditee: { id: inst.minato, department: null }, auditing: { id: inst.sakura },
      plan: { startDate: '2026-12-01', endDate: '2026-12-18', documents: ['情報セキュリティポリシー', 'ログ管理手順書'] }, scope: { items: 4, agreed: false },
    });
    expect((await c.sakura!.request('POST', '/api/v1/assessments/audits', body)).statusCode).toBe(409);
    expect((await c.soc!.request('GET', '/api/v1/assessments/audit-plans?fiscalYear=2026')).json().items[0].pairs.find((p: { id: string }) => p.id === pairs['sakura>minato']).auditId).toBe(auditId);

    // Everyone outside the audit: 404, not even the consortium administrator.
    for (const who of ['aoba', 'minatoStaff', 'soc', 'aobaAuditor']) {
      const res = await c[who]!.request('GET', A());
      expect(res.statusCode, who).toBe(404);
      expect(res.json().detail).toMatch(/^監査が見つかりません/);
    }
    expect((await c.aoba!.request('GET', '/api/v1/assessments/audits')).json().items).toEqual([]);
    // The team sees the plan and scope, not the auditee's material before the fieldwork.
    const asTeam = await c.sakuraAuditor!.request('GET', A('/items'));
    expect(asTeam.statusCode).toBe(200);
    items = asTeam.json().items;
    expect(items.map((i) => i.citation)).toEqual(['1.1(1)①', '1.1(1)②', '6.1(1)①', '6.2(1)①']);
    expect(items[0]).not.toHaveProperty('rating');
    expect((await c.sakuraAuditor!.request('GET', A('/requests'))).statusCode).toBe(403);
    expect((await c.sakuraAuditor!.request('GET', A('/findings'))).statusCode).toBe(403);
    expect((await c.sakuraAuditor!.request('GET', A('/self-inspection'))).statusCode).toBe(403);
    expect((await c.minato!.request('GET', '/api/v1/assessments/audits')).json().items.map((a: { id: string }) => a.id)).toEqual([auditId]);
  });

  it('needs both institutions to agree the scope, and moves only in order', async () => {
    const early = await c.sakuraAuditor!.request('POST', A('/close'));
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/^監査を「計画」から「完了」にはできません/);
    expect((await c.sakuraAuditor!.request('POST', A('/reporting'))).statusCode).toBe(409);
    expect((await c.sakuraAuditor!.request('POST', A('/fieldwork'))).json().detail).toMatch(/^監査範囲が双方/);

    expect((await c.minatoStaff!.request('POST', A('/scope/accept'))).statusCode).toBe(404);
    expect((await c.sakuraSys!.request('POST', A('/scope/accept'))).statusCode).toBe(403);
    expect((await c.minato!.request('POST', A('/scope/accept'))).json().scope.auditeeAcceptedAt).not.toBeNull();
    // Narrowing the scope asks both sides again; the auditee cannot change it.
    const keep = items.filter((i) => i.citation !== '1.1(1)②').map((i) => i.id);
    expect((await c.minato!.request('PATCH', A(), { scopeItemIds: keep })).statusCode).toBe(403);
    const narrowed = await c.sakuraAuditor!.request('PATCH', A(), { scopeItemIds: keep });
    expect(narrowed.statusCode).toBe(200);
    expect(narrowed.json().scope).toMatchObject({ items: 3, auditeeAcceptedAt: null, agreed: false });
    items = (await c.sakuraAuditor!.request('GET', A('/items'))).json().items;
    expect((await c.sakura!.request('POST', A('/scope/accept'))).json().scope.agreed).toBe(false);
    expect((await c.minato!.request('POST', A('/scope/accept'))).json().scope.agreed).toBe(true);

    // The auditee does not run the audit.
    expect((await c.minato!.request('POST', A('/fieldwork'))).statusCode).toBe(403);
    const started = await c.sakuraAuditor!.request('POST', A('/fieldwork'));
    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('fieldwork');
    expect((await c.sakuraAuditor!.request('POST', A('/fieldwork'))).statusCode).toBe(409);
    expect((await c.sakuraAuditor!.request('PATCH', A(), { title: '変更' })).statusCode).toBe(409);
  });

  it('requests evidence from the auditee, which only this audit’s team can then read', async () => {
    const req = await c.sakuraAuditor!.request('POST', A('/requests'), { itemId: item('6.1(1)①'), title: 'ログ管理手順書と直近3か月のログ保管状況', dueDate: '2026-12-05' });
    expect(req.statusCode).toBe(201);
    expect(req.json()).toMatchObject({ status: 'open', citation: '6.1(1)①', dueDate: '2026-12-05', evidence: [] });
    expect((await c.sakuraAuditor!.request('POST', A('/requests'), { title: 'x', dueDate: '2026-02-30' })).json().errors[0].path).toBe('body.dueDate');
    expect((await c.minato!.request('POST', A('/requests'), { title: 'x', dueDate: '2026-12-05' })).statusCode).toBe(403);

    const link = await c.minato!.request('POST', '/api/v1/assessments/evidence', { title: 'ログ管理手順書', url: 'https://portal.minato-u.example/rules/log', expiresOn: '2027-03-31' });
    expect(link.statusCode).toBe(201);
    const file = await upload(c.minato!, '/api/v1/assessments/evidence/upload?title=ログ保管状況', 'log-status.txt', 'ログ保管状況: 2026年9月〜11月 全システム取得済み');
    expect(file.statusCode).toBe(201);
    const secret = await c.minato!.request('POST', '/api/v1/assessments/evidence', { title: '未提出の内部資料', url: 'https://portal.minato-u.example/internal' });
    const foreign = await c.aoba!.request('POST', '/api/v1/assessments/evidence', { title: 'aoba', url: 'https://aoba-intl.example/x' });

    const url = `/api/v1/assessments/audit-requests/${req.json().id}/evidence`;
    expect((await c.aoba!.request('POST', url, { evidenceIds: [foreign.json().id] })).statusCode).toBe(404);
    expect((await c.sakuraAuditor!.request('POST', url, { evidenceIds: [link.json().id] })).statusCode).toBe(403);
    expect((await c.minato!.request('POST', url, { evidenceIds: [foreign.json().id] })).json().errors[0].path).toBe('body.evidenceIds');
    const provided = await c.minato!.request('POST', url, { evidenceIds: [link.json().id, file.json().id] });
    expect(provided.statusCode).toBe(200);
    expect(provided.json().status).toBe('provided');
    expect(provided.json().evidence.map((e: { title: string }) => e.title).sort()).toEqual(['ログ保管状況', 'ログ管理手順書']);

    const listed = (await c.sakuraAuditor!.request('GET', A('/requests'))).json().items[0];
    expect(listed.evidence).toHaveLength(2);
    const fileId = file.json().id;
    const got = await c.sakuraAuditor!.request('GET', A(`/evidence/${fileId}/versions/1/file`));
    expect(got.statusCode).toBe(200);
    expect(got.body).toContain('ログ保管状況');
    expect(got.headers['x-content-sha256']).toBe(file.json().current.sha256);
    // Nothing else of the auditee's: not the record itself through the evidence module, not what was not provided.
    expect((await c.sakuraAuditor!.request('GET', `/api/v1/assessments/evidence/${fileId}`)).statusCode).toBe(404);
    expect((await c.sakuraAuditor!.request('GET', A(`/evidence/${secret.json().id}/versions/1/file`))).statusCode).toBe(404);
    expect((await c.aobaAuditor!.request('GET', A(`/evidence/${fileId}/versions/1/file`))).statusCode).toBe(404);
    // The record shows where it serves.
    expect((await c.minato!.request('GET', `/api/v1/assessments/evidence/${fileId}`)).json().usedIn[0]).toMatchObject({ campaignId: auditId, citation: '6.1(1)①' });
  });

  it('reminds the auditee’s managers of an open evidence request the day before it is due and once overdue, once each, and not after it is provided', async () => {
    const saved = h.clock.now;
    // Due after the first request, so the lists later tests read keep their order.
    const req = (await c.sakuraAuditor!.request('POST', A('/requests'), { title: '脆弱性診断の報告書', dueDate: '2026-12-20' })).json();
    const reminded = async () => (await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'audits.request_reminder').execute())
      .map((r) => JSON.parse(r.payload) as { to: string; subject: string });
    /** The job at another time; requests over HTTP stay at the test's clock (sessions would expire). */
    const remindAt = async (iso: string) => {
      h.clock.now = new Date(iso);
      try {
        return (await sendReminders(h.deps)).requests;
      } finally {
        h.clock.now = saved;
      }
    };
    const managers = ['admin@minato-u.example', 'ciso@minato-u.example', 'coordinator@minato-u.example'];
    expect(await remindAt('2026-12-18T03:00:00Z')).toEqual([]); // two days before: nothing yet
    expect(await remindAt('2026-12-19T03:00:00Z')).toEqual([{ auditId, requestId: req.id, stage: 'request-due-soon@2026-12-20', reminded: 3, emails: 3 }]);
    expect(await remindAt('2026-12-20T03:00:00Z')).toEqual([]); // once per stage
    expect((await remindAt('2026-12-20T16:00:00Z')).map((r) => r.stage)).toEqual(['request-overdue@2026-12-20']); // 12-21 01:00 JST
    const mails = await reminded();
    expect(mails.map((m) => m.to).sort()).toEqual([...managers, ...managers].sort());
    expect(mails.filter((m) => m.subject === '[Renkei] 【期限超過】監査の資料依頼: 脆弱性診断の報告書')).toHaveLength(3);
    // Provided: no more reminders, whatever the date.
    const link = (await c.minato!.request('POST', '/api/v1/assessments/evidence', { title: '脆弱性診断 報告書', url: 'https://portal.minato-u.example/va/2026' })).json();
    expect((await c.minato!.request('POST', `/api/v1/assessments/audit-requests/${req.id}/evidence`, { evidenceIds: [link.id] })).statusCode).toBe(200);
    expect(await remindAt('2026-12-25T03:00:00Z')).toEqual([]);
    expect(await reminded()).toHaveLength(6);
    expect(await h.deps.db.selectFrom('audit_log').select('changes').where('action', '=', 'audit.request_remind').execute()).toHaveLength(2);
  });

  it('shows the team the auditee’s self-inspection of the year for the items in scope, without who answered', async () => {
    const created = await c.minato!.request('POST', '/api/v1/assessments/campaigns', { title: '2026年度 自己点検（みなと）', fiscalYear: 2026, templateId: templates.minato, deadline: '2027-01-31', ownerId: ids['admin@minato-u.example'] });
    const campaign = `/api/v1/assessments/campaigns/${created.json().id}`;
    await c.minato!.request('POST', `${campaign}/assignments`, { citationPrefix: '6', role: 'sysadmin', department: '情報基盤センター' });
    expect((await c.minato!.request('POST', `${campaign}/open`)).statusCode).toBe(200);
    const campaignItems: Item[] = (await c.minato!.request('GET', `${campaign}/items`)).json().items;
    const answer = { result: 'partial', comment: 'ログは取得しているが保存期間が未定' };
    expect((await c.minatoSys!.request('POST', `${campaign}/items/${item('6.1(1)①', campaignItems)}/answer/submit`, answer)).statusCode).toBe(200);
    await c.minatoSys!.request('PUT', `${campaign}/items/${item('6.2(1)①', campaignItems)}/answer`, { result: 'implemented' }); // a draft is not material

    const material = await c.sakuraAuditor!.request('GET', A('/self-inspection'));
    expect(material.statusCode).toBe(200);
    const byCitation = Object.fromEntries(material.json().items.map((i: { citation: string; answers: unknown[] }) => [i.citation, i.answers]));
    expect(byCitation['6.1(1)①']).toEqual([expect.objectContaining({ result: 'partial', resultLabel: '一部実施', comment: answer.comment, department: '情報基盤センター', status: 'submitted' })]);
    expect(byCitation['6.2(1)①']).toEqual([]);
    expect(material.body).not.toContain('灯台');
    expect(material.body).not.toContain(ids['sysadmin@minato-u.example']);
    expect((await c.aobaAuditor!.request('GET', A('/self-inspection'))).statusCode).toBe(404);
    expect((await c.sakura!.request('GET', A('/self-inspection'))).statusCode).toBe(403);
  });

  it('records notes and ratings by the team only, and every rating change in the audit log', async () => {
    const i61 = item('6.1(1)①');
    expect((await c.sakuraAuditor!.request('POST', A(`/items/${i61}/notes`), { kind: 'document_review', text: '手順書ではログの保存期間が定められていない。' })).statusCode).toBe(201);
    h.clock.advanceMinutes(1); // notes are listed in the order they were written
    expect((await c.sakuraSys!.request('POST', A(`/items/${i61}/notes`), { kind: 'hearing', text: '保存期間は運用で1年としているとの説明。' })).statusCode).toBe(201);
    expect((await c.sakuraAuditor!.request('POST', A(`/items/${i61}/notes`), { kind: 'memo', text: 'x' })).statusCode).toBe(400);

    const noComment = await c.sakuraAuditor!.request('PUT', A(`/items/${i61}/rating`), { rating: 'minor_nc' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().detail).toMatch(/^「軽微な不適合」の評価には根拠をコメントに書いてください/);
    expect((await c.sakuraAuditor!.request('PUT', A(`/items/${i61}/rating`), { rating: 'conforming' })).json().rating.value).toBe('conforming');
    const changed = await c.sakuraAuditor!.request('PUT', A(`/items/${i61}/rating`), { rating: 'minor_nc', comment: 'ログの保存期間が規程にない' });
    expect(changed.json().rating).toMatchObject({ value: 'minor_nc', label: '軽微な不適合' });
    expect((await c.sakuraSys!.request('PUT', A(`/items/${item('6.2(1)①')}/rating`), { rating: 'major_nc', comment: '修正プログラムの適用状況を誰も把握していない' })).statusCode).toBe(200);
    expect((await c.sakuraAuditor!.request('PUT', A(`/items/${item('1.1(1)①')}/rating`), { rating: 'good_practice', comment: 'CISOの役割が明文化され周知されている' })).statusCode).toBe(200);

    // Outsiders and the auditee change nothing.
    const before = await snapshot();
    expect((await c.aoba!.request('PUT', A(`/items/${i61}/rating`), { rating: 'conforming' })).statusCode).toBe(404);
    expect((await c.minatoAuditor!.request('PUT', A(`/items/${i61}/rating`), { rating: 'conforming' })).statusCode).toBe(404);
    expect((await c.minato!.request('PUT', A(`/items/${i61}/rating`), { rating: 'conforming' })).statusCode).toBe(403);
    expect((await c.minato!.request('POST', A('/findings'), { itemId: i61, category: 'observation', description: 'x' })).statusCode).toBe(403);
    expect((await c.sakura!.request('PUT', A(`/items/${i61}/rating`), { rating: 'conforming' })).statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);

    // The auditee does not read draft ratings or the team's notes before the report is issued.
    const viewed = (await c.minato!.request('GET', A('/items'))).json().items.find((i: Item) => i.id === i61);
    expect(viewed).not.toHaveProperty('rating');
    expect(viewed).not.toHaveProperty('notes');
    const log = await h.deps.db.selectFrom('audit_log').select(['action', 'changes']).where('action', '=', 'audit.rate').orderBy('seq').execute();
    expect(log.map((l) => JSON.parse(l.changes as string)).filter((x) => x.itemId === i61).map((x) => [x.from, x.to])).toEqual([[null, 'conforming'], ['conforming', 'minor_nc']]);
  });

  it('raises findings, issues the report to the auditee’s CISO, and takes responses with corrective action plans', async () => {
    const add = (body: Record<string, unknown>) => c.sakuraAuditor!.request('POST', A('/findings'), body);
    const minor = await add({ itemId: item('6.1(1)①'), category: 'minor_nc', description: 'ログの保存期間が規程に定められていない', evidence: 'ログ管理手順書 第3条' });
    expect(minor.statusCode).toBe(201);
    expect(minor.json()).toMatchObject({ clause: '6.1(1)①', category: 'minor_nc', categoryLabel: '軽微な不適合', status: 'open', evidence: 'ログ管理手順書 第3条' });
    findings.minor = minor.json().id;
    findings.major = (await add({ itemId: item('6.2(1)①'), clause: '6.2(1)① 脆弱性対策', category: 'major_nc', description: '修正プログラムの適用状況が把握されていない' })).json().id;
    findings.obs = (await add({ clause: '全般', category: 'observation', description: '規程の改訂履歴が分かりにくい' })).json().id;
    expect((await add({ category: 'observation', description: '根拠なし' })).json().errors[0].path).toBe('body.clause');
    expect((await add({ category: 'good_practice', clause: 'x', description: 'x' })).statusCode).toBe(400);
    const patched = await c.sakuraAuditor!.request('PATCH', `/api/v1/assessments/audit-findings/${findings.obs}`, { description: '規程の改訂履歴が一覧になっていない' });
    expect(patched.json().description).toBe('規程の改訂履歴が一覧になっていない');

    // The auditee cannot answer before the report is issued.
    expect((await c.minato!.request('PUT', `/api/v1/assessments/audit-findings/${findings.minor}/response`, { response: 'x', actionWhat: 'x', actionOwnerId: ids['sysadmin@minato-u.example'], actionDue: '2027-03-31' })).statusCode).toBe(409);
    expect((await c.sakuraAuditor!.request('POST', A('/reporting'))).json().status).toBe('reporting');
    const issued = await c.sakuraAuditor!.request('POST', A('/issue-report'), { summary: '概ね適切に運用されているが、ログと脆弱性対策に課題がある。' });
    expect(issued.json()).toMatchObject({ status: 'response', summary: '概ね適切に運用されているが、ログと脆弱性対策に課題がある。' });
    const mails = await h.deps.db.selectFrom('outbox').selectAll().where('event_type', '=', 'audits.report').execute();
    expect(mails.map((m) => JSON.parse(m.payload as string).to)).toEqual(['ciso@minato-u.example']);
    expect(JSON.parse(mails[0]!.payload as string).subject).toMatch(/^\[Renkei\] 監査報告書が発行されました/);

    // With the report, the auditee reads the ratings and notes.
    const afterIssue = (await c.minato!.request('GET', A('/items'))).json().items.find((i: Item) => i.id === item('6.1(1)①'));
    expect(afterIssue.rating.value).toBe('minor_nc');
    expect(afterIssue.notes.map((n: { kind: string }) => n.kind)).toEqual(['document_review', 'hearing']);

    // In response the team still reads the material but changes nothing.
    expect((await c.sakuraAuditor!.request('GET', A('/findings'))).json().items).toHaveLength(3);
    expect((await c.sakuraAuditor!.request('PUT', A(`/items/${item('6.1(1)①')}/rating`), { rating: 'conforming' })).json().detail).toMatch(/^「被監査側の回答」の監査では評価・記録を変更できません/);

    const respond = (id: string, body: Record<string, unknown>) => c.minato!.request('PUT', `/api/v1/assessments/audit-findings/${id}/response`, body);
    const noPlan = await respond(findings.minor!, { response: '規程を改訂します' });
    expect(noPlan.statusCode).toBe(400);
    expect(noPlan.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.actionWhat', 'body.actionOwnerId', 'body.actionDue']);
    expect((await respond(findings.minor!, { response: 'x', actionWhat: 'x', actionOwnerId: ids['sysadmin@sakura-tech.example'], actionDue: '2027-03-31' })).json().errors[0].path).toBe('body.actionOwnerId');
    expect((await c.sakuraAuditor!.request('PUT', `/api/v1/assessments/audit-findings/${findings.minor}/response`, { response: 'x' })).statusCode).toBe(403);
    const answered = await respond(findings.minor!, { response: '規程を改訂し保存期間を1年と定めます', actionWhat: 'ログ管理手順書の改訂', actionOwnerId: ids['sysadmin@minato-u.example'], actionDue: '2027-03-31' });
    expect(answered.json()).toMatchObject({ response: '規程を改訂し保存期間を1年と定めます', action: { what: 'ログ管理手順書の改訂', owner: { id: ids['sysadmin@minato-u.example'] }, due: '2027-03-31' } });

    const notYet = await c.sakuraAuditor!.request('POST', A('/close'));
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().detail).toMatch(/^不適合の指摘 1 件に被監査側の回答と是正計画/);
    await respond(findings.major!, { response: '資産管理台帳で適用状況を管理します', actionWhat: 'パッチ適用状況の月次確認', actionOwnerId: ids['sysadmin@minato-u.example'], actionDue: '2027-02-28' });
    const closed = await c.sakuraAuditor!.request('POST', A('/close'));
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toEqual({ id: auditId, status: 'closed' });
  });

  it('closes the auditors out once the audit is closed; the auditee keeps its record and tracks progress', async () => {
    const fileId = (await c.minato!.request('GET', A('/requests'))).json().items[0].evidence.find((e: { kind: string }) => e.kind === 'file').id;
    for (const who of ['sakuraAuditor', 'sakuraSys', 'sakura']) {
      expect((await c[who]!.request('GET', A())).statusCode, who).toBe(404);
      expect((await c[who]!.request('GET', A('/findings'))).statusCode, who).toBe(404);
      expect((await c[who]!.request('GET', `/api/v1/assessments/audit-findings/${findings.minor}`)).statusCode, who).toBe(404);
    }
    expect((await c.sakuraAuditor!.request('GET', A(`/evidence/${fileId}/versions/1/file`))).statusCode).toBe(404);
    expect((await c.sakuraAuditor!.request('GET', '/api/v1/assessments/audits')).json().items).toEqual([]);
    expect((await c.minato!.request('GET', A())).json().status).toBe('closed');

    const progress = (who: Client, id: string, body: Record<string, unknown>) => who.request('POST', `/api/v1/assessments/audit-findings/${id}/progress`, body);
    expect((await progress(c.minato!, findings.minor!, { status: 'in_progress', note: '改訂案を作成中' })).json().status).toBe('in_progress');
    expect((await progress(c.minato!, findings.minor!, { status: 'done', note: '改訂済み' })).json().status).toBe('done');
    const selfClose = await progress(c.minato!, findings.minor!, { status: 'closed' });
    expect(selfClose.statusCode).toBe(403);
    expect(selfClose.json().detail).toMatch(/^指摘の完了確認は監査員が行います/);
    expect((await progress(c.sakuraAuditor!, findings.minor!, { status: 'closed' })).statusCode).toBe(404);
    const actions = (await h.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'audit.finding%').execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'audit.finding_progress')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['audit.finding_create', 'audit.finding_update', 'audit.finding_respond']));
  });

  it('gives the auditee the final report as Excel, and nobody else', async () => {
    const xlsx = await c.minato!.request('GET', A('/report.xlsx'));
    expect(xlsx.statusCode).toBe(200);
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(String(xlsx.headers['content-disposition']))![1]!)).toBe('監査報告書_2026年度_2026年度 相互監査（さくら → みなと）.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '章ごと', '評定', '指摘事項']);
    const findingRows = wb.getWorksheet('指摘事項')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(findingRows).toContainEqual(['6.1(1)①', '軽微な不適合', 'ログの保存期間が規程に定められていない', 'ログ管理手順書 第3条', '規程を改訂し保存期間を1年と定めます', 'ログ管理手順書の改訂', '灯台 システム管理者', '2027-03-31', '是正完了（確認待ち）']);
    const chapter6 = wb.getWorksheet('章ごと')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1)).find((r) => r[0] === '6')!;
    expect(chapter6).toEqual(['6', 2, 0, 1, 1, 0, 0, 0]);
    for (const who of ['sakuraAuditor', 'sakura', 'aoba']) expect((await c[who]!.request('GET', A('/report.xlsx'))).statusCode, who).toBe(404);
  });

  it.skipIf(!hasPoppler)('renders the report as a PDF whose Japanese text survives pdftotext and whose pages are not blank (skipped without poppler-utils or fonts-noto-cjk)', async () => {
    const res = await c.minato!.request('GET', A('/report.pdf'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = readPdf(res.rawPayload);
    expect(pdf.info).toMatch(/^Title:\s+監査報告書 2026年度 相互監査（さくら → みなと）$/m);
    expect(pdf.fonts).toMatch(/NotoSansCJKjp-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    for (const s of ['監査報告書', 'みなと学芸大学（デモ）', 'さくら工科大学（デモ）', '吉野 監査担当（主任）', '概ね適切に運用されているが', '章ごとの評定', '良好事例', '修正プログラムの適用状況を誰も把握していない', 'ログ管理手順書の改訂', '期限: 2027-03-31', '是正完了']) {
      expect(pdf.text).toContain(s);
    }
    expect(pdf.text).not.toContain('（案）');
    expect(pdf.pageInk).toHaveLength(pdf.pages);
    for (const p of pdf.pageInk) expect(p.height).toBeGreaterThan(p.width); // A4 portrait
    // Not blank: the first page has a fair share of dark pixels.
    expect(pdf.pageInk[0]!.darkShare).toBeGreaterThan(0.02);
  });

  it('starts a follow-up audit with the open findings of the previous audit, where auditors verify the corrections', async () => {
    const body = {
      kind: 'follow_up', title: '2026年度 フォローアップ監査（みなと）', previousAuditId: auditId, fiscalYear: 2026,
      team: [{ userId: ids['auditor@sakura-tech.example'], role: 'lead' }], startDate: '2027-02-01', endDate: '2027-02-05',
    };
    // The auditing institution's managers see what they can follow up (the audit itself is out of their sight once closed), nobody else.
    const followable = async (who: Client) => (await who.request('GET', '/api/v1/assessments/audits/followable'));
    expect((await followable(c.sakura!)).json().items).toEqual([
      { id: auditId, title: '2026年度 相互監査（さくら → みなと）', fiscalYear: 2026, status: 'closed', auditee: { nameJa: 'みなと学芸大学（デモ）', nameEn: expect.any(String), department: null }, openFindings: 2 },
    ]);
    expect((await followable(c.sakuraAuditor!)).statusCode).toBe(403);
    expect((await followable(c.minato!)).json().items).toEqual([]);
    expect((await c.minato!.request('POST', '/api/v1/assessments/audits', body)).json().errors[0].path).toBe('body.previousAuditId');
    expect((await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, team: [{ userId: ids['sysadmin@minato-u.example'], role: 'lead' }] })).statusCode).toBe(409);
    const created = await c.sakura!.request('POST', '/api/v1/assessments/audits', body);
    expect(created.statusCode).toBe(201);
    followUpId = created.json().id;
    expect((await c.sakura!.request('POST', '/api/v1/assessments/audits', body)).json().detail).toMatch(/^この監査のフォローアップ監査はすでに進行中です/);
    expect((await followable(c.sakura!)).json().items).toEqual([]);
    expect(created.json()).toMatchObject({ kind: 'follow_up', previousAuditId: auditId, auditee: { id: inst.minato }, scope: { items: 2 } });
    const F = (p = '') => `/api/v1/assessments/audits/${followUpId}${p}`;
    await c.sakura!.request('POST', F('/scope/accept'));
    await c.minato!.request('POST', F('/scope/accept'));
    expect((await c.sakuraAuditor!.request('POST', F('/fieldwork'))).statusCode).toBe(200);

    const carried = (await c.sakuraAuditor!.request('GET', F('/findings'))).json().items;
    expect(carried.map((f: { originFindingId: string; status: string; category: string }) => [f.originFindingId, f.status, f.category]).sort()).toEqual(
      [[findings.major, 'open', 'major_nc'], [findings.minor, 'done', 'minor_nc']].sort(),
    );
    const carriedMinor = carried.find((f: { originFindingId: string }) => f.originFindingId === findings.minor).id;
    const carriedMajor = carried.find((f: { originFindingId: string }) => f.originFindingId === findings.major).id;
    const progress = (who: Client, id: string, b: Record<string, unknown>) => who.request('POST', `/api/v1/assessments/audit-findings/${id}/progress`, b);
    expect((await progress(c.sakuraAuditor!, carriedMajor, { status: 'closed' })).statusCode).toBe(409);
    const verified = await progress(c.sakuraAuditor!, carriedMinor, { status: 'closed', note: '改訂版の手順書で保存期間1年を確認' });
    expect(verified.json()).toMatchObject({ status: 'closed', progressNote: '改訂版の手順書で保存期間1年を確認' });
    // The finding it follows up is closed with it, on the auditee's record.
    expect((await c.minato!.request('GET', `/api/v1/assessments/audit-findings/${findings.minor}`)).json().status).toBe('closed');
    expect((await c.minato!.request('GET', `/api/v1/assessments/audit-findings/${findings.major}`)).json().status).toBe('open');
  });

  it('keeps internal auditors off their own area and respondents off the items they answer', async () => {
    // さくら's self-inspection of the year: every sysadmin answers the 6.x items for 情報基盤センター.
    const campaign = await c.sakura!.request('POST', '/api/v1/assessments/campaigns', { title: '2026年度 自己点検', fiscalYear: 2026, templateId: templates.sakura, deadline: '2027-01-31', ownerId: ids['admin@sakura-tech.example'] });
    expect((await c.sakura!.request('POST', `/api/v1/assessments/campaigns/${campaign.json().id}/assignments`, { citationPrefix: '6', role: 'sysadmin', department: '情報基盤センター' })).json().added).toBe(2);

    const body = {
      kind: 'internal', title: '2026年度 内部監査（情報基盤センター）', templateId: templates.sakura, fiscalYear: 2026, auditeeDepartment: '情報基盤センター',
      team: [{ userId: ids['auditor@sakura-tech.example'], role: 'lead' }, { userId: ids['sysadmin@sakura-tech.example'], role: 'member' }], startDate: '2027-01-10', endDate: '2027-01-20',
    };
    const own = await c.sakura!.request('POST', '/api/v1/assessments/audits', body);
    expect(own.statusCode).toBe(409);
    expect(own.json().detail).toMatch(/^染井 システム管理者 さんは「情報基盤センター」を担当しているため、この内部監査の監査員にはなれません/);
    const declared = await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, auditeeDepartment: '総務課', team: [{ ...body.team[0], departments: ['総務課'] }] });
    expect(declared.json().detail).toMatch(/^吉野 監査担当 さんは「総務課」を担当しているため/);
    expect((await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, auditeeDepartment: undefined })).json().errors[0].path).toBe('body.auditeeDepartment');
    expect((await c.minato!.request('POST', '/api/v1/assessments/audits', { ...body, templateId: templates.minato })).statusCode).toBe(409);

    const created = await c.sakura!.request('POST', '/api/v1/assessments/audits', { ...body, title: '2026年度 内部監査（総務課）', auditeeDepartment: '総務課' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'internal', auditee: { id: inst.sakura, department: '総務課' }, scope: { agreed: true } });
    const I = (p = '') => `/api/v1/assessments/audits/${created.json().id}${p}`;
    expect((await c.sakuraAuditor!.request('POST', I('/fieldwork'))).statusCode).toBe(200);
    const internalItems: Item[] = (await c.sakuraAuditor!.request('GET', I('/items'))).json().items;
    const before = await count('audit_ratings');
    const refused = await c.sakuraSys!.request('PUT', I(`/items/${item('6.1(1)①', internalItems)}/rating`), { rating: 'conforming' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/^染井 システム管理者 さんは同じ年度の自己点検で項目 6\.1\(1\)① の回答者のため、この項目を評価できません/);
    expect(await count('audit_ratings')).toBe(before);
    expect((await c.sakuraSys!.request('PUT', I(`/items/${item('1.1(1)①', internalItems)}/rating`), { rating: 'conforming' })).statusCode).toBe(200);
    expect((await c.sakuraAuditor!.request('PUT', I(`/items/${item('6.1(1)①', internalItems)}/rating`), { rating: 'conforming' })).statusCode).toBe(200);
    // Other institutions never see an internal audit.
    expect((await c.minato!.request('GET', I())).statusCode).toBe(404);
  });

  it('shows the consortium-wide share rated 適合 per chapter only when at least three institutions contribute', async () => {
    const view = async () => (await c.hibari!.request('GET', '/api/v1/assessments/audit-aggregates?fiscalYear=2026')).json();
    // One contributor (みなと, audited by さくら): nothing, not even the count.
    expect(await view()).toMatchObject({ available: false, contributors: null, chapters: [], minContributors: 3 });

    async function runMutual(pairKey: string, admin: Client, lead: Client, leadEmail: string, auditeeAdmin: Client, template: string, ratings: Record<string, string>) {
      const created = await admin.request('POST', '/api/v1/assessments/audits', {
        kind: 'mutual', title: `相互監査 ${pairKey}`, templateId: template, pairId: pairs[pairKey], team: [{ userId: ids[leadEmail], role: 'lead' }], startDate: '2026-12-01', endDate: '2026-12-10',
      });
      expect(created.statusCode).toBe(201);
      const P = (p = '') => `/api/v1/assessments/audits/${created.json().id}${p}`;
      await admin.request('POST', P('/scope/accept'));
      await auditeeAdmin.request('POST', P('/scope/accept'));
      expect((await lead.request('POST', P('/fieldwork'))).statusCode).toBe(200);
      const list: Item[] = (await lead.request('GET', P('/items'))).json().items;
      for (const [citation, rating] of Object.entries(ratings)) {
        expect((await lead.request('PUT', P(`/items/${item(citation, list)}/rating`), { rating, comment: '根拠' })).statusCode).toBe(200);
      }
      await lead.request('POST', P('/reporting'));
      return P;
    }
    const P2 = await runMutual('minato>aoba', c.minato!, c.minatoAuditor!, 'auditor@minato-u.example', c.aoba!, templates.minato!, { '1.1(1)①': 'conforming', '1.1(1)②': 'conforming', '6.1(1)①': 'conforming', '6.2(1)①': 'minor_nc' });
    // Still in reporting: a report not yet issued does not count.
    expect((await c.minatoAuditor!.request('POST', P2('/issue-report'), {})).json().status).toBe('response');
    // Two contributors give nothing.
    const two = await view();
    expect(two).toMatchObject({ available: false, contributors: null, chapters: [] });
    expect(two.message).toMatch(/^参加機関が3機関に満たないため/);

    const P3 = await runMutual('aoba>hibari', c.aoba!, c.aobaAuditor!, 'auditor@aoba-intl.example', c.hibariCoordinator!, templates.aoba!, { '1.1(1)①': 'minor_nc', '6.1(1)①': 'conforming', '6.2(1)①': 'observation' });
    expect((await view()).available).toBe(false);
    await c.aobaAuditor!.request('POST', P3('/issue-report'), {});

    const three = await view();
    expect(three).toMatchObject({ available: true, contributors: 3 });
    // Chapter 1: みなと good_practice (1.1①; 1.1② left the scope), あおば conforming ×2, ひばり minor_nc → 3 of 4.
    // Chapter 6: みなと minor_nc, major_nc; あおば conforming, minor_nc; ひばり conforming, observation → 2 of 6.
    expect(three.chapters.map((ch: { chapter: string; contributors: number; rated: number; conformingShare: number }) => [ch.chapter, ch.contributors, ch.rated, ch.conformingShare])).toEqual([
      ['1', 3, 4, 0.75], ['6', 3, 6, 0.333],
    ]);
    // No institution is named anywhere in the answer.
    const text = JSON.stringify(three);
    for (const id of Object.values(inst)) expect(text).not.toContain(id);
    for (const code of ['sakura', 'minato', 'aoba', 'hibari']) expect(text).not.toContain(code);
  });

  it('answers bad input on every audit route with real identifiers with a client error, never a 500, and changes nothing', async () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([url]) => /^\/api\/v1\/assessments\/audit/.test(url)).flatMap(([url, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), url })));
    expect(routes.length).toBeGreaterThanOrEqual(24);
    const requestId = (await h.deps.db.selectFrom('audit_requests').select('id').executeTakeFirstOrThrow()).id;
    const targets = [auditId, followUpId, findings.major!, requestId, "'; drop table audits; --"];
    const bodies = ['{"rating": "conforming", ', 'null', '[1]', JSON.stringify({
      rating: 'perfect', comment: ['x'], evidenceIds: 'x', pairs: [{ auditorInstitutionId: 1 }], fiscalYear: 'x', team: [{ userId: null, role: 'boss' }], startDate: '2026-13-45',
      hearings: [{ at: 'tomorrow' }], status: 'finished', category: 'grave', actionDue: 'soon', scopeItemIds: [], kind: 'external', dueDate: 'x', summary: 7,
    })];
    const before = await snapshot();
    const failures: string[] = [];
    let n = 0;
    for (const route of routes) {
      // Moves between states take no body: a real audit would move, so they get only the garbage identifier here.
      const bodiless = /\/(fieldwork|reporting|close|accept)$/.test(route.url);
      for (const id of bodiless ? targets.slice(-1) : targets) {
        const url = route.url.replace('{id}', encodeURIComponent(id)).replace('{itemId}', encodeURIComponent(items[0]!.id)).replace('{evidenceId}', 'x').replace('{versionNo}', '0') + '?fiscalYear=x';
        for (const body of route.method === 'GET' || route.method === 'DELETE' ? [undefined] : bodies) {
          for (const who of [c.sakuraAuditor!, c.minato!, c.soc!]) {
            n++;
            const res = await h.app.inject({
              method: route.method as 'GET', url, remoteAddress: `10.8.${(n >> 8) & 255}.${n & 255}`,
              headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: body }),
            });
            if (res.statusCode >= 500) failures.push(`${route.method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
            else if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${route.method} ${url}: ${res.statusCode} not problem+json`);
            else if (res.statusCode < 400 && route.method !== 'GET') failures.push(`${route.method} ${url}: ${res.statusCode} accepted a bad body`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});
