import { TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifyOverdue } from '../../src/server/modules/incidents/deadlines.ts';
import { OutboxWorker } from '../../src/server/platform/outbox/worker.ts';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';
import { startSmtp, subjectOf } from '../support/smtp.ts';

const PUBLIC = '/api/v1/public/incident-reports';
const publicReport = (over: Record<string, unknown> = {}) => ({
  institutionCode: 'sakura', name: '外部 太郎', email: 'taro@example.net', affiliation: '株式会社サンプル',
  subject: '貴学のWebサイトが改ざんされているようです', description: 'トップページに見慣れない文言とリンクが表示されています。', ...over,
});

describeEngines('incident handling', (engine) => {
  let h: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: Client; // さくら工科大学の管理者 (handles incidents)
  let csirt: Client; // さくら工科大学の CSIRT (MFA enrolled below)
  let staff: Client; // reports
  let sysadmin: Client;
  let outsider: Client; // みなと学芸大学の管理者
  let socAdmin: Client; // the consortium administrator
  const ids: Record<string, string> = {};
  let publicIncidentId = '';
  let memberIncidentId = '';

  const count = async (table: 'incidents' | 'incident_reports' | 'incident_assets' | 'incident_tasks' | 'incident_evidence' | 'audit_log' | 'outbox') =>
    Number((await h.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => Object.fromEntries(await Promise.all((['incidents', 'incident_reports', 'incident_assets', 'incident_tasks', 'incident_evidence', 'audit_log', 'outbox'] as const).map(async (t) => [t, await count(t)])));
  const post = (body: unknown, ip: string) => h.app.inject({ method: 'POST', url: PUBLIC, payload: body as object, remoteAddress: ip });
  const recipients = async (event: string) => (await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', event).execute()).map((r) => JSON.parse(r.payload).to as string).sort();
  const auditActions = async (objectId: string) => (await h.deps.db.selectFrom('audit_log').select('action').where('object_id', '=', objectId).orderBy('seq').execute()).map((r) => r.action);

  const signInAll = async () => {
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [admin, staff, sysadmin, outsider, socAdmin] = await Promise.all([
      as('admin@sakura-tech.example'), as('staff@sakura-tech.example'), as('sysadmin@sakura-tech.example'), as('admin@minato-u.example'), as('admin@soc.renkei.example'),
    ]);
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await createTestApp(engine, { RENKEI_UPLOAD_MAX_MB: '0.5', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    h.clock.now = new Date('2026-11-24T01:00:00Z'); // 10:00 JST
    await signInAll();
    for (const u of await h.deps.db.selectFrom('users').select(['id', 'email']).execute()) ids[u.email] = u.id;
    // The CSIRT member must enrol in TOTP first.
    csirt = await signIn(h.app, 'csirt@sakura-tech.example', DEMO_PASSWORD);
    const { secret } = (await csirt.request('POST', '/api/v1/auth/mfa/setup')).json();
    const code = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: h.clock.now.getTime() });
    expect((await csirt.request('POST', '/api/v1/auth/mfa/enable', { code })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('lists the member institutions that take reports from outside, without signing in', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/public/incident-reports/institutions' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { code: string }) => i.code)).toEqual(['aoba', 'hibari', 'minato', 'sakura']);
    expect(Object.keys(res.json().items[0]).sort()).toEqual(['code', 'externalReportEmail', 'externalReportUrl', 'nameEn', 'nameJa']);
  });

  it('takes a report from the public form, answers a receipt number and puts it in the CSIRT queue', async () => {
    const res = await post(publicReport(), '198.51.100.7');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.receiptNo).toMatch(/^R-2026-\d{6}$/);
    expect(body.institution.code).toBe('sakura');
    expect(JSON.stringify(body)).not.toMatch(/INC-|"seq"|incidentId/);

    const queue = (await csirt.request('GET', '/api/v1/incidents?status=new')).json().items;
    expect(queue).toHaveLength(1);
    publicIncidentId = queue[0].id;
    expect(queue[0]).toMatchObject({ ref: 'INC-2026-0001', status: 'new', title: '貴学のWebサイトが改ざんされているようです', isIncident: null });
    const detail = (await csirt.request('GET', `/api/v1/incidents/${publicIncidentId}`)).json();
    expect(detail.reports[0]).toMatchObject({ receiptNo: body.receiptNo, channel: 'public', contact: { name: '外部 太郎', email: 'taro@example.net', ip: '198.51.100.7' } });
    expect(await recipients('incidents.reported')).toEqual(['coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
    expect(await auditActions(publicIncidentId)).toEqual(['incident.report']);
    const entry = await h.deps.db.selectFrom('audit_log').selectAll().where('object_id', '=', publicIncidentId).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_label: 'public-report-form', ip: '198.51.100.7', institution_id: ids['admin@sakura-tech.example'] ? expect.any(String) : null });
  });

  it('answers a bot that fills the honeypot like anyone else, and keeps nothing', async () => {
    const before = await counts();
    const real = (await h.deps.db.selectFrom('incident_reports').select('receipt_no').executeTakeFirstOrThrow()).receipt_no;
    const res = await post(publicReport({ website: 'http://spam.example' }), '198.51.100.8');
    expect(res.statusCode).toBe(201);
    expect(res.json().receiptNo).toMatch(/^R-2026-\d{6}$/);
    expect(res.json().receiptNo).not.toBe(real);
    expect(Object.keys(res.json()).sort()).toEqual(['institution', 'message', 'receiptNo', 'receivedAt', 'receivedAtJst']);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with 400 problem details and writes nothing', async () => {
    const before = await counts();
    const bad: [Record<string, unknown>, string][] = [
      [publicReport({ email: 'not-an-address' }), 'body.email'],
      [publicReport({ description: 'あ'.repeat(5001) }), 'body.description'],
      [publicReport({ subject: '   ' }), 'body.subject'],
      [publicReport({ institutionCode: 'no-such-university' }), 'body.institutionCode'],
      [publicReport({ institutionCode: 'renkei-soc' }), 'body.institutionCode'], // the operator takes no incident reports
      [publicReport({ extra: 'field' }), 'body'],
      [publicReport({ occurredAt: 'yesterday' }), 'body.occurredAt'],
      [publicReport({ occurredAt: '2027-01-01T00:00:00Z' }), 'body.occurredAt'],
      [publicReport({ website: 'x', institutionCode: 'renkei-soc' }), 'body.institutionCode'],
    ];
    for (const [payload, path] of bad) {
      const res = await post(payload, '198.51.100.9');
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(res.json().errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
    }
    expect(await counts()).toEqual(before);
  });

  it('rate-limits the public form per address, and lets it in again after the window', async () => {
    for (let i = 0; i < 5; i++) expect((await post(publicReport({ subject: `スパム ${i}` }), '203.0.113.66')).statusCode).toBe(201);
    const before = await counts();
    const limited = await post(publicReport(), '203.0.113.66');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toContain('多すぎます');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000); // the oldest of the five leaves the window in about an hour
    expect(await counts()).toEqual(before);
    expect((await post(publicReport(), '203.0.113.67')).statusCode).toBe(201);
    h.clock.advanceMinutes(61);
    expect((await post(publicReport(), '203.0.113.66')).statusCode).toBe(201);
    // Receipts are random per report: nothing counts up across reports or institutions.
    const receipts = (await h.deps.db.selectFrom('incident_reports').select('receipt_no').execute()).map((r) => r.receipt_no);
    expect(new Set(receipts).size).toBe(receipts.length);
    h.clock.now = new Date('2026-11-24T01:00:00Z');
    await signInAll();
  });

  it('merges a duplicate report into another incident', async () => {
    const queue = (await csirt.request('GET', '/api/v1/incidents?status=new')).json().items as { id: string; title: string; ref: string }[];
    const first = queue.find((i) => i.title === 'スパム 0')!;
    const dup = queue.find((i) => i.title === 'スパム 1')!;
    const receipt = (await h.deps.db.selectFrom('incident_reports').select('receipt_no').where('incident_id', '=', dup.id).executeTakeFirstOrThrow()).receipt_no;
    expect((await outsider.request('POST', `/api/v1/incidents/${dup.id}/merge`, { into: first.id })).statusCode).toBe(404);
    expect((await csirt.request('POST', `/api/v1/incidents/${dup.id}/merge`, { into: dup.id })).statusCode).toBe(400);
    expect((await csirt.request('POST', `/api/v1/incidents/${dup.id}/merge`, { into: 'no-such-incident' })).statusCode).toBe(400);
    const merged = await csirt.request('POST', `/api/v1/incidents/${dup.id}/merge`, { into: first.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().reports.map((r: { receiptNo: string }) => r.receiptNo)).toContain(receipt);
    expect(merged.json().timeline.at(-1).text).toContain(`${dup.ref}「スパム 1」を重複として統合しました`);
    expect((await csirt.request('GET', `/api/v1/incidents/${dup.id}`)).statusCode).toBe(404);
    expect(await auditActions(dup.id)).toEqual(['incident.report', 'incident.merge']);
  });

  it('lets a member report a suspicion and follow only their own reports', async () => {
    const res = await staff.request('POST', '/api/v1/incidents/reports', { subject: '不審なメールのリンクを開いてしまいました', description: '学内ポータルを装ったメールでIDとパスワードを入力しました。', suspicion: true });
    expect(res.statusCode).toBe(201);
    expect(res.json().receiptNo).toMatch(/^R-2026-\d{6}$/);
    const mine = (await staff.request('GET', '/api/v1/incidents/reports/mine')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ subject: '不審なメールのリンクを開いてしまいました', suspicion: true, status: 'new', statusLabel: { ja: '新規' } });
    expect(await recipients('incidents.receipt')).toEqual(['staff@sakura-tech.example']); // outsiders get no mail: the form is no mail relay
    expect((await sysadmin.request('GET', '/api/v1/incidents/reports/mine')).json().items).toEqual([]);
    memberIncidentId = (await csirt.request('GET', '/api/v1/incidents?status=new')).json().items.find((i: { title: string }) => i.title.startsWith('不審なメール')).id;

    // The reporter and other members cannot handle; other institutions and the consortium do not see it.
    expect((await staff.request('GET', '/api/v1/incidents')).statusCode).toBe(403);
    for (const c of [staff, sysadmin, outsider, socAdmin]) {
      expect((await c.request('GET', `/api/v1/incidents/${memberIncidentId}`)).statusCode).toBe(404);
      expect((await c.request('POST', `/api/v1/incidents/${memberIncidentId}/status`, { to: 'triage' })).statusCode).toBe(404);
    }
    expect((await outsider.request('GET', '/api/v1/incidents')).json().items).toEqual([]);
    expect((await socAdmin.request('GET', '/api/v1/incidents')).statusCode).toBe(403); // the operator organisation takes no incident reports
    expect((await socAdmin.request('POST', '/api/v1/incidents/reports', { subject: 'x', description: 'y' })).statusCode).toBe(403);
  });

  it('triages: states in order, category, severity, affected systems and personal data; mandatory reports follow', async () => {
    const url = `/api/v1/incidents/${memberIncidentId}`;
    const move = (to: string, c: Client = csirt) => c.request('POST', `${url}/status`, { to });
    const skip = await move('handling');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().detail).toContain('次の状態はトリアージ');
    expect((await move('triage')).statusCode).toBe(200);
    expect((await move('handling')).statusCode).toBe(409); // not yet decided
    expect((await move('closed')).statusCode).toBe(409); // only a non-incident closes from triage

    // Bad triage input: nothing changes.
    const before = await counts();
    const snapshot = await h.deps.db.selectFrom('incidents').selectAll().where('id', '=', memberIncidentId).executeTakeFirstOrThrow();
    for (const body of [
      { category: 'bogus' },
      { severity: 'apocalyptic' },
      { assets: [{ kind: 'system', name: '学務システム', confidentiality: 5 }] },
      { personalData: { involved: true, count: -1 } },
      { personalData: { involved: true, kinds: ['shoe_size'] } },
      { awareAt: '2099-01-01T00:00:00Z' },
      { handlerId: ids['admin@minato-u.example'] },
    ]) {
      const res = await csirt.request('PATCH', url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await counts()).toEqual(before);
    expect(await h.deps.db.selectFrom('incidents').selectAll().where('id', '=', memberIncidentId).executeTakeFirstOrThrow()).toEqual(snapshot);

    const triaged = await csirt.request('PATCH', url, {
      isIncident: true, category: 'account_takeover', severity: 'high', awareAt: '2026-11-24T01:00:00Z',
      personalData: { involved: true, count: 1200, kinds: ['general', 'student_records'], unauthorisedPurpose: true },
      assets: [
        { kind: 'system', name: '学務情報システム', confidentiality: 3, integrity: 2, availability: 2 },
        { kind: 'information', name: '履修者名簿', confidentiality: 3, note: '学籍番号と氏名' },
      ],
    });
    expect(triaged.statusCode).toBe(200);
    const inc = triaged.json();
    expect(inc).toMatchObject({ isIncident: true, category: 'account_takeover', categoryLabel: { ja: 'アカウント乗っ取り' }, severity: 'high', severityLabel: { ja: '高' } });
    expect(inc.personalData).toMatchObject({ involved: true, count: 1200, ppcCases: [3, 4] });
    expect(inc.assets).toHaveLength(2);
    expect(inc.timeline.map((e: { kind: string }) => e.kind)).toEqual(['note', 'status', 'decision']);
    // Aware 2026-11-24 10:00 JST: 速報 by the end of 11-29 JST, 確報 in 60 days (不正の目的), ministry 5 days, CISO 1 day.
    expect(Object.fromEntries(inc.obligations.map((o: { kind: string; dueAt: string }) => [o.kind, o.dueAt]))).toEqual({
      ppc_preliminary: '2026-11-29T15:00:00.000Z', ppc_final: '2027-01-23T15:00:00.000Z', mext: '2026-11-29T15:00:00.000Z', ciso: '2026-11-25T15:00:00.000Z',
    });
    expect(inc.obligations.find((o: { kind: string }) => o.kind === 'ppc_preliminary')).toMatchObject({ targetAt: '2026-11-27T15:00:00.000Z', overdue: false, dueAtJst: '2026-11-30 00:00' });

    // Fewer people and no attack: the final report falls back to 30 days, and the PPC is still owed for 1,001+ people only.
    const smaller = (await csirt.request('PATCH', url, { personalData: { involved: true, count: 1001, kinds: ['general'], unauthorisedPurpose: false } })).json();
    expect(smaller.obligations.find((o: { kind: string }) => o.kind === 'ppc_final').dueAt).toBe('2026-12-24T15:00:00.000Z');
    const none = (await csirt.request('PATCH', url, { personalData: { involved: true, count: 10, kinds: ['general'] } })).json();
    expect(none.obligations.map((o: { kind: string }) => o.kind).sort()).toEqual(['ciso', 'mext']);
    await csirt.request('PATCH', url, { personalData: { involved: true, count: 1200, kinds: ['general', 'student_records'], unauthorisedPurpose: true } });

    expect((await move('handling')).statusCode).toBe(200);
    expect((await move('closed')).statusCode).toBe(409);
    expect((await move('triage')).statusCode).toBe(409);
  });

  it('records the timeline, tasks with owners and due dates, and evidence files', async () => {
    const url = `/api/v1/incidents/${memberIncidentId}`;
    expect((await csirt.request('POST', `${url}/timeline`, { kind: 'containment', text: '該当アカウントのパスワードをリセットし、セッションを無効化', at: '2026-11-24T00:30:00Z' })).statusCode).toBe(201);
    expect((await csirt.request('POST', `${url}/timeline`, { kind: 'containment', text: '未来', at: '2030-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await csirt.request('POST', `${url}/timeline`, { kind: 'gossip', text: 'x' })).statusCode).toBe(400);

    const task = await csirt.request('POST', `${url}/tasks`, { phase: 'eradication', title: '転送設定の確認と削除', ownerId: ids['sysadmin@sakura-tech.example'], dueDate: '2026-11-26' });
    expect(task.statusCode).toBe(201);
    expect(await recipients('incidents.task')).toEqual(['sysadmin@sakura-tech.example']);
    expect((await csirt.request('POST', `${url}/tasks`, { phase: 'recovery', title: 'x', dueDate: '2026-02-30' })).statusCode).toBe(400);
    expect((await csirt.request('POST', `${url}/tasks`, { phase: 'recovery', title: 'x', ownerId: ids['admin@minato-u.example'] })).statusCode).toBe(400);
    await csirt.request('POST', `${url}/tasks`, { phase: 'recovery', title: '利用者への注意喚起', dueDate: '2026-12-10' });

    const upload = (filename: string, content: string | Uint8Array, c: Client = csirt) => {
      const m = multipart(filename, content);
      return h.app.inject({ method: 'POST', url: `${url}/evidence?note=${encodeURIComponent('メールヘッダー')}`, payload: m.payload, headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
    };
    const log = 'Received: from mail.example (203.0.113.9)\nSubject: 【重要】パスワードの有効期限\n';
    const up = await upload('header.txt', log);
    expect(up.statusCode).toBe(201);
    const before = await counts();
    expect((await upload('tool.exe', 'MZ\x90\x00')).statusCode).toBe(415);
    expect((await upload('report.pdf', 'MZ\x90\x00 renamed')).statusCode).toBe(415);
    expect((await upload('big.txt', 'a'.repeat(600 * 1024))).statusCode).toBe(413);
    expect((await upload('header.txt', log, staff)).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
    const file = await csirt.request('GET', `${url}/evidence/${up.json().id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe(log);
    expect((await outsider.request('GET', `${url}/evidence/${up.json().id}/file`)).statusCode).toBe(404);

    const detail = (await csirt.request('GET', url)).json();
    expect(detail.tasks.map((t: { title: string; owner: { name: string } | null }) => [t.title, t.owner?.name ?? null])).toEqual([['転送設定の確認と削除', '染井 システム管理者'], ['利用者への注意喚起', null]]);
    expect(detail.evidence[0]).toMatchObject({ filename: 'header.txt', note: 'メールヘッダー', size: Buffer.byteLength(log) });
    expect(detail.timeline.find((e: { kind: string }) => e.kind === 'containment')).toMatchObject({ at: '2026-11-24T00:30:00.000Z', atJst: '2026-11-24 09:30' });
  });

  it('flags overdue mandatory reports and e-mails the CSIRT and CISO once, through real SMTP', async () => {
    const url = `/api/v1/incidents/${memberIncidentId}`;
    const done = await admin.request('POST', `${url}/obligations/ciso`, { doneAt: '2026-11-24', note: '電話で第一報' });
    expect(done.statusCode).toBe(200);
    expect(done.json().obligations.find((o: { kind: string }) => o.kind === 'ciso')).toMatchObject({ doneAt: '2026-11-24T03:00:00.000Z', note: '電話で第一報', overdue: false });
    expect((await admin.request('POST', `${url}/obligations/ciso`, { doneAt: '2027-05-01' })).statusCode).toBe(400);
    expect((await admin.request('POST', `/api/v1/incidents/${publicIncidentId}/obligations/ppc_final`, {})).statusCode).toBe(404); // owes nothing
    expect((await admin.request('POST', `${url}/obligations/fax`, {})).statusCode).toBe(400);

    expect((await notifyOverdue(h.deps)).notified).toEqual([]); // nothing due yet
    h.clock.now = new Date('2026-11-30T00:00:00Z'); // 09:00 JST on 11-30: the 5-day deadlines have passed
    await signInAll();
    const detail = (await admin.request('GET', url)).json();
    expect(detail.obligations.filter((o: { overdue: boolean }) => o.overdue).map((o: { kind: string }) => o.kind).sort()).toEqual(['mext', 'ppc_preliminary']);
    // The queue carries the receipt numbers and marks the overdue reports; the page offers the institution's active people as owners.
    const row = (await admin.request('GET', '/api/v1/incidents')).json().items.find((i: { id: string }) => i.id === memberIncidentId);
    expect(row).toMatchObject({ channels: ['member'], obligationsOpen: 3 });
    expect(row.receipts).toEqual([expect.stringMatching(/^R-2026-\d{6}$/)]);
    expect([...row.obligationsOverdue].sort()).toEqual(['mext', 'ppc_preliminary']);
    expect(detail.people.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['八重 教職員', '春野 CSIRT担当']));
    expect(detail.people.every((p: { id: string }) => typeof p.id === 'string')).toBe(true);

    const run = await notifyOverdue(h.deps);
    expect(run.notified.map((n) => n.kind).sort()).toEqual(['mext', 'ppc_preliminary']);
    expect((await notifyOverdue(h.deps)).notified).toEqual([]); // idempotent
    expect(await recipients('incidents.deadline_overdue')).toEqual([
      'ciso@sakura-tech.example', 'ciso@sakura-tech.example', 'coordinator@sakura-tech.example', 'coordinator@sakura-tech.example', 'csirt@sakura-tech.example', 'csirt@sakura-tech.example',
    ]);
    await new OutboxWorker(h.deps).runOnce();
    const mails = smtp.mails.filter((m) => subjectOf(m.raw).includes('期限超過'));
    expect(mails).toHaveLength(6);
    expect(mails.map((m) => subjectOf(m.raw))).toContain('[Renkei]【期限超過】個人情報保護委員会への速報: INC-2026-0009');
    expect(await auditActions(memberIncidentId)).toEqual(expect.arrayContaining(['incident.obligation_overdue', 'incident.obligation']));

    // Recording the report clears the flag; moving the awareness later moves open deadlines and re-arms the notice.
    const after = (await admin.request('POST', `${url}/obligations/ppc_preliminary`, {})).json();
    expect(after.obligations.find((o: { kind: string }) => o.kind === 'ppc_preliminary')).toMatchObject({ overdue: false, doneAt: '2026-11-30T00:00:00.000Z' });
  });

  it('closes in order: recovery marks containment; a non-incident closes from triage; closed incidents are read-only', async () => {
    const url = `/api/v1/incidents/${memberIncidentId}`;
    const rec = (await admin.request('POST', `${url}/status`, { to: 'recovery' })).json();
    expect(rec.containedAt).toBe('2026-11-30T00:00:00.000Z');
    // A more accurate containment time, recorded afterwards.
    expect((await admin.request('PATCH', url, { containedAt: '2026-11-24T05:00:00Z' })).json().containedAt).toBe('2026-11-24T05:00:00.000Z');
    expect((await admin.request('PATCH', url, { containedAt: '2026-11-23T05:00:00Z' })).statusCode).toBe(400); // before awareness
    expect((await admin.request('POST', `${url}/status`, { to: 'closed', note: '再発防止策を実施' })).statusCode).toBe(200);
    expect((await admin.request('PATCH', url, { severity: 'low' })).statusCode).toBe(409);
    expect((await admin.request('POST', `${url}/timeline`, { kind: 'note', text: 'x' })).statusCode).toBe(409);
    expect((await admin.request('POST', `${url}/status`, { to: 'new' })).statusCode).toBe(409);
    expect((await staff.request('GET', '/api/v1/incidents/reports/mine')).json().items[0]).toMatchObject({ status: 'closed', statusLabel: { ja: '完了' } });

    const pub = `/api/v1/incidents/${publicIncidentId}`;
    expect((await admin.request('POST', `${pub}/status`, { to: 'triage' })).statusCode).toBe(200);
    expect((await admin.request('PATCH', pub, { isIncident: false })).statusCode).toBe(200);
    expect((await admin.request('POST', `${pub}/status`, { to: 'closed' })).json()).toMatchObject({ status: 'closed', isIncident: false });
    expect(await auditActions(publicIncidentId)).toEqual(['incident.report', 'incident.status', 'incident.update', 'incident.status']);
  });

  it('keeps lessons learned and near misses, and sums up the fiscal year for the CISO', async () => {
    const lesson = await admin.request('POST', '/api/v1/incidents/learnings', { kind: 'lesson', incidentId: memberIncidentId, title: '多要素認証の未導入', body: '学務システムに多要素認証がなかった', improvement: '学務システムに多要素認証を導入する' });
    expect(lesson.statusCode).toBe(201);
    expect(lesson.json()).toMatchObject({ occurredOn: '2026-11-24', fiscalYear: 2026 });
    const near = await admin.request('POST', '/api/v1/incidents/learnings', { kind: 'near_miss', title: '宛先の自動補完で学外に送りかけた', body: '送信前に気づいた', category: 'misdirected_mail', occurredOn: '2026-10-02' });
    expect(near.statusCode).toBe(201);
    expect(near.json().categoryLabel.ja).toBe('メール誤送信');
    const before = await counts();
    expect((await admin.request('POST', '/api/v1/incidents/learnings', { kind: 'lesson', title: 'x', body: 'y' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/v1/incidents/learnings', { kind: 'near_miss', title: 'x', body: 'y', occurredOn: '2026-13-01' })).statusCode).toBe(400);
    expect((await outsider.request('POST', '/api/v1/incidents/learnings', { kind: 'lesson', incidentId: memberIncidentId, title: 'x', body: 'y' })).statusCode).toBe(400);
    expect((await staff.request('POST', '/api/v1/incidents/learnings', { kind: 'near_miss', title: 'x', body: 'y' })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    expect((await admin.request('GET', '/api/v1/incidents/learnings?kind=near_miss')).json().items.map((l: { title: string }) => l.title)).toEqual(['宛先の自動補完で学外に送りかけた']);

    const s = (await admin.request('GET', '/api/v1/incidents/summary?fiscalYear=2026')).json();
    expect(s).toMatchObject({ fiscalYear: 2026, incidents: 1, notIncidents: 1, personalDataIncidents: 1, open: 0, lessonsLearned: 1, nearMisses: 1 });
    expect(s.recorded).toBe(8); // 8 public reports (one merged into another, one closed as not an incident) and the member's report
    expect(s.byCategory.find((c: { category: string }) => c.category === 'account_takeover')).toMatchObject({ count: 1, label: { ja: 'アカウント乗っ取り' } });
    expect(s.timeToContain).toEqual({ contained: 1, medianHours: 4, maxHours: 4 });
    expect(s.openActions).toMatchObject({ count: 2, overdue: 1 }); // the task due 11-26 is overdue on 11-30
    expect(s.openActions.items.map((t: { overdue: boolean }) => t.overdue)).toEqual([true, false]);
    expect(s.fiscalYearLabel).toBe('令和8年度');
    expect(s.mandatoryReports.find((m: { kind: string }) => m.kind === 'ppc_preliminary')).toMatchObject({ owed: 1, done: 1, doneLate: 1, overdue: 0 });
    expect(s.mandatoryReports.find((m: { kind: string }) => m.kind === 'mext')).toMatchObject({ owed: 1, done: 0, overdue: 1 });
    expect((await staff.request('GET', '/api/v1/incidents/summary')).statusCode).toBe(403);
    expect((await outsider.request('GET', '/api/v1/incidents/summary?fiscalYear=2026')).json()).toMatchObject({ recorded: 0, incidents: 0 });
    expect((await admin.request('GET', '/api/v1/incidents/summary?fiscalYear=1999')).statusCode).toBe(400);
  });

  it('numbers reports made at the same moment without gaps or clashes', async () => {
    const before = (await admin.request('GET', '/api/v1/incidents?fiscalYear=2026')).json().items.length;
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => staff.request('POST', '/api/v1/incidents/reports', { subject: `同時の報告 ${i}`, description: '同時に送信' })));
    expect(made.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const items = (await admin.request('GET', '/api/v1/incidents?fiscalYear=2026')).json().items as { ref: string; title: string }[];
    expect(items).toHaveLength(before + 8);
    const refs = items.filter((i) => i.title.startsWith('同時の報告')).map((i) => i.ref).sort();
    expect(refs).toEqual(Array.from({ length: 8 }, (_, i) => `INC-2026-${String(10 + i).padStart(4, '0')}`));
    expect((await admin.request('GET', '/api/v1/incidents?fiscalYear=2025')).json().items).toEqual([]);
  });
});
