import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { leakScan } from '../support/leaks.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

const BASE = '/api/v1/shared-reports';

/**
 * Comments reviewed before they are posted: the writer previews the proposals for the text, decides each and adds
 * spans; the server recomputes the proposals from the same text and applies the decisions. Every response the other
 * institution gets (previews included) is scanned for the originator at the end, as in sharing.test.ts.
 */
describeEngines('comments on shared reports, reviewed before posting', (engine) => {
  let h: TestApp;
  let author: Client; // さくら工科大学の管理者: the originator
  let minatoAdmin: Client; // a reader of AMBER
  let minatoStaff: Client; // may not read AMBER
  let reportId = '';
  /** Every response other members get is kept and searched for what identifies the originator. */
  const { secrets, seen, outside, leaksIn, leaks } = leakScan();
  const counts = async () => ({
    comments: (await h.deps.db.selectFrom('shared_report_comments').select('id').execute()).length,
    audit: (await h.deps.db.selectFrom('audit_log').select('seq').execute()).length,
    outbox: (await h.deps.db.selectFrom('outbox').select('id').execute()).length,
  });
  type Proposal = { start: number; end: number; text: string; kind: string };

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2026-11-24T01:00:00Z');
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [author, minatoAdmin, minatoStaff] = await Promise.all([as('admin@sakura-tech.example'), as('admin@minato-u.example'), as('staff@minato-u.example')]);
    const inst = await h.deps.db.selectFrom('institutions').selectAll().where('code', '=', 'sakura').executeTakeFirstOrThrow();
    const me = await h.deps.db.selectFrom('users').selectAll().where('email', '=', 'admin@sakura-tech.example').executeTakeFirstOrThrow();
    const incidentId = `inc-sakura-${Math.random().toString(36).slice(2)}`;
    const now = h.clock.now.toISOString();
    await h.deps.db.insertInto('incidents').values({
      id: incidentId, institution_id: inst.id, fiscal_year: 2026, seq: 4711, title: 'VPN 装置への不正ログイン', description: '203.0.113.77 から VPN 装置への不正ログインを確認した。',
      status: 'handling', is_incident: 1, category: 'intrusion', severity: 'high', occurred_at: now, aware_at: now, contained_at: null, closed_at: null, personal_data: 0,
      personal_data_count: null, personal_data_kinds: '[]', unauthorised_purpose: 0, handler_id: null, created_by: null, created_at: now, updated_at: now,
    } as never).execute();
    secrets.push(inst.id, inst.code, inst.name_ja, inst.name_en, 'さくら工科大学', 'sakura-tech.example', me.id, me.email, me.display_name, incidentId, '施設管理課');
    const d = await author.request('POST', BASE, { incidentId, tlp: 'AMBER' });
    expect(d.statusCode, d.body).toBe(201);
    const all = (p: unknown[]) => ({ accepted: p.map(() => true), extra: [] });
    const pub = await author.request('POST', `${BASE}/${d.json().id}/publish`, { title: all(d.json().proposals.title), summary: all(d.json().proposals.summary), body: all(d.json().proposals.body) });
    expect(pub.statusCode, pub.body).toBe(200);
    reportId = d.json().id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const ANSWER = '  さくら工科大学 施設管理課の桜井が確認しました。詳細は csirt@sakura-tech.example まで。  ';

  it("preview: the originator's answer comes back trimmed with proposals from its own profile; nothing is stored", async () => {
    const before = await counts();
    const res = await author.request('POST', `${BASE}/${reportId}/comments/preview`, { body: ANSWER });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as { body: string; proposals: Proposal[] };
    expect(p.body).toBe(ANSWER.trim());
    expect(p.proposals.map((x) => x.text)).toEqual(expect.arrayContaining(['さくら工科大学', 'csirt@sakura-tech.example']));
    for (const x of p.proposals) expect(p.body.slice(x.start, x.end)).toBe(x.text);
    // The unit is not in the profile: not proposed.
    expect(p.proposals.some((x) => x.text.includes('施設管理課'))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('bad decisions: wrong number, out of range, overlapping added spans, unknown kind, empty text: 400 with a Japanese message, nothing stored', async () => {
    const p = (await author.request('POST', `${BASE}/${reportId}/comments/preview`, { body: ANSWER })).json() as { body: string; proposals: Proposal[] };
    const all = p.proposals.map(() => true);
    const unit = p.body.indexOf('施設管理課');
    const before = await counts();
    const cases: [unknown, RegExp][] = [
      [{ body: ANSWER, accepted: [...all, true] }, /^すべての提案/],
      [{ body: ANSWER, accepted: [] }, /^すべての提案/],
      [{ body: ANSWER, accepted: all, extra: [{ start: 0, end: 99_999, kind: 'institution' }] }, /^追加の墨消し 1 の範囲が本文の外です/],
      [{ body: ANSWER, accepted: all, extra: [{ start: 5, end: 5, kind: 'institution' }] }, /^追加の墨消し 1 の範囲が本文の外です/],
      [{ body: ANSWER, accepted: all, extra: [{ start: unit, end: unit + 5, kind: 'institution' }, { start: unit + 2, end: unit + 7, kind: 'person' }] }, /^追加の墨消し 1 と 2 の範囲が重なっています/],
      [{ body: ANSWER, accepted: all, extra: [{ start: unit, end: unit + 5, kind: 'department' }] }, /./],
      [{ body: '   ', accepted: [] }, /./],
    ];
    for (const [body, message] of cases) {
      const res = await author.request('POST', `${BASE}/${reportId}/comments`, body as object);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(message);
    }
    expect((await author.request('POST', `${BASE}/${reportId}/comments/preview`, { body: '  ' })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("the originator accepts the proposals, adds the unit by its offsets and posts: the stored text follows the decisions", async () => {
    const p = (await author.request('POST', `${BASE}/${reportId}/comments/preview`, { body: ANSWER })).json() as { body: string; proposals: Proposal[] };
    const unit = p.body.indexOf('施設管理課');
    const res = await author.request('POST', `${BASE}/${reportId}/comments`, {
      body: ANSWER, accepted: p.proposals.map(() => true), extra: [{ start: unit, end: unit + '施設管理課'.length, kind: 'institution' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().by.ja).toBe('報告機関');
    expect(res.json().body).toContain('［機関名］');
    expect(res.json().body).toContain('が確認しました');
    expect(leaksIn(res.json().body)).toEqual([]);
    const audit = await h.deps.db.selectFrom('audit_log').select('action').where('object_id', '=', res.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['sharing.comment']);
  });

  it('a member reviews its question: a rejected proposal stays as written, omitted decisions accept every proposal (older callers)', async () => {
    const minato = await h.deps.db.selectFrom('institutions').selectAll().where('code', '=', 'minato').executeTakeFirstOrThrow();
    const q = `${minato.name_ja.replace(/（デモ）$/u, '')}でも 203.0.113.77 からの通信を確認しました。`;
    const p = await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/comments/preview`, { body: q });
    expect(p.statusCode, p.body).toBe(200);
    const proposals = p.json().proposals as Proposal[];
    expect(proposals.map((x) => x.kind)).toContain('institution');
    expect(proposals.some((x) => x.text.includes('203.0.113.77'))).toBe(false);
    const kept = await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/comments`, { body: q, accepted: proposals.map(() => false) });
    expect(kept.statusCode).toBe(201);
    expect(kept.json().body).toBe(q);
    const auto = await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/comments`, { body: q });
    expect(auto.statusCode).toBe(201);
    expect(auto.json().body).not.toContain(minato.name_ja.replace(/（デモ）$/u, ''));
    expect(auto.json().body).toContain('203.0.113.77');
  });

  it('preview of a report one may not read, or that does not exist: the same 404', async () => {
    const hidden = await outside(minatoStaff, 'POST', `${BASE}/${reportId}/comments/preview`, { body: '質問です' });
    const unknown = await outside(minatoStaff, 'POST', `${BASE}/no-such-report/comments/preview`, { body: '質問です' });
    expect([hidden.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(hidden.json().detail).toBe(unknown.json().detail);
    expect((await outside(minatoStaff, 'POST', `${BASE}/${reportId}/comments`, { body: '質問です', accepted: [] })).statusCode).toBe(404);
  });

  it('the draft tells the originator how it is shown (disclose) and, for RED, who may read it', async () => {
    const draft = (await author.request('GET', `${BASE}/${reportId}/draft`)).json();
    expect(draft).toMatchObject({ disclose: false, recipients: [] });
    const aoba = await h.deps.db.selectFrom('institutions').select(['id', 'name_ja']).where('code', '=', 'aoba').executeTakeFirstOrThrow();
    const inc = (await h.deps.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow()).id;
    const red = await author.request('POST', BASE, { incidentId: inc, tlp: 'RED', recipients: [aoba.id], disclose: true });
    const d = (await author.request('GET', `${BASE}/${red.json().id}/draft`)).json();
    expect(d).toMatchObject({ tlp: 'RED', disclose: true, recipients: [{ id: aoba.id, ja: aoba.name_ja }] });
  });

  it("no response the other institution got names the originator: previews, posts, the thread", async () => {
    await outside(minatoAdmin, 'GET', `${BASE}/${reportId}`);
    await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/comments/preview`, { body: '報告機関の方へ: 追加の情報はありますか。' });
    const page = seen.at(-2)!;
    expect(page.body).toContain('［機関名］');
    expect(seen.length).toBeGreaterThan(5);
    expect(leaks()).toEqual([]);
  });
});
