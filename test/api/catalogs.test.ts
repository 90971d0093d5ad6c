import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasCjkFont, makeDocx, makePdf } from '../support/documents.ts';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';

// Small regulations written for this test (the real seeds are exercised in src/core/regulation).
const REGULATION_V1 = `○さくら工科大学情報システム運用規程

第1章 総則

(趣旨)
第1条 この規程は、本学の情報システムの運用について必要な事項を定める。

第2章 情報システムの管理

(ログの取得)
第2条 技術責任者は、情報システムの不正な利用を検証するために必要なログを取得するものとする。
2 技術責任者は、取得したログを改ざんされないよう適切に管理しなければならない。

(暗号化)
第3条 技術責任者は、機密性3以上の情報を通信する場合は、暗号化しなければならない。
`;

const REGULATION_V2 = REGULATION_V1.replace('必要なログを取得するものとする。', '必要なログを取得し、1年間以上保存するものとする。') + `
(脆弱性対策)
第4条 技術責任者は、ソフトウェアの脆弱性情報を収集し、速やかに修正プログラムを適用しなければならない。
`;

const BASELINE = `情報セキュリティ対策基準（テスト用）

第1章 情報システムのセキュリティ機能

1.1 ログの取得・管理

(1) 遵守事項
① 情報システム管理者は、不正侵入や不正操作を検証するために必要なログを取得する。
② 情報システム管理者は、ログの改ざん及び消去を防止する。

1.2 暗号・電子署名

(1) 遵守事項
① 情報システム管理者は、機密性3以上の情報を取り扱う情報システムに暗号化機能を設ける。

1.3 物理的な入退室管理

(1) 遵守事項
① 情報セキュリティ責任者は、サーバ室への入退室を記録し管理する。
`;

const SJIS_HEX =
  '288eef8e7c290a91e6318ff02082b182cc8b4b92f682cd81418fee95f1835683588365838082cc895e977082c982c282a282c492e882df82e981420a28838d834f82cc8ee693be290a91e6328ff0208b5a8f7090d394438ed282cd8141954b977682c8838d834f82f08ee693be82b782e981420a';

describeEngines('regulations: import, versions, sharing, comparison', (engine) => {
  let h: TestApp;
  let sakura: Client;
  let minato: Client;
  const upload = (c: Client, filename: string, content: Uint8Array | string) => {
    const m = multipart(filename, content);
    return h.app.inject({ method: 'POST', url: '/api/v1/catalogs/preview', payload: m.payload, headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
  };
  const importDoc = async (c: Client, filename: string, content: string, extra: Record<string, unknown> = {}) => {
    const preview = await upload(c, filename, content);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    const saved = await c.request('POST', '/api/v1/catalogs', { title: p.title ?? filename, form: p.form, source: p.source, clauses: p.clauses, unplaced: p.unplaced, ...extra });
    expect(saved.statusCode).toBe(201);
    return saved.json() as { id: string; versionId: string; versionNo: number };
  };

  beforeAll(async () => {
    h = await createTestApp(engine, { RENKEI_UPLOAD_MAX_MB: '0.5' });
    sakura = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    minato = await signIn(h.app, 'admin@minato-u.example', DEMO_PASSWORD);
  });
  afterAll(() => h.close());

  it('previews a plain-text regulation as a clause tree without saving anything', async () => {
    const res = await upload(sakura, 'kitei.txt', REGULATION_V1);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.form).toBe('article');
    expect(p.source.encoding).toBe('utf-8');
    const all = JSON.stringify(p.clauses);
    expect(all).toContain('"citation":"第2条"');
    expect(all).toContain('"heading":"ログの取得"');
    expect((await sakura.request('GET', '/api/v1/catalogs?scope=mine')).json().total).toBe(0);
  });

  it('reads Shift_JIS and refuses images, archives, empty and oversized files with a clear message', async () => {
    // "(趣旨) 第1条 この規程は、… (ログの取得) 第2条 技術責任者は、必要なログを取得する。" in Shift_JIS.
    const sjis = await upload(sakura, 'sjis.txt', Buffer.from(SJIS_HEX, 'hex'));
    expect(sjis.statusCode).toBe(200);
    expect(sjis.json().source.encoding).toBe('shift_jis');
    expect(JSON.stringify(sjis.json().clauses)).toContain('ログの取得');
    const empty = await upload(sakura, 'empty.txt', ' \n');
    expect(empty.statusCode).toBe(400);
    const png = await upload(sakura, 'scan.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect([400, 415]).toContain(png.statusCode);
    expect(png.json().detail).toBeTruthy();
    const xlsx = await upload(sakura, 'book.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));
    expect(xlsx.statusCode).toBe(415);
    const huge = await upload(sakura, 'huge.txt', '第1条 あ\n'.repeat(60_000));
    expect(huge.statusCode).toBe(413);
    const staff = await signIn(h.app, 'staff@sakura-tech.example', DEMO_PASSWORD);
    expect((await upload(staff, 'kitei.txt', REGULATION_V1)).statusCode).toBe(403);
  });

  it('keeps versions and shows what changed between them', async () => {
    const v1 = await importDoc(sakura, 'kitei.txt', REGULATION_V1, { title: '情報システム運用規程' });
    const v2 = await importDoc(sakura, 'kitei-v2.txt', REGULATION_V2, { title: '情報システム運用規程', regulationId: v1.id, versionLabel: '令和8年改正' });
    expect(v2.versionNo).toBe(2);
    const diff = await sakura.request('GET', `/api/v1/catalogs/${v1.id}/diff?from=${v1.versionId}&to=${v2.versionId}`);
    expect(diff.statusCode).toBe(200);
    const d = diff.json();
    expect(d.summary.added).toBeGreaterThanOrEqual(1);
    expect(d.changes.find((c: { type: string; to?: string }) => c.type === 'added' && c.to === '第4条')).toBeTruthy();
    const changed = d.changes.find((c: { type: string; to?: string }) => c.type === 'changed' && c.to === '第2条');
    expect(changed.segments.some((s: { op: string; text: string }) => s.op === 'ins' && s.text.includes('1年間以上保存'))).toBe(true);
  });

  it('keeps private documents private and shares on request, never at 機密性4', async () => {
    const doc = await importDoc(sakura, 'private.txt', REGULATION_V1, { title: '非公開の規程' });
    expect((await minato.request('GET', `/api/v1/catalogs/${doc.id}`)).statusCode).toBe(404);
    expect((await minato.request('GET', '/api/v1/catalogs/search?q=暗号化')).json().items).toEqual([]);
    expect((await sakura.request('PATCH', `/api/v1/catalogs/${doc.id}`, { visibility: 'consortium', confidentiality: 4 })).statusCode).toBe(400);
    expect((await minato.request('PATCH', `/api/v1/catalogs/${doc.id}`, { visibility: 'consortium' })).statusCode).toBe(404);
    expect((await sakura.request('PATCH', `/api/v1/catalogs/${doc.id}`, { visibility: 'consortium' })).statusCode).toBe(204);
    expect((await minato.request('GET', `/api/v1/catalogs/${doc.id}`)).statusCode).toBe(200);
    expect((await minato.request('PATCH', `/api/v1/catalogs/${doc.id}`, { title: '乗っ取り' })).statusCode).toBe(403);
    const hits = (await minato.request('GET', `/api/v1/catalogs/search?q=${encodeURIComponent('機密性 暗号化')}`)).json().items;
    expect(hits.map((x: { citation: string }) => x.citation)).toContain('第3条');
  });

  it('compares a regulation with a baseline, keeps decisions, reports coverage and exports it', async () => {
    const source = await importDoc(sakura, 'kitei.txt', REGULATION_V1, { title: '比較元の規程' });
    const target = await importDoc(sakura, 'baseline.txt', BASELINE, { title: '対策基準', kind: 'standard' });
    const url = `/api/v1/catalogs/compare?source=${source.id}&target=${target.id}`;
    const first = (await sakura.request('GET', url)).json();
    const art2 = first.mappings.find((m: { source: string }) => m.source === '第2条');
    expect(art2.candidates[0].target).toBe('1.1');
    const art3 = first.mappings.find((m: { source: string }) => m.source === '第3条');
    expect(art3.candidates[0].target).toBe('1.2');
    const status = Object.fromEntries(first.coverage.rows.map((r: { citation: string; status: string }) => [r.citation, r.status]));
    expect(status['1.3']).toBe('missing');

    expect((await sakura.request('PUT', '/api/v1/catalogs/mappings', { sourceId: source.id, targetId: target.id, sourceCitation: '第1条', targetCitation: '1.3', status: 'confirmed', relationship: 'subset', rationale: '入退室は別規程で定める' })).statusCode).toBe(204);
    const second = (await sakura.request('GET', url)).json();
    expect(second.decisions).toMatchObject([{ sourceCitation: '第1条', targetCitation: '1.3', status: 'confirmed', relationship: 'subset' }]);
    expect(second.coverage.rows.find((r: { citation: string }) => r.citation === '1.3')).toMatchObject({ status: 'covered', basis: 'confirmed' });

    const xlsx = await sakura.request('GET', `${url}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await sakura.request('GET', `${url}&format=csv`);
    expect(csv.body).toContain('target_section');
    expect(csv.body).toContain('1.3');
  });

  it('turns selected clauses into a checklist template', async () => {
    const doc = await importDoc(sakura, 'kitei.txt', REGULATION_V1, { title: 'チェックリスト元' });
    const made = await sakura.request('POST', '/api/v1/checklists', { regulationId: doc.id, title: 'ログと暗号の点検', citations: ['第2条', '第3条'] });
    expect(made.statusCode).toBe(201);
    const t = (await sakura.request('GET', `/api/v1/checklists/${made.json().id}`)).json();
    expect(t.items.map((i: { citation: string }) => i.citation)).toEqual(['第2条', '第3条']);
    expect(t.items[0].text).toContain('ログを取得');
    expect((await minato.request('GET', `/api/v1/checklists/${made.json().id}`)).statusCode).toBe(404);
  });

  it('exchanges regulations and confirmed mappings with CISO Assistant as library YAML', async () => {
    const source = await importDoc(sakura, 'kitei.txt', REGULATION_V1, { title: 'YAML 元の規程' });
    const target = await importDoc(sakura, 'baseline.txt', BASELINE, { title: 'YAML 先の基準', kind: 'standard' });
    const exported = await sakura.request('GET', `/api/v1/catalogs/${target.id}/export.yaml`);
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('requirement_nodes');

    // The exported baseline comes back in as a library, with the same sections.
    const preview = await upload(sakura, 'baseline.yaml', exported.body);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.form).toBe('library');
    expect(JSON.stringify(p.clauses)).toContain('"citation":"1.3"');
    const lib = await sakura.request('POST', '/api/v1/catalogs', { title: p.title, kind: 'library', form: 'library', source: p.source, clauses: p.clauses, unplaced: [], externalRef: p.externalRef });
    expect(lib.statusCode).toBe(201);

    // A confirmed mapping goes out as a mapping set and comes back in for the library.
    await sakura.request('PUT', '/api/v1/catalogs/mappings', { sourceId: source.id, targetId: target.id, sourceCitation: '第3条', targetCitation: '1.2', status: 'confirmed', relationship: 'equal' });
    const mappings = await sakura.request('GET', `/api/v1/catalogs/compare?source=${source.id}&target=${target.id}&format=yaml`);
    expect(mappings.body).toContain('relationship: equal');
    const m = multipart('mappings.yaml', mappings.body);
    const imported = await h.app.inject({ method: 'POST', url: '/api/v1/catalogs/mappings/import', payload: m.payload, headers: { ...m.headers, cookie: sakura.cookie, 'x-csrf-token': sakura.csrf } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().sets[0]).toMatchObject({ taken: 1, skipped: [] });

    const broken = await upload(sakura, 'broken.yaml', 'objects: [unclosed');
    expect(broken.statusCode).toBe(400);
  });

  it('imports the same regulation from Word (DOCX)', async () => {
    const res = await upload(sakura, 'kitei.docx', await makeDocx(REGULATION_V1));
    expect(res.statusCode).toBe(200);
    expect(res.json().source.format).toBe('docx');
    const tree = JSON.stringify(res.json().clauses);
    expect(tree).toContain('"citation":"第2条第2項"');
    expect(tree).toContain('"heading":"暗号化"');
  });

  it.skipIf(!hasCjkFont())('imports a PDF through its text layer (needs fonts-noto-cjk to make the PDF)', async () => {
    const res = await upload(sakura, 'baseline.pdf', await makePdf(BASELINE));
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.source.format).toBe('pdf');
    expect(p.form).toBe('outline');
    const tree = JSON.stringify(p.clauses);
    expect(tree).toContain('"citation":"1.3"');
    expect(tree).toContain('入退室');
    const fake = await upload(sakura, 'fake.pdf', '%PDF-1.7 this is not really a pdf');
    expect(fake.statusCode).toBe(415);
  });
});
