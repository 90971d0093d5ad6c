import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks } from '../../src/core/sharing/index.ts';
import { describeEngines } from '../support/db.ts';
import { leakScan } from '../support/leaks.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

const BASE = '/api/v1/shared-reports';

describeEngines('consortium sharing of incident reports', (engine) => {
  let h: TestApp;
  let author: Client; // さくら工科大学の管理者 (handles incidents)
  let sakuraStaff: Client;
  let minatoAdmin: Client;
  let minatoStaff: Client;
  let aoba: Client;
  let hibari: Client;
  let operator: Client; // consortium administrator
  let incidentId = '';
  let originId = '';
  /** Every response other members get is kept and searched for what identifies the originator. */
  const { secrets, seen, outside, leaksIn, leaks } = leakScan();

  const makeIncident = async (institutionCode: string, title: string, description: string, category = 'intrusion') => {
    const inst = await h.deps.db.selectFrom('institutions').select('id').where('code', '=', institutionCode).executeTakeFirstOrThrow();
    const id = `inc-${institutionCode}-${Math.random().toString(36).slice(2)}`;
    const now = h.clock.now.toISOString();
    await h.deps.db.insertInto('incidents').values({
      id, institution_id: inst.id, fiscal_year: 2026, seq: Math.floor(Math.random() * 1e6), title, description, status: 'handling', is_incident: 1, category,
      severity: 'high', occurred_at: now, aware_at: now, contained_at: null, closed_at: null, personal_data: 0, personal_data_count: null, personal_data_kinds: '[]',
      unauthorised_purpose: 0, handler_id: null, created_by: null, created_at: now, updated_at: now,
    } as never).execute();
    return id;
  };
  const acceptAll = (proposals: Record<string, unknown[]>) =>
    Object.fromEntries(Object.entries(proposals).map(([k, v]) => [k, { accepted: v.map(() => true), extra: [] }]));

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2026-11-24T01:00:00Z');
    const as = (email: string) => signIn(h.app, email, DEMO_PASSWORD);
    [author, sakuraStaff, minatoAdmin, minatoStaff, aoba, hibari, operator] = await Promise.all([
      as('admin@sakura-tech.example'), as('staff@sakura-tech.example'), as('admin@minato-u.example'), as('staff@minato-u.example'),
      as('admin@aoba-intl.example'), as('admin@hibari-sci.example'), as('admin@soc.renkei.example'),
    ]);
    const inst = await h.deps.db.selectFrom('institutions').selectAll().where('code', '=', 'sakura').executeTakeFirstOrThrow();
    originId = inst.id;
    const me = await h.deps.db.selectFrom('users').selectAll().where('email', '=', 'admin@sakura-tech.example').executeTakeFirstOrThrow();
    incidentId = await makeIncident('sakura', 'さくら工科大学の VPN 装置への不正アクセス',
      'さくら工科大学情報基盤センターの桜井 管理者 (admin@sakura-tech.example) が、vpn.sakura-tech.example (192.0.2.10) への 203.0.113.77 からの不正ログインを確認した。');
    secrets.push(inst.id, inst.code, inst.name_ja, inst.name_en, 'さくら工科大学', 'Sakura Institute', 'sakura-tech.example', me.id, me.email, me.display_name, incidentId, '192.0.2.10');
  });
  afterAll(async () => {
    await h?.close();
  });

  let reportId = '';

  it('prepares a draft from an incident with redaction proposals from the institution profile', async () => {
    const res = await author.request('POST', BASE, {
      incidentId, tlp: 'AMBER', summary: 'SSL-VPN の認証前脆弱性を突いた侵入', products: ['FortiOS 7.2'], cves: ['CVE-2026-12345'],
      indicators: [{ type: 'ipv4', value: '203.0.113.77' }],
    });
    expect(res.statusCode).toBe(201);
    const d = res.json() as { id: string; proposals: Record<string, { text: string; kind: string }[]> };
    reportId = d.id;
    const proposed = d.proposals.body!.map((p) => p.text);
    expect(proposed).toEqual(expect.arrayContaining(['admin@sakura-tech.example', '192.0.2.10']));
    expect(d.proposals.title!.length).toBeGreaterThan(0);
  });

  it('refuses undecided proposals and spans outside the text, changing nothing', async () => {
    const before = await h.deps.db.selectFrom('shared_reports').select(['status', 'body']).where('id', '=', reportId).executeTakeFirstOrThrow();
    const bad = await author.request('POST', `${BASE}/${reportId}/publish`, { title: { accepted: [] }, summary: { accepted: [] }, body: { accepted: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/^すべての提案/);
    const draft = (await author.request('GET', `${BASE}/${reportId}/draft`)).json();
    const far = await author.request('POST', `${BASE}/${reportId}/publish`, { ...acceptAll(draft.proposals), body: { accepted: draft.proposals.body.map(() => true), extra: [{ start: 0, end: 999999, kind: 'person' }] } });
    expect(far.statusCode).toBe(400);
    expect(await h.deps.db.selectFrom('shared_reports').select(['status', 'body']).where('id', '=', reportId).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('the author publishes with decisions and an added span; only the redacted text is served', async () => {
    const draft = (await author.request('GET', `${BASE}/${reportId}/draft`)).json();
    expect(draft.incidentId).toBe(incidentId); // the originator's own view
    const body: string = draft.original.body;
    const start = body.indexOf('情報基盤センター');
    const res = await author.request('POST', `${BASE}/${reportId}/publish`, {
      ...acceptAll(draft.proposals),
      body: { accepted: draft.proposals.body.map(() => true), extra: [{ start, end: start + '情報基盤センター'.length, kind: 'institution' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().body).not.toContain('情報基盤センター');
    expect(leaksIn(res.json().body)).toEqual([]);
    // The attacker's address was not part of the profile: it stays.
    expect(res.json().body).toContain('203.0.113.77');
    expect(sakuraStaff).toBeTruthy();
  });

  it('enforces TLP: AMBER for security staff and the operator, not ordinary members', async () => {
    expect((await outside(minatoAdmin, 'GET', `${BASE}/${reportId}`)).statusCode).toBe(200);
    expect((await outside(operator, 'GET', `${BASE}/${reportId}`)).statusCode).toBe(200);
    const denied = await outside(minatoStaff, 'GET', `${BASE}/${reportId}`);
    expect(denied.statusCode).toBe(404);
    const unknown = await outside(minatoStaff, 'GET', `${BASE}/no-such-report`);
    expect(denied.json().detail).toBe(unknown.json().detail);
    expect((await outside(minatoStaff, 'GET', BASE)).json().items).toEqual([]);
    expect((await sakuraStaff.request('GET', `${BASE}/${reportId}/draft`)).statusCode).toBe(404);
  });

  it('search, filters and snippets; the report names 参加機関', async () => {
    const all = (await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent('不正ログイン')}`)).json();
    expect(all.items.map((i: { id: string }) => i.id)).toEqual([reportId]);
    expect(all.items[0].originator.ja).toBe('参加機関');
    expect(all.items[0].snippet).toContain('不正ログイン');
    expect((await outside(minatoAdmin, 'GET', `${BASE}?cve=CVE-2026-12345`)).json().total).toBe(1);
    expect((await outside(minatoAdmin, 'GET', `${BASE}?product=fortios`)).json().total).toBe(1);
    expect((await outside(minatoAdmin, 'GET', `${BASE}?category=phishing`)).json().total).toBe(0);
    expect((await outside(minatoAdmin, 'GET', `${BASE}?q=${encodeURIComponent('さくら')}`)).json().total).toBe(0);
    const bad = await outside(minatoAdmin, 'GET', `${BASE}?from=yesterday`);
    expect(bad.statusCode).toBe(400);
  });

  it('comments: members ask, the originator answers as 報告機関', async () => {
    const q = await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/comments`, { body: '侵入後の横展開はありましたか。' });
    expect(q.statusCode).toBe(201);
    expect(q.json().by.ja).toBe('参加機関');
    const told = await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'sharing.comment').execute();
    expect(told.map((m) => JSON.parse(m.payload).to as string).sort()).toEqual(['ciso@sakura-tech.example', 'coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
    expect(told.every((m) => !JSON.parse(m.payload).text.includes('minato'))).toBe(true);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    const a = await author.request('POST', `${BASE}/${reportId}/comments`, { body: 'さくら工科大学では横展開は確認されていません。連絡先 csirt@sakura-tech.example' });
    expect(a.json().by.ja).toBe('報告機関');
    const page = (await outside(minatoAdmin, 'GET', `${BASE}/${reportId}`)).json();
    expect(page.comments.map((c: { by: { ja: string } }) => c.by.ja)).toEqual(['参加機関', '報告機関']);
    // The answer is redacted like the report: the author's own mention of the institution does not get through.
    expect(page.comments[1].body).toContain('横展開は確認されていません');
    expect(leaksIn(page.comments[1].body)).toEqual([]);
    expect((await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/comments`, { body: '   ' })).statusCode).toBe(400);
  });

  it('exports MISP and STIX without the member; AMBER+STRICT and RED are not exported', async () => {
    const misp = await outside(minatoAdmin, 'GET', `${BASE}/${reportId}/export/misp`);
    expect(misp.statusCode).toBe(200);
    expect(misp.json().Event.Tag.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['tlp:amber', 'tlp:ex:chr']));
    expect(misp.json().Event.Orgc.name).toBe('Renkei consortium');
    const stix = await outside(minatoAdmin, 'GET', `${BASE}/${reportId}/export/stix`);
    expect(stix.json().objects[0].type).toBe('marking-definition');
    expect(stix.body).not.toContain('created_by_ref');

    const strictIncident = await makeIncident('sakura', '標的型メール', '研究室宛に標的型メールが届いた。', 'phishing');
    const d = (await author.request('POST', BASE, { incidentId: strictIncident, tlp: 'AMBER+STRICT' })).json();
    expect((await author.request('POST', `${BASE}/${d.id}/publish`, acceptAll(d.proposals))).statusCode).toBe(200);
    const refused = await outside(minatoAdmin, 'GET', `${BASE}/${d.id}/export/stix`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/^TLP:AMBER\+STRICT の報告は/);
    secrets.push(strictIncident);
  });

  it('RED: only named recipients (and the operator)', async () => {
    const redIncident = await makeIncident('sakura', '研究データの持ち出し', '研究データが外部に送られた疑い。');
    secrets.push(redIncident);
    const aobaId = (await h.deps.db.selectFrom('institutions').select('id').where('code', '=', 'aoba').executeTakeFirstOrThrow()).id;
    const d = (await author.request('POST', BASE, { incidentId: redIncident, tlp: 'RED', recipients: [aobaId] })).json();
    await author.request('POST', `${BASE}/${d.id}/publish`, acceptAll(d.proposals));
    expect((await outside(aoba, 'GET', `${BASE}/${d.id}`)).statusCode).toBe(200);
    expect((await outside(minatoAdmin, 'GET', `${BASE}/${d.id}`)).statusCode).toBe(404);
    expect((await outside(operator, 'GET', `${BASE}/${d.id}`)).statusCode).toBe(200);
    expect((await outside(aoba, 'GET', `${BASE}/${d.id}/export/misp`)).statusCode).toBe(403);
  });

  it('statements about several members only with three contributors', async () => {
    expect((await outside(minatoAdmin, 'GET', `${BASE}/statistics`)).json()).toEqual({ contributors: 0, suppressed: true });
    for (const [code, client] of [['minato', minatoAdmin], ['aoba', aoba]] as const) {
      const inc = await makeIncident(code, 'VPN 装置への侵入', 'VPN 装置の脆弱性を突かれた。');
      const d = (await client.request('POST', BASE, { incidentId: inc, tlp: 'GREEN', cves: ['CVE-2026-12345'] })).json();
      expect((await client.request('POST', `${BASE}/${d.id}/publish`, acceptAll(d.proposals))).statusCode).toBe(200);
    }
    const stats = (await outside(hibari, 'GET', `${BASE}/statistics`)).json();
    expect(stats).toEqual({ contributors: 3, suppressed: false, counts: { intrusion: 4 }, other: 1 });
    const page = (await outside(minatoAdmin, 'GET', `${BASE}/${reportId}`)).json();
    expect(page.similar.length).toBe(2);
  });

  it('reveal: operators only, with a reason, audited, the originator told by e-mail', async () => {
    expect((await outside(minatoAdmin, 'POST', `${BASE}/${reportId}/reveal`, { reason: '重大な被害の拡大を防ぐため連絡が必要' })).statusCode).toBe(403);
    const short = await operator.request('POST', `${BASE}/${reportId}/reveal`, { reason: '確認' });
    expect(short.statusCode).toBe(400);
    const before = await h.deps.db.selectFrom('outbox').select('id').where('event_type', '=', 'sharing.originator_revealed').execute();
    expect(before).toEqual([]);
    const ok = await operator.request('POST', `${BASE}/${reportId}/reveal`, { reason: '同じ攻撃元から他の加盟機関への侵入が続いており、直接の連絡が必要' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().institution.id).toBe(originId);
    const mails = await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'sharing.originator_revealed').execute();
    expect(mails.map((m) => JSON.parse(m.payload).to as string).sort()).toEqual(expect.arrayContaining(['admin@sakura-tech.example', 'csirt@sakura-tech.example']));
    const audit = await h.deps.db.selectFrom('audit_log').select(['action', 'institution_id']).where('object_id', '=', reportId).execute();
    expect(audit.map((a) => a.action)).toContain('sharing.reveal_originator');
  });

  it('indicators are offered to the operator, who takes them into a source with the report TLP', async () => {
    const bad = await author.request('POST', BASE, { incidentId, tlp: 'GREEN', indicators: [{ type: 'ipv4', value: '999.1.1.1' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/^指標 1 が正しくありません/);
    expect((await outside(minatoAdmin, 'GET', `${BASE}/indicator-offers`)).statusCode).toBe(403);
    const offers = (await outside(operator, 'GET', `${BASE}/indicator-offers`)).json();
    expect(offers.items.map((o: { id: string; accepted: boolean }) => [o.id, o.accepted])).toEqual([[reportId, false]]);
    const src = await operator.request('POST', '/api/v1/intel/sources', { name: '加盟機関からの共有', format: 'mixed' });
    expect(src.statusCode).toBe(201);
    expect((await operator.request('POST', `${BASE}/${reportId}/indicators/accept`, { sourceId: 'nope' })).statusCode).toBe(400);
    const ok = await operator.request('POST', `${BASE}/${reportId}/indicators/accept`, { sourceId: src.json().id });
    expect(ok.json()).toEqual({ accepted: 1 });
    const list = (await outside(operator, 'GET', '/api/v1/intel/indicators?q=203.0.113.77')).json();
    expect(list.items.map((i: { value: string; tlp: string }) => [i.value, i.tlp])).toEqual([['203.0.113.77', 'AMBER']]);
    expect((await outside(operator, 'GET', `${BASE}/indicator-offers`)).json().items[0].accepted).toBe(true);
  });

  it('no output path reveals the originator to other members: pages, lists, search, errors, exports, mail, audit view', async () => {
    for (const c of [minatoAdmin, minatoStaff, aoba, hibari]) {
      await outside(c, 'GET', '/api/v1/audit');
      await outside(c, 'GET', BASE);
      await outside(c, 'GET', `${BASE}/${reportId}/draft`);
      await outside(c, 'POST', `${BASE}/${reportId}/publish`, acceptAll({ title: [], summary: [], body: [] }));
      await outside(c, 'POST', BASE, { incidentId, tlp: 'GREEN' });
      await outside(c, 'POST', `${BASE}/${reportId}/comments/preview`, { body: '報告機関への質問: 侵入の経路は分かりましたか。' });
      // Steps after publication are the originator's (loosening, withdrawal, addenda): refused without naming it.
      await outside(c, 'POST', `${BASE}/${reportId}/tlp`, { tlp: 'GREEN', reason: '広く共有したいため' });
      await outside(c, 'POST', `${BASE}/${reportId}/tlp`, { tlp: 'RED', reason: '念のため絞りたい' });
      await outside(c, 'POST', `${BASE}/${reportId}/withdraw`, { reason: '取り下げてほしい' });
      await outside(c, 'POST', `${BASE}/${reportId}/addenda`, { text: '他機関からの追記' });
    }
    expect(seen.length).toBeGreaterThan(30);
    expect(leaks()).toEqual([]);
    // Mail to other members.
    const others = await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'sharing.published').execute();
    const toOthers = others.map((o) => JSON.parse(o.payload) as { to: string; subject: string; text: string }).filter((m) => !m.to.endsWith('@sakura-tech.example'));
    expect(toOthers.length).toBeGreaterThan(0);
    expect(toOthers.filter((m) => leaksIn(`${m.subject}\n${m.text}`).length)).toEqual([]);
  });

  it("the consortium administrator's audit view shows shared-report entries without their originator, also when filtered by institution or person", async () => {
    const authorUser = await h.deps.db.selectFrom('users').select('id').where('email', '=', 'admin@sakura-tech.example').executeTakeFirstOrThrow();
    const all = (await operator.request('GET', '/api/v1/audit?objectType=shared_report&limit=200')).json().items as { objectId: string; action: string; actorUserId: string | null; institutionId: string | null; sealed?: boolean }[];
    const about = all.filter((e) => e.objectId === reportId);
    expect(about.map((e) => e.action)).toEqual(expect.arrayContaining(['sharing.draft', 'sharing.publish']));
    // The operator's own reveal and indicator steps are theirs to see; every other entry is sealed.
    for (const e of about.filter((x) => x.action === 'sharing.draft' || x.action === 'sharing.publish')) {
      expect(e).toMatchObject({ actorUserId: null, institutionId: null, sealed: true });
    }
    for (const query of [`institutionId=${originId}`, `actorUserId=${authorUser.id}`, 'q=sakura']) {
      const items = (await operator.request('GET', `/api/v1/audit?${query}&limit=200`)).json().items as { objectType: string }[];
      expect(items.filter((e) => e.objectType === 'shared_report' || e.objectType === 'shared_report_comment')).toEqual([]);
    }
    const csv = (await operator.request('GET', `/api/v1/audit/export.csv?institutionId=${originId}`)).body;
    expect(csv).not.toContain(reportId);
    // The originating institution still sees its own entries in full.
    const own = (await author.request('GET', '/api/v1/audit?objectType=shared_report&limit=200')).json().items as { objectId: string; actorUserId: string | null; sealed?: boolean }[];
    expect(own.find((e) => e.objectId === reportId && e.actorUserId === authorUser.id)).toBeTruthy();
  });
});

describe('sharing test set-up', () => {
  it('names the originator strings it scans for', () => expect(findLeaks('a', ['a'])).toEqual([]));
});
