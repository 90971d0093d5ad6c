import { afterAll, beforeAll, expect, it } from 'vitest';
import { matchesAll, searchTerms } from '../../src/core/sharing/index.ts';
import { describeEngines } from '../support/db.ts';
import { leakScan } from '../support/leaks.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

const BASE = '/api/v1/shared-reports';

/**
 * After publication: TLP changes, addenda (追記) and withdrawal, and the text index. Every response other
 * members get is kept and scanned for the originator at the end, as in sharing.test.ts.
 */
describeEngines('shared reports after publication, and search', (engine) => {
  let h: TestApp;
  let author: Client; // さくら工科大学の管理者: the originator's security staff
  let minatoAdmin: Client; // a reader of AMBER
  let minatoStaff: Client; // a reader of GREEN only
  let aoba: Client;
  let operator: Client; // the consortium administrator
  /** Every response other members get is kept and searched for what identifies the originator. */
  const { secrets, seen, outside, leaksIn, leaks } = leakScan();
  const acceptAll = (proposals: Record<string, unknown[]>) =>
    Object.fromEntries(Object.entries(proposals).map(([k, v]) => [k, { accepted: v.map(() => true), extra: [] }]));

  const makeIncident = async (code: string, title: string, description: string) => {
    const inst = await h.deps.db.selectFrom('institutions').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    const id = `inc-${code}-${Math.random().toString(36).slice(2)}`;
    const now = h.clock.now.toISOString();
    await h.deps.db.insertInto('incidents').values({
      id, institution_id: inst.id, fiscal_year: 2026, seq: Math.floor(Math.random() * 1e6), title, description, status: 'handling', is_incident: 1, category: 'intrusion',
      severity: 'high', occurred_at: now, aware_at: now, contained_at: null, closed_at: null, personal_data: 0, personal_data_count: null, personal_data_kinds: '[]',
      unauthorised_purpose: 0, handler_id: null, created_by: null, created_at: now, updated_at: now,
    } as never).execute();
    if (code === 'sakura') secrets.push(id);
    return id;
  };
  /** Drafts and publishes with every proposal accepted; returns the report id. */
  const share = async (c: Client, code: string, tlp: string, title: string, body: string, extra: Record<string, unknown> = {}) => {
    const incidentId = await makeIncident(code, title, body);
    const d = await c.request('POST', BASE, { incidentId, tlp, ...extra });
    expect(d.statusCode, d.body).toBe(201);
    const p = await c.request('POST', `${BASE}/${d.json().id}/publish`, acceptAll(d.json().proposals));
    expect(p.statusCode, p.body).toBe(200);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    return d.json().id as string;
  };
  const snapshot = async (id: string) => ({
    report: await h.deps.db.selectFrom('shared_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    changes: (await h.deps.db.selectFrom('shared_report_changes').select('id').where('report_id', '=', id).execute()).length,
    audit: (await h.deps.db.selectFrom('audit_log').select('seq').execute()).length,
    outbox: (await h.deps.db.selectFrom('outbox').select('id').execute()).length,
  });

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2026-11-24T01:00:00Z');
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [author, minatoAdmin, minatoStaff, aoba, operator] = await Promise.all([
      as('admin@sakura-tech.example'), as('admin@minato-u.example'), as('staff@minato-u.example'), as('admin@aoba-intl.example'), as('admin@soc.renkei.example'),
    ]);
    const inst = await h.deps.db.selectFrom('institutions').selectAll().where('code', '=', 'sakura').executeTakeFirstOrThrow();
    const me = await h.deps.db.selectFrom('users').selectAll().where('email', '=', 'admin@sakura-tech.example').executeTakeFirstOrThrow();
    secrets.push(inst.id, inst.code, inst.name_ja, inst.name_en, 'さくら工科大学', 'sakura-tech.example', me.id, me.email, me.display_name, '桜井');
  });
  afterAll(async () => {
    await h?.close();
  });

  let greenId = '';

  it('tightening: the operator narrows GREEN to AMBER with a reason; ordinary members lose the report; the originator is told', async () => {
    greenId = await share(author, 'sakura', 'GREEN', 'VPN 装置への不正ログイン', '203.0.113.77 から VPN 装置への不正ログインを確認した。多要素認証のない管理者アカウントが狙われた。');
    expect((await outside(minatoStaff, 'GET', `${BASE}/${greenId}`)).statusCode).toBe(200);
    const res = await outside(operator, 'POST', `${BASE}/${greenId}/tlp`, { tlp: 'AMBER', reason: '攻撃が継続しており、手口の詳細を広く出さないため' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ tlp: 'AMBER', previous: 'GREEN' });
    expect((await outside(minatoStaff, 'GET', `${BASE}/${greenId}`)).statusCode).toBe(404);
    const page = (await outside(minatoAdmin, 'GET', `${BASE}/${greenId}`)).json();
    expect(page.tlp).toBe('AMBER');
    // Readers see that the label changed, not who changed it or why.
    expect(page.tlpChanges).toEqual([{ at: '2026-11-24T01:01:00.000Z', from: 'GREEN', to: 'AMBER' }]);
    expect(JSON.stringify(page)).not.toContain('攻撃が継続しており');
    const mails = (await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'sharing.tlp_changed').execute()).map((m) => JSON.parse(m.payload) as { to: string; text: string });
    expect(mails.map((m) => m.to).sort()).toEqual(['ciso@sakura-tech.example', 'coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
    expect(mails[0]!.text).toContain('攻撃が継続しており');
    // The originator's history says who (運営機関) and why.
    const draft = (await author.request('GET', `${BASE}/${greenId}/draft`)).json();
    expect(draft.history).toEqual([expect.objectContaining({ kind: 'tlp', from: 'GREEN', to: 'AMBER', reason: '攻撃が継続しており、手口の詳細を広く出さないため', by: { ja: '運営機関', en: 'the consortium operator' } })]);
  });

  it('loosening by anyone but the originator, the same label, a bad label or no reason: clear errors, nothing changed', async () => {
    const before = await snapshot(greenId);
    const byOperator = await outside(operator, 'POST', `${BASE}/${greenId}/tlp`, { tlp: 'GREEN', reason: '対策が広く知られたため' });
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.headers['content-type']).toContain('application/problem+json');
    expect(byOperator.json().detail).toMatch(/^公開範囲を広げる（TLP を緩める）ことができるのは報告機関だけです/);
    const byReader = await outside(minatoAdmin, 'POST', `${BASE}/${greenId}/tlp`, { tlp: 'RED', reason: '念のため絞ってほしい' });
    expect(byReader.statusCode).toBe(403);
    expect(byReader.json().detail).toMatch(/^TLP を変更する権限がありません/);
    // Someone who cannot read it learns nothing: the same 404 as an unknown report.
    const hidden = await outside(minatoStaff, 'POST', `${BASE}/${greenId}/tlp`, { tlp: 'RED', reason: '念のため絞ってほしい' });
    const unknown = await outside(minatoStaff, 'POST', `${BASE}/no-such-report/tlp`, { tlp: 'RED', reason: '念のため絞ってほしい' });
    expect([hidden.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(hidden.json().detail).toBe(unknown.json().detail);
    const same = await author.request('POST', `${BASE}/${greenId}/tlp`, { tlp: 'AMBER', reason: '変更なしのはず' });
    expect(same.statusCode).toBe(409);
    expect(same.json().detail).toMatch(/^この共有報告はすでに TLP:AMBER です/);
    expect((await author.request('POST', `${BASE}/${greenId}/tlp`, { tlp: 'PURPLE', reason: '不正なラベル' })).statusCode).toBe(400);
    const noReason = await author.request('POST', `${BASE}/${greenId}/tlp`, { tlp: 'GREEN', reason: '短い' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().detail).toMatch(/^変更の理由を 5 文字以上で/);
    expect(await snapshot(greenId)).toEqual(before);
  });

  it('the originator loosens; readers newly allowed are told like at publication, without the originator', async () => {
    const aobaId = (await h.deps.db.selectFrom('institutions').select('id').where('code', '=', 'aoba').executeTakeFirstOrThrow()).id;
    const redId = await share(author, 'sakura', 'RED', '研究データの持ち出し', '研究データが外部の 198.51.100.9 に送られた疑い。', { recipients: [aobaId] });
    const mailed = async () => (await h.deps.db.selectFrom('outbox').select(['id', 'payload']).where('event_type', '=', 'sharing.published').execute());
    const before = new Set((await mailed()).map((m) => m.id));
    expect((await outside(minatoAdmin, 'GET', `${BASE}/${redId}`)).statusCode).toBe(404);
    const res = await author.request('POST', `${BASE}/${redId}/tlp`, { tlp: 'AMBER', reason: '調査が終わり、他機関にも注意を促すため' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await outside(minatoAdmin, 'GET', `${BASE}/${redId}`)).statusCode).toBe(200);
    const fresh = (await mailed()).filter((m) => !before.has(m.id)).map((m) => JSON.parse(m.payload) as { to: string; subject: string; text: string });
    expect(fresh.some((m) => m.to.endsWith('@minato-u.example'))).toBe(true);
    // The recipient of the RED report already had it; the originator is not mailed about its own report.
    expect(fresh.filter((m) => m.to.endsWith('@aoba-intl.example') || m.to.endsWith('@sakura-tech.example'))).toEqual([]);
    expect(fresh.filter((m) => leaksIn(`${m.subject}\n${m.text}`).length)).toEqual([]);
    // The author then narrows it again (tightening by the originator is fine too).
    expect((await author.request('POST', `${BASE}/${redId}/tlp`, { tlp: 'AMBER+STRICT', reason: '外部形式での書き出しを止めるため' })).statusCode).toBe(200);
    expect((await outside(aoba, 'GET', `${BASE}/${redId}/export/misp`)).statusCode).toBe(403);
  });

  it('audit: each TLP change is recorded and sealed for other institutions, the operator included', async () => {
    const entries = (await operator.request('GET', `/api/v1/audit?objectId=${greenId}&limit=100`)).json().items as { action: string; actorUserId: string | null; institutionId: string | null; sealed?: boolean }[];
    const tlp = entries.filter((e) => e.action === 'sharing.tlp');
    expect(tlp).toHaveLength(1);
    expect(tlp[0]).toMatchObject({ actorUserId: null, institutionId: null, sealed: true });
    const own = (await author.request('GET', `/api/v1/audit?objectId=${greenId}&limit=100`)).json().items as { action: string; changes: Record<string, unknown> }[];
    expect(own.find((e) => e.action === 'sharing.tlp')!.changes).toMatchObject({ from: 'GREEN', to: 'AMBER' });
  });

  let addendumId = '';

  it('addenda (追記): drafted with redaction proposals, decided by the author, published with a date; readers see only the redacted text', async () => {
    const draft = await author.request('POST', `${BASE}/${greenId}/addenda`, {
      text: '11月25日追記: さくら工科大学の桜井さん (csirt@sakura-tech.example) が攻撃元 198.51.100.23 を遮断した。侵入経路は CVE-2026-12345 と判明。',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const d = draft.json() as { id: string; proposals: { text: string }[] };
    addendumId = d.id;
    expect(d.proposals.map((p) => p.text)).toEqual(expect.arrayContaining(['csirt@sakura-tech.example']));
    // Readers see nothing of a draft.
    expect((await outside(minatoAdmin, 'GET', `${BASE}/${greenId}`)).json().addenda).toEqual([]);
    // Only the originator writes addenda; undecided proposals are refused.
    expect((await outside(minatoAdmin, 'POST', `${BASE}/${greenId}/addenda`, { text: '他機関からの追記' })).statusCode).toBe(403);
    expect((await outside(minatoStaff, 'POST', `${BASE}/${greenId}/addenda`, { text: '他機関からの追記' })).statusCode).toBe(404);
    expect((await author.request('POST', `${BASE}/${greenId}/addenda`, { text: '   ' })).statusCode).toBe(400);
    const undecided = await author.request('POST', `${BASE}/${greenId}/addenda/${addendumId}/publish`, { accepted: [], extra: [] });
    expect(undecided.statusCode).toBe(400);
    expect(undecided.json().detail).toMatch(/^すべての提案/);
    const ok = await author.request('POST', `${BASE}/${greenId}/addenda/${addendumId}/publish`, { accepted: d.proposals.map(() => true), extra: [] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await author.request('POST', `${BASE}/${greenId}/addenda/${addendumId}/publish`, { accepted: d.proposals.map(() => true), extra: [] })).statusCode).toBe(409);
    const page = (await outside(minatoAdmin, 'GET', `${BASE}/${greenId}`)).json();
    expect(page.addenda).toHaveLength(1);
    expect(page.addenda[0].body).toContain('198.51.100.23');
    expect(page.addenda[0].body).toContain('CVE-2026-12345');
    expect(leaksIn(page.addenda[0].body)).toEqual([]);
    // The addendum is searchable.
    const found = (await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent('侵入経路')}`)).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([greenId]);
    expect(found.items[0].snippet).toContain('侵入経路');
  });

  it('search: the text index answers like the reference matcher on this engine (full-width, short terms, several terms, LIKE metacharacters)', async () => {
    await share(minatoAdmin, 'minato', 'GREEN', 'ＶＰＮ機器の脆弱性（ＣＶＥ－２０２６－１２３４５）', '全角で書かれた報告。ＦｏｒｔｉＯＳ の更新が遅れた。進捗は 100% ではない。');
    await share(minatoAdmin, 'minato', 'GREEN', 'Ransomware on a file server', 'LockBit-like ransomware encrypted a_share on the lab file server. 攻撃メールが起点。');
    await share(aoba, 'aoba', 'GREEN', 'ｶﾞｲﾄﾞﾗｲﾝ違反の外部公開', `${'㈱'.repeat(40)}委託先の設定ミスで名簿が外部から見える状態だった。標的型メールではない。`);
    await share(aoba, 'aoba', 'AMBER', '標的型メールによるアカウント乗っ取り', '学生を装ったメールで教員のアカウントが乗っ取られ、迷惑メールの送信に使われた。');
    const list = (await outside(minatoAdmin, 'GET', BASE)).json().items as { id: string }[];
    const texts = new Map<string, string>();
    for (const { id } of list) {
      const p = (await outside(minatoAdmin, 'GET', `${BASE}/${id}`)).json() as { title: string; summary: string; body: string; addenda: { body: string }[] };
      texts.set(id, [p.title, p.summary, p.body, ...p.addenda.map((a) => a.body)].join('\n'));
    }
    const queries = ['vpn', 'ＶＰＮ', 'cve-2026-12345', 'fortios', '100%', '%', '_', 'a_share', 'メール', 'メ', '標的型 メール', 'ガイド', 'ｶﾞｲﾄﾞ', '不正ログイン', 'ransomware 攻撃', '"', 'no-such-thing', 'の'];
    for (const q of queries) {
      const res = await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      const got = (res.json().items as { id: string }[]).map((i) => i.id).sort();
      const want = [...texts].filter(([, t]) => matchesAll(t, searchTerms(q))).map(([id]) => id).sort();
      expect({ q, got }).toEqual({ q, got: want });
    }
    expect(((await outside(minatoAdmin, 'GET', `${BASE}?q=vpn`)).json().items as unknown[]).length).toBeGreaterThanOrEqual(2);
    // TLP still applies: the AMBER report is not found by an ordinary member.
    expect((await outside(minatoStaff, 'GET', `${BASE}?q=${encodeURIComponent('乗っ取')}`)).json().total).toBe(0);
    expect((await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent('乗っ取')}`)).json().total).toBe(1);
  });

  it('search snippets are cut from the original text at the matched place (full-width input)', async () => {
    const res = (await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent('名簿')}`)).json();
    expect(res.total).toBe(1);
    const item = res.items[0] as { snippet: string; snippetHighlights: { start: number; end: number }[] };
    expect(item.snippet).toContain('設定ミスで名簿が外部から');
    expect(item.snippetHighlights.map((x) => item.snippet.slice(x.start, x.end))).toEqual(['名簿']);
    const wide = (await outside(minatoAdmin, 'GET', `${BASE}?q=fortios`)).json().items[0] as { snippet: string; snippetHighlights: { start: number; end: number }[] };
    expect(wide.snippetHighlights.map((x) => wide.snippet.slice(x.start, x.end))).toEqual(['ＦｏｒｔｉＯＳ']);
  });

  it('withdrawal: only the originator, with a reason; then gone for everyone else (page, list, search, indicator offers, comments, exports, changes) and marked for the originator', async () => {
    const before = await snapshot(greenId);
    const byReader = await outside(minatoAdmin, 'POST', `${BASE}/${greenId}/withdraw`, { reason: '誤った情報のため' });
    expect(byReader.statusCode).toBe(403);
    expect(byReader.json().detail).toMatch(/^共有報告を取り下げられるのは報告機関だけです/);
    expect((await outside(operator, 'POST', `${BASE}/${greenId}/withdraw`, { reason: '誤った情報のため' })).statusCode).toBe(403);
    expect((await author.request('POST', `${BASE}/${greenId}/withdraw`, { reason: '誤り' })).statusCode).toBe(400);
    expect(await snapshot(greenId)).toEqual(before);

    const ok = await author.request('POST', `${BASE}/${greenId}/withdraw`, { reason: '別の事案と混同していたため' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'withdrawn' });
    const unknown = await outside(minatoAdmin, 'GET', `${BASE}/no-such-report`);
    for (const [c, method, url, body] of [
      [minatoAdmin, 'GET', `${BASE}/${greenId}`], [operator, 'GET', `${BASE}/${greenId}`], [minatoAdmin, 'POST', `${BASE}/${greenId}/comments`, { body: 'まだ見られますか' }],
      [minatoAdmin, 'GET', `${BASE}/${greenId}/export/stix`], [operator, 'POST', `${BASE}/${greenId}/tlp`, { tlp: 'RED', reason: '念のため絞る' }],
    ] as const) {
      const res = await outside(c, method, url, body);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().detail).toBe(unknown.json().detail);
    }
    expect(((await outside(minatoAdmin, 'GET', BASE)).json().items as { id: string }[]).map((i) => i.id)).not.toContain(greenId);
    expect((await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent('侵入経路')}`)).json().total).toBe(0);
    expect(await h.deps.db.selectFrom('shared_report_search').select('report_id').where('report_id', '=', greenId).execute()).toEqual([]);
    const offers = (await outside(operator, 'GET', `${BASE}/indicator-offers`)).json().items as { id: string }[];
    expect(offers.map((o) => o.id)).not.toContain(greenId);

    const own = (await author.request('GET', `${BASE}/${greenId}`)).json();
    expect(own).toMatchObject({ id: greenId, status: 'withdrawn', withdrawnAt: expect.any(String) });
    expect((await author.request('GET', `${BASE}/${greenId}/draft`)).json()).toMatchObject({ status: 'withdrawn' });
    const again = await author.request('POST', `${BASE}/${greenId}/withdraw`, { reason: '二度目の取り下げ' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/^この共有報告は取り下げ済みです/);
    expect((await author.request('POST', `${BASE}/${greenId}/tlp`, { tlp: 'RED', reason: '取り下げ後の変更' })).statusCode).toBe(409);
    expect((await author.request('POST', `${BASE}/${greenId}/addenda`, { text: '取り下げ後の追記' })).statusCode).toBe(409);
  });

  it('no response to other members names the originator (TLP changes, addenda, withdrawal, search)', async () => {
    expect(seen.length).toBeGreaterThan(40);
    expect(leaks()).toEqual([]);
  });
});
