import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendReminders } from '../../src/server/modules/assessments/reminders.ts';
import { OutboxWorker } from '../../src/server/platform/outbox/worker.ts';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';
import { startSmtp, subjectOf } from '../support/smtp.ts';
import { smallStandard } from '../support/standard.ts';

const STANDARD = smallStandard('自己点検用テスト');

describeEngines('self-inspection campaigns', (engine) => {
  let h: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: Client; // さくら工科大学の管理者: creates and runs campaigns
  let auditor: Client; // the responsible person (reviewer)
  let sysadmin: Client;
  let staff: Client;
  let outsider: Client; // みなと学芸大学の管理者
  let socAdmin: Client; // the consortium administrator
  const ids: Record<string, string> = {};
  let templateId = '';
  let campaignId = '';
  let items: { id: string; citation: string }[] = [];
  const item = (citation: string) => items.find((i) => i.citation === citation)!.id;

  const upload = (c: Client, url: string, filename: string, content: Uint8Array | string) => {
    const m = multipart(filename, content);
    return h.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
  };
  const count = async (table: 'assessment_answers' | 'evidence' | 'evidence_versions' | 'evidence_blobs' | 'improvement_items' | 'audit_log') =>
    Number((await h.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const outbox = (event: string) => h.deps.db.selectFrom('outbox').selectAll().where('event_type', '=', event).execute();
  const answerOf = async (c: Client, citation: string) => (await c.request('GET', `/api/v1/assessments/campaigns/${campaignId}/my-items`)).json().items.find((i: { citation: string }) => i.citation === citation).answer;

  /** Sessions end after an hour idle: sign in again whenever the test moves the clock by days. */
  const signInAll = async () => {
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [admin, auditor, sysadmin, staff, outsider, socAdmin] = await Promise.all([
      as('admin@sakura-tech.example'), as('auditor@sakura-tech.example'), as('sysadmin@sakura-tech.example'), as('staff@sakura-tech.example'),
      as('admin@minato-u.example'), as('admin@soc.renkei.example'),
    ]);
  };
  const setClock = async (iso: string) => {
    h.clock.now = new Date(iso);
    await signInAll();
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await createTestApp(engine, { RENKEI_UPLOAD_MAX_MB: '0.5', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    h.clock.now = new Date('2026-11-24T03:00:00Z');
    await signInAll();
    for (const u of await h.deps.db.selectFrom('users').select(['id', 'email', 'institution_id']).execute()) ids[u.email] = u.id;
    // A second system administrator: "every sysadmin answers the 6.x items" means each of them answers.
    const now = h.clock.now.toISOString();
    ids.sysadmin2 = crypto.randomUUID();
    await h.deps.db.insertInto('users').values({
      id: ids.sysadmin2, institution_id: (await h.deps.db.selectFrom('users').select('institution_id').where('id', '=', ids['admin@sakura-tech.example']!).executeTakeFirstOrThrow()).institution_id,
      email: 'sysadmin2@sakura-tech.example', display_name: '染井 第二システム管理者', password_hash: null, locale: 'en', status: 'active', mfa_secret: null, mfa_enabled_at: null,
      mfa_last_step: null, last_login_at: null, created_at: now, updated_at: now, deactivated_at: null,
    }).execute();
    await h.deps.db.insertInto('user_roles').values({ user_id: ids.sysadmin2, role: 'sysadmin', coordinator_of: null, granted_at: now }).execute();

    const preview = await upload(admin, '/api/v1/catalogs/preview', 'kijun.txt', STANDARD);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    const saved = await admin.request('POST', '/api/v1/catalogs', { title: p.title, form: p.form, source: p.source, clauses: p.clauses, unplaced: p.unplaced, kind: 'standard' });
    expect(saved.statusCode).toBe(201);
    const checklist = await admin.request('POST', '/api/v1/checklists', { regulationId: saved.json().id, title: '自己点検チェックリスト' });
    expect(checklist.statusCode).toBe(201);
    templateId = checklist.json().id;
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('creates a campaign in draft for the institution’s administrators only, and refuses bad input', async () => {
    const body = { title: '2026年度 情報セキュリティ自己点検', fiscalYear: 2026, templateId, deadline: '2027-01-31', ownerId: ids['auditor@sakura-tech.example'] };
    const denied = await staff.request('POST', '/api/v1/assessments/campaigns', body);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/^この操作を行う権限がありません/);

    const badDate = await admin.request('POST', '/api/v1/assessments/campaigns', { ...body, deadline: '2027-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.headers['content-type']).toContain('application/problem+json');
    expect(badDate.json().detail).toMatch(/^回答期限/);
    expect(badDate.json().errors[0].path).toBe('body.deadline');
    expect((await admin.request('POST', '/api/v1/assessments/campaigns', { ...body, deadline: '2062-01-31' })).json().detail).toMatch(/^2026年度の点検の回答期限は/);
    const foreignOwner = await admin.request('POST', '/api/v1/assessments/campaigns', { ...body, ownerId: ids['admin@minato-u.example'] });
    expect(foreignOwner.statusCode).toBe(400);
    expect(foreignOwner.json().errors[0].path).toBe('body.ownerId');
    expect((await admin.request('POST', '/api/v1/assessments/campaigns', { ...body, templateId: 'no-such-template' })).json().errors[0].path).toBe('body.templateId');
    // Another member's template cannot be used.
    expect((await outsider.request('POST', '/api/v1/assessments/campaigns', { ...body, ownerId: ids['admin@minato-u.example'] })).statusCode).toBe(400);

    const created = await admin.request('POST', '/api/v1/assessments/campaigns', body);
    expect(created.statusCode).toBe(201);
    campaignId = created.json().id;
    expect(created.json().items).toBe(4);
    const c = (await admin.request('GET', `/api/v1/assessments/campaigns/${campaignId}`)).json();
    expect(c).toMatchObject({ status: 'draft', fiscalYear: 2026, deadline: '2027-01-31T14:59:59.999Z', deadlineJst: '2027-01-31 23:59', remindBeforeDays: [7, 1], remindAfterDays: [1, 7] });
    items = (await admin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/items`)).json().items;
    expect(items.map((i) => [i.citation, (i as unknown as { chapter: string }).chapter])).toEqual([['1.1(1)①', '1'], ['1.1(1)②', '1'], ['6.1(1)①', '6'], ['6.2(1)①', '6']]);

    // Nobody outside the institution sees it, not even the consortium administrator.
    for (const c2 of [outsider, socAdmin]) {
      const res = await c2.request('GET', `/api/v1/assessments/campaigns/${campaignId}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toMatch(/^点検が見つかりません/);
      expect((await c2.request('GET', '/api/v1/assessments/campaigns')).json().items).toEqual([]);
    }
    // The reviewer sees the draft; respondents (not yet assigned) do not.
    expect((await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}`)).statusCode).toBe(200);
    expect((await sysadmin.request('GET', `/api/v1/assessments/campaigns/${campaignId}`)).statusCode).toBe(404);
  });

  it('assigns items to roles and people, and opens only in order', async () => {
    const url = `/api/v1/assessments/campaigns/${campaignId}/assignments`;
    expect((await admin.request('POST', url, { citationPrefix: '6', role: 'sysadmin', userId: ids['staff@sakura-tech.example'] })).statusCode).toBe(400);
    expect((await admin.request('POST', url, { citationPrefix: '9', role: 'sysadmin' })).json().errors[0].path).toBe('body.citationPrefix');
    expect((await admin.request('POST', url, { citationPrefix: '6', itemIds: [item('6.1(1)①')], role: 'sysadmin' })).statusCode).toBe(400);
    expect((await staff.request('POST', url, { citationPrefix: '6', role: 'sysadmin' })).statusCode).toBe(404);
    expect((await outsider.request('POST', url, { citationPrefix: '6', role: 'sysadmin' })).statusCode).toBe(404);

    // Closing a draft is out of order; opening without assignments is refused.
    const early = await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/close`);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/^点検を「準備中」から「終了」にはできません/);
    expect((await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/open`)).json().detail).toMatch(/^担当者が割り当てられていない/);

    const sys = await admin.request('POST', url, { citationPrefix: '6', role: 'sysadmin', department: '情報基盤センター' });
    expect(sys.json()).toEqual({ added: 2, alreadyAssigned: 0 });
    expect((await admin.request('POST', url, { citationPrefix: '6.', role: 'sysadmin' })).json()).toEqual({ added: 0, alreadyAssigned: 2 });
    expect((await admin.request('POST', url, { citationPrefix: '1.1', userId: ids['staff@sakura-tech.example'], department: '総務課' })).json().added).toBe(2);
    const list = (await auditor.request('GET', url)).json().items;
    expect(list).toHaveLength(4);

    const opened = await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/open`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().status).toBe('open');
    expect((await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/open`)).statusCode).toBe(409);
    // Each respondent is asked once, in their own language.
    const asked = await outbox('assessments.assigned');
    const to = asked.map((m) => JSON.parse(m.payload) as { to: string; subject: string });
    expect(to.map((m) => m.to).sort()).toEqual(['staff@sakura-tech.example', 'sysadmin2@sakura-tech.example', 'sysadmin@sakura-tech.example']);
    expect(to.find((m) => m.to === 'staff@sakura-tech.example')!.subject).toContain('自己点検のお願い');
    expect(to.find((m) => m.to === 'sysadmin2@sakura-tech.example')!.subject).toContain('Self-inspection');

    // Respondents now see the campaign and only their own items.
    expect((await sysadmin.request('GET', '/api/v1/assessments/campaigns')).json().items.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    const mine = (await sysadmin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/items`)).json().items;
    expect(mine.map((i: { citation: string }) => i.citation)).toEqual(['6.1(1)①', '6.2(1)①']);
    expect(mine[0].assignees).toBeUndefined();
  });

  let fileEvidence = '';
  let linkEvidence = '';
  it('keeps evidence as versioned records with a content hash, and refuses forbidden and oversized files', async () => {
    const before = await Promise.all([count('evidence'), count('evidence_versions'), count('evidence_blobs')]);
    const exe = await upload(sysadmin, '/api/v1/assessments/evidence/upload?title=tool', 'tool.exe', 'MZ\x90\x00binary');
    expect(exe.statusCode).toBe(415);
    expect(exe.json().detail).toMatch(/^「tool\.exe」は証跡として登録できない種類のファイルです/);
    const renamed = await upload(sysadmin, '/api/v1/assessments/evidence/upload', 'report.pdf', 'MZ\x90\x00binary');
    expect(renamed.statusCode).toBe(415);
    const big = await upload(sysadmin, '/api/v1/assessments/evidence/upload', 'big.txt', 'あ'.repeat(200_000));
    expect(big.statusCode).toBe(413);
    expect((await sysadmin.request('POST', '/api/v1/assessments/evidence', { title: 'x', url: 'javascript:alert(1)' })).statusCode).toBe(400);
    expect((await sysadmin.request('POST', '/api/v1/assessments/evidence', { title: 'x', url: 'https://a.example/', effectiveFrom: '2026-05-01', expiresOn: '2026-04-01' })).json().errors[0].path).toBe('body.expiresOn');
    expect(await Promise.all([count('evidence'), count('evidence_versions'), count('evidence_blobs')])).toEqual(before);

    const content = 'ログ取得設定\nrsyslog: *.* @@loghost.sakura-tech.example\n保存期間: 13か月\n';
    const file = await upload(sysadmin, `/api/v1/assessments/evidence/upload?title=${encodeURIComponent('ログ取得設定書')}&effectiveFrom=2026-04-01&expiresOn=2026-10-31`, 'ログ設定.txt', content);
    expect(file.statusCode).toBe(201);
    const f = file.json();
    fileEvidence = f.id;
    expect(f).toMatchObject({ title: 'ログ取得設定書', kind: 'file', currentVersion: 1, expired: true });
    expect(f.current.sha256).toBe(crypto.createHash('sha256').update(content).digest('hex'));

    // A new version supersedes the expired one; the old version stays readable.
    const v2 = await upload(sysadmin, `/api/v1/assessments/evidence/${fileEvidence}/versions/upload?expiresOn=2027-10-31`, 'ログ設定.txt', `${content}改訂: 2026-11\n`);
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({ currentVersion: 2, expired: false });
    expect(v2.json().versions.map((v: { versionNo: number; expired: boolean }) => [v.versionNo, v.expired])).toEqual([[2, false], [1, true]]);
    const dl = await sysadmin.request('GET', `/api/v1/assessments/evidence/${fileEvidence}/versions/1/file`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe(content);
    expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('ログ設定.txt')}`);
    expect((await sysadmin.request('POST', `/api/v1/assessments/evidence/${fileEvidence}/versions`, { url: 'https://a.example/' })).statusCode).toBe(409);

    const link = await sysadmin.request('POST', '/api/v1/assessments/evidence', { title: 'パッチ適用記録（ポータル）', url: 'https://portal.sakura-tech.example/patches/2026', expiresOn: '2027-03-31' });
    expect(link.statusCode).toBe(201);
    linkEvidence = link.json().id;

    // Other people do not see it: another respondent, another member.
    expect((await staff.request('GET', `/api/v1/assessments/evidence/${fileEvidence}`)).statusCode).toBe(404);
    expect((await outsider.request('GET', `/api/v1/assessments/evidence/${fileEvidence}/versions/1/file`)).statusCode).toBe(404);
    expect((await admin.request('GET', '/api/v1/assessments/evidence')).json().items.map((e: { id: string }) => e.id).sort()).toEqual([fileEvidence, linkEvidence].sort());
  });

  it('lets respondents save drafts and submit their own items only, with clear errors that change nothing', async () => {
    const at = (citation: string) => `/api/v1/assessments/campaigns/${campaignId}/items/${item(citation)}/answer`;
    // staff is not assigned 6.1; an outsider does not even see the campaign.
    const notMine = await staff.request('PUT', at('6.1(1)①'), { result: 'implemented' });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().detail).toMatch(/^項目 6\.1\(1\)① はあなたに割り当てられていないため回答できません/);
    expect((await outsider.request('PUT', at('6.1(1)①'), { result: 'implemented' })).statusCode).toBe(404);
    expect((await sysadmin.request('PUT', at('6.1(1)①'), { result: 'mostly' })).statusCode).toBe(400);
    expect(await count('assessment_answers')).toBe(0);

    const draft = await sysadmin.request('PUT', at('6.1(1)①'), { result: 'partial', evidenceIds: [fileEvidence, linkEvidence] });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', result: 'partial', resultLabel: '一部実施', department: '情報基盤センター' });
    expect(draft.json().evidence.map((e: { id: string; linkedVersion: number }) => [e.id, e.linkedVersion]).sort()).toEqual([[fileEvidence, 2], [linkEvidence, 1]].sort());

    // 一部実施 needs a comment: refused, and the draft is unchanged.
    const noComment = await sysadmin.request('POST', `${at('6.1(1)①')}/submit`, {});
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].path).toBe('body.comment');
    expect((await answerOf(sysadmin, '6.1(1)①')).status).toBe('draft');
    // Unknown evidence is refused as a whole.
    expect((await sysadmin.request('PUT', at('6.1(1)①'), { comment: 'x', evidenceIds: ['nope'] })).statusCode).toBe(400);
    expect((await answerOf(sysadmin, '6.1(1)①')).comment).toBeNull();

    const submitted = await sysadmin.request('POST', `${at('6.1(1)①')}/submit`, { comment: '主要サーバーは取得済み。研究室サーバーは未対応。' });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', result: 'partial' });
    const locked = await sysadmin.request('PUT', at('6.1(1)①'), { result: 'implemented' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().detail).toMatch(/^提出済みの回答は変更できません/);

    // The same evidence serves another item too.
    expect((await sysadmin.request('POST', `${at('6.2(1)①')}/submit`, { result: 'implemented', evidenceIds: [linkEvidence] })).json().status).toBe('submitted');
    const usedIn = (await sysadmin.request('GET', `/api/v1/assessments/evidence/${linkEvidence}`)).json().usedIn;
    expect(usedIn.map((u: { citation: string }) => u.citation).sort()).toEqual(['6.1(1)①', '6.2(1)①']);

    expect((await staff.request('POST', `${at('1.1(1)①')}/submit`, { result: 'implemented' })).statusCode).toBe(200);
    expect((await staff.request('POST', `${at('1.1(1)②')}/submit`, { result: 'not_implemented', comment: '委員会は今年度未開催' })).json().department).toBe('総務課');
    // The second sysadmin has not started.
    const s2 = await h.deps.db.selectFrom('assessment_answers').select('id').execute();
    expect(s2).toHaveLength(4);
  });

  it('lets the reviewer send back with a comment or accept, in order, but never their own answer', async () => {
    const answers = (await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}/answers?status=submitted`)).json().items;
    expect(answers).toHaveLength(4);
    const a61 = answers.find((a: { citation: string }) => a.citation === '6.1(1)①');
    expect(a61.evidence).toHaveLength(2);
    expect((await sysadmin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/answers`)).statusCode).toBe(403);
    expect((await sysadmin.request('POST', `/api/v1/assessments/answers/${a61.id}/accept`, {})).statusCode).toBe(403);
    expect((await outsider.request('POST', `/api/v1/assessments/answers/${a61.id}/accept`, {})).statusCode).toBe(404);
    // Respondents see their own answers only; the reviewer reads the evidence linked to the answers under review.
    expect((await staff.request('GET', `/api/v1/assessments/answers/${a61.id}`)).statusCode).toBe(404);
    expect((await sysadmin.request('GET', `/api/v1/assessments/answers/${a61.id}`)).statusCode).toBe(200);
    expect((await auditor.request('GET', `/api/v1/assessments/evidence/${fileEvidence}/versions/2/file`)).statusCode).toBe(200);
    expect((await staff.request('GET', `/api/v1/assessments/evidence/${fileEvidence}/versions/2/file`)).statusCode).toBe(404);

    expect((await auditor.request('POST', `/api/v1/assessments/answers/${a61.id}/send-back`, { comment: '' })).statusCode).toBe(400);
    const back = await auditor.request('POST', `/api/v1/assessments/answers/${a61.id}/send-back`, { comment: '研究室サーバーの対応予定時期を書いてください' });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ status: 'draft', reviewComment: '研究室サーバーの対応予定時期を書いてください', result: 'partial' });
    expect((await auditor.request('POST', `/api/v1/assessments/answers/${a61.id}/accept`, {})).json().detail).toMatch(/^この回答は下書きのため、承認できません/);
    const told = await outbox('assessments.sent_back');
    expect(told.map((m) => (JSON.parse(m.payload) as { to: string }).to)).toEqual(['sysadmin@sakura-tech.example']);
    // The respondent sees the comment, revises and submits again; the reviewer accepts.
    expect((await answerOf(sysadmin, '6.1(1)①')).reviewComment).toContain('対応予定時期');
    await sysadmin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/items/${item('6.1(1)①')}/answer/submit`, { comment: '主要サーバーは取得済み。研究室サーバーは2027年3月までに対応。' });
    const ok = await auditor.request('POST', `/api/v1/assessments/answers/${a61.id}/accept`, { comment: '確認しました' });
    expect(ok.json()).toMatchObject({ status: 'accepted', reviewComment: '確認しました' });
    expect((await auditor.request('POST', `/api/v1/assessments/answers/${a61.id}/send-back`, { comment: 'x' })).statusCode).toBe(409);

    // Nobody reviews their own answer, even an administrator who is also a respondent.
    const adminItem = `/api/v1/assessments/campaigns/${campaignId}/assignments`;
    await admin.request('POST', adminItem, { itemIds: [item('6.2(1)①')], userId: ids['admin@sakura-tech.example'] });
    const own = await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/items/${item('6.2(1)①')}/answer/submit`, { result: 'implemented' });
    expect(own.statusCode).toBe(200);
    const self = await admin.request('POST', `/api/v1/assessments/answers/${own.json().id}/accept`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toMatch(/^自分の回答を自分で承認/);
    const unassign = (await admin.request('GET', adminItem)).json().items.find((a: { userId: string | null }) => a.userId === ids['admin@sakura-tech.example']);
    expect((await admin.request('DELETE', `${adminItem}/${unassign.id}`)).statusCode).toBe(204);
  });

  it('shows progress per item, respondent and department, and results per chapter', async () => {
    const p = (await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}/progress`)).json();
    // staff 2 items, sysadmin 2, sysadmin2 2 (not started), admin 1 (answered, then unassigned: the answer is kept)
    expect(p.total).toMatchObject({ assigned: 7, notStarted: 2, draft: 0, submitted: 4, accepted: 1 });
    expect(p.items.find((i: { citation: string }) => i.citation === '6.2(1)①')).toMatchObject({ assigned: 3, notStarted: 1, submitted: 2 });
    expect(p.respondents.find((r: { respondentId: string }) => r.respondentId === ids.sysadmin2)).toMatchObject({ assigned: 2, notStarted: 2, completion: 0 });
    expect(p.departments.find((d: { department: string }) => d.department === '総務課')).toMatchObject({ assigned: 2, submitted: 2, completion: 1 });
    expect((await sysadmin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/progress`)).statusCode).toBe(403);

    const r = (await admin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/results`)).json();
    expect(r.chapters).toEqual([
      expect.objectContaining({ chapter: '1', items: 2, answers: 2, implemented: 1, notImplemented: 1, implementedShare: 0.5 }),
      expect.objectContaining({ chapter: '6', items: 2, answers: 3, implemented: 2, partial: 1, implementedShare: 2 / 3 }),
    ]);
    expect(r.departments.find((d: { department: string }) => d.department === '情報基盤センター')).toMatchObject({ answers: 2, implemented: 1, partial: 1 });
    expect((await admin.request('GET', `/api/v1/assessments/campaigns/${campaignId}/comparison`)).json()).toEqual({ previous: null, comparison: null });
  });

  it('raises improvement items from gap answers, with owner and due date, and tracks their status', async () => {
    const answers = (await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}/answers`)).json().items;
    const gap = answers.find((a: { citation: string }) => a.citation === '1.1(1)②');
    const fine = answers.find((a: { citation: string }) => a.citation === '1.1(1)①');
    const body = { title: '情報セキュリティ委員会の年次開催', ownerId: ids['staff@sakura-tech.example'], dueDate: '2027-03-31', description: '年度内に開催し議事録を残す' };
    const before = await count('improvement_items');
    expect((await auditor.request('POST', `/api/v1/assessments/answers/${fine.id}/improvements`, body)).statusCode).toBe(409);
    expect((await staff.request('POST', `/api/v1/assessments/answers/${gap.id}/improvements`, body)).statusCode).toBe(403);
    expect((await auditor.request('POST', `/api/v1/assessments/answers/${gap.id}/improvements`, { ...body, dueDate: '2027-02-31' })).statusCode).toBe(400);
    expect((await auditor.request('POST', `/api/v1/assessments/answers/${gap.id}/improvements`, { ...body, ownerId: ids['admin@minato-u.example'] })).statusCode).toBe(400);
    expect(await count('improvement_items')).toBe(before);

    const made = await auditor.request('POST', `/api/v1/assessments/answers/${gap.id}/improvements`, body);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ status: 'open', citation: '1.1(1)②', dueDate: '2027-03-31', owner: { id: ids['staff@sakura-tech.example'] }, overdue: false });
    const id = made.json().id;
    expect((await outbox('assessments.improvement')).map((m) => (JSON.parse(m.payload) as { to: string }).to)).toEqual(['staff@sakura-tech.example']);

    // The owner moves it along; only the reviewer changes owner or due date; out-of-order changes are refused.
    expect((await staff.request('GET', '/api/v1/assessments/improvements')).json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await sysadmin.request('GET', '/api/v1/assessments/improvements')).json().items).toEqual([]);
    expect((await staff.request('PATCH', `/api/v1/assessments/improvements/${id}`, { status: 'in_progress', note: '日程調整中' })).json()).toMatchObject({ status: 'in_progress', statusNote: '日程調整中' });
    expect((await staff.request('PATCH', `/api/v1/assessments/improvements/${id}`, { dueDate: '2027-06-30' })).statusCode).toBe(403);
    expect((await staff.request('PATCH', `/api/v1/assessments/improvements/${id}`, { status: 'done' })).json().closedAt).toBeTruthy();
    const bad = await staff.request('PATCH', `/api/v1/assessments/improvements/${id}`, { status: 'cancelled' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().detail).toMatch(/^改善項目を「完了」から「取り消し」にはできません/);
    expect((await outsider.request('PATCH', `/api/v1/assessments/improvements/${id}`, { status: 'open' })).statusCode).toBe(404);
    expect((await admin.request('GET', `/api/v1/assessments/improvements?campaignId=${campaignId}&status=done`)).json().items).toHaveLength(1);
  });

  it('reminds respondents who have not submitted, once per stage, before and after the deadline, by real e-mail', async () => {
    h.clock.now = new Date('2027-01-20T00:00:00Z'); // 11 days before: no stage yet
    expect((await sendReminders(h.deps)).campaigns).toEqual([]);
    await setClock('2027-01-25T00:00:00Z'); // within 7 days
    const first = await sendReminders(h.deps);
    expect(first.campaigns).toEqual([{ campaignId, stage: 'before-7@2027-01-31', reminded: 1, emails: 1 }]);
    // Run again the same day (or twice at once): nothing more.
    expect((await sendReminders(h.deps)).campaigns).toEqual([]);
    const reminders = await outbox('assessments.reminder');
    expect(reminders.map((m) => (JSON.parse(m.payload) as { to: string }).to)).toEqual(['sysadmin2@sakura-tech.example']);

    // After the deadline: the respondent with a sent-back (draft) answer is reminded as well.
    const a62 = (await auditor.request('GET', `/api/v1/assessments/campaigns/${campaignId}/answers?status=submitted`)).json().items.find((a: { citation: string; respondent: { id: string } }) => a.citation === '6.2(1)①' && a.respondent.id === ids['sysadmin@sakura-tech.example']);
    expect((await auditor.request('POST', `/api/v1/assessments/answers/${a62.id}/send-back`, { comment: '適用記録の期間を明記してください' })).statusCode).toBe(200);
    await setClock('2027-02-02T00:00:00Z');
    // Two runs at once (two servers on one database): each respondent is e-mailed by one of them only.
    const runs = await Promise.all([sendReminders(h.deps), sendReminders(h.deps)]);
    expect(runs.flatMap((r) => r.campaigns)).toEqual([{ campaignId, stage: 'after-1@2027-01-31', reminded: 2, emails: 2 }]);
    expect((await sendReminders(h.deps)).campaigns).toEqual([]);

    const report = await new OutboxWorker(h.deps).runOnce();
    expect(report.failed).toBe(0);
    const delivered = smtp.mails.filter((m) => /自己点検の回答のお願い|Self-inspection reminder/.test(subjectOf(m.raw)));
    expect(delivered.map((m) => m.to[0]).sort()).toEqual(['sysadmin2@sakura-tech.example', 'sysadmin2@sakura-tech.example', 'sysadmin@sakura-tech.example']);
    const overdue = delivered.find((m) => m.to[0] === 'sysadmin@sakura-tech.example')!;
    expect(subjectOf(overdue.raw)).toBe('[Renkei] 【期限超過】自己点検の回答のお願い: 2026年度 情報セキュリティ自己点検');
    expect(delivered.filter((m) => m.to[0] === 'sysadmin2@sakura-tech.example').map((m) => subjectOf(m.raw))).toContain('[Renkei] [OVERDUE] Self-inspection reminder: 2026年度 情報セキュリティ自己点検');
  });

  it('refuses answers and reviews once the campaign is closed, changing nothing', async () => {
    expect((await sysadmin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/close`)).statusCode).toBe(403);
    expect((await auditor.request('POST', `/api/v1/assessments/campaigns/${campaignId}/close`)).statusCode).toBe(403);
    const closed = await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/close`);
    expect(closed.json().status).toBe('closed');
    const auditBefore = await count('audit_log');
    const late = await sysadmin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/items/${item('6.2(1)①')}/answer/submit`, { result: 'implemented', comment: '遅れて提出' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/^この点検は終了しているため回答できません \/ This campaign is closed/);
    expect((await answerOf(sysadmin, '6.2(1)①')).status).toBe('draft');
    expect((await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/open`)).statusCode).toBe(409);
    expect((await admin.request('PATCH', `/api/v1/assessments/campaigns/${campaignId}`, { title: '変更' })).statusCode).toBe(409);
    expect((await admin.request('POST', `/api/v1/assessments/campaigns/${campaignId}/assignments`, { all: true, role: 'staff' })).statusCode).toBe(409);
    expect(await count('audit_log')).toBe(auditBefore);
    await setClock('2027-02-20T00:00:00Z');
    expect((await sendReminders(h.deps)).campaigns).toEqual([]);
  });

  it('compares with the previous fiscal year’s campaign of the same template', async () => {
    const next = await admin.request('POST', '/api/v1/assessments/campaigns', { title: '2027年度 情報セキュリティ自己点検', fiscalYear: 2027, templateId, deadline: '2027-07-31T17:00:00+09:00', ownerId: ids['auditor@sakura-tech.example'], remindAfterDays: [] });
    expect(next.statusCode).toBe(201);
    const id = next.json().id;
    await admin.request('POST', `/api/v1/assessments/campaigns/${id}/assignments`, { all: true, userId: ids['staff@sakura-tech.example'] });
    expect((await admin.request('POST', `/api/v1/assessments/campaigns/${id}/open`)).statusCode).toBe(200);
    const nextItems = (await staff.request('GET', `/api/v1/assessments/campaigns/${id}/items`)).json().items as { id: string; citation: string }[];
    const results: Record<string, [string, string?]> = { '1.1(1)①': ['implemented'], '1.1(1)②': ['implemented'], '6.1(1)①': ['implemented'], '6.2(1)①': ['not_implemented', '担当者不在'] };
    for (const i of nextItems) {
      const [result, comment] = results[i.citation]!;
      expect((await staff.request('POST', `/api/v1/assessments/campaigns/${id}/items/${i.id}/answer/submit`, { result, comment })).statusCode).toBe(200);
    }
    const cmp = (await auditor.request('GET', `/api/v1/assessments/campaigns/${id}/comparison`)).json();
    expect(cmp.previous).toMatchObject({ id: campaignId, fiscalYear: 2026 });
    const trend = (citation: string) => cmp.comparison.items.find((i: { citation: string }) => i.citation === citation).trend;
    expect(trend('1.1(1)②')).toBe('improved');
    expect(trend('1.1(1)①')).toBe('unchanged');
    expect(trend('6.2(1)①')).toBe('worsened');
    expect(cmp.comparison.chapters.map((c: { chapter: string; trend: string }) => [c.chapter, c.trend])).toEqual([['1', 'improved'], ['6', 'worsened']]);
    // Each fiscal year has its own list.
    expect((await admin.request('GET', '/api/v1/assessments/campaigns?fiscalYear=2027')).json().items.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('writes every change to the audit log under the institution', async () => {
    const rows = await h.deps.db.selectFrom('audit_log').select(['action', 'institution_id']).where('action', 'like', 'assessment.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['assessment.create', 'assessment.assign', 'assessment.unassign', 'assessment.open', 'assessment.close', 'assessment.answer_save', 'assessment.answer_submit', 'assessment.answer_send_back', 'assessment.answer_accept', 'assessment.remind']) {
      expect(actions).toContain(a);
    }
    const others = await h.deps.db.selectFrom('audit_log').select('action').where((eb) => eb.or([eb('action', 'like', 'evidence.%'), eb('action', 'like', 'improvement.%')])).execute();
    expect(new Set(others.map((r) => r.action))).toEqual(new Set(['evidence.create', 'evidence.version', 'improvement.create', 'improvement.update']));
    const sakura = ids['admin@sakura-tech.example'] && (await h.deps.db.selectFrom('users').select('institution_id').where('id', '=', ids['admin@sakura-tech.example']!).executeTakeFirstOrThrow()).institution_id;
    expect(new Set(rows.map((r) => r.institution_id))).toEqual(new Set([sakura]));
  });
  it('answers bad input on every assessment route with real identifiers with a client error, never a 500', async () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([url]) => url.startsWith('/api/v1/assessments')).flatMap(([url, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), url })));
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const answerId = (await h.deps.db.selectFrom('assessment_answers').select('id').executeTakeFirstOrThrow()).id;
    const ids = [campaignId, answerId, fileEvidence, "'; drop table assessments; --"];
    const bodies = ['{"result": "implemented", ', 'null', '[1]', JSON.stringify({ result: 42, comment: ['x'], evidenceIds: 'x', ownerId: null, dueDate: '2027-13-45', deadline: 'tomorrow', status: 'finished', fiscalYear: 'x', citationPrefix: '', userId: 7 })];
    const failures: string[] = [];
    let n = 0;
    for (const route of routes) {
      for (const id of ids) {
        const url = route.url.replace('{id}', encodeURIComponent(id)).replace('{itemId}', encodeURIComponent(item('6.1(1)①'))).replace('{assignmentId}', 'x').replace('{versionNo}', '1') + '?status=maybe&fiscalYear=x&mine=perhaps';
        for (const body of route.method === 'GET' || route.method === 'DELETE' ? [undefined] : bodies) {
          for (const c of [admin, sysadmin]) {
            n++;
            const res = await h.app.inject({
              method: route.method as 'GET', url, remoteAddress: `10.9.${(n >> 8) & 255}.${n & 255}`,
              headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: body }),
            });
            if (res.statusCode >= 500) failures.push(`${route.method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
            else if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${route.method} ${url}: ${res.statusCode} not problem+json`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
