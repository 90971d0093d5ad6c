import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';

const BLOCKLIST = `# 攻撃元リスト（テスト用）
198.18.0.1
198.18.1.0/24 ; SBL0001
not-an-address!!
evil-c2.example
2001:db8:dead::/48
`;

const STIX = JSON.stringify({
  type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
  objects: [
    { type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-11-01T00:00:00Z', modified: '2026-11-01T00:00:00Z',
      pattern: "[ipv4-addr:value = '198.19.7.7']", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00Z', valid_until: '2026-11-10T00:00:00Z', indicator_types: ['malicious-activity'], confidence: 80 },
    { type: 'indicator', spec_version: '2.1', id: 'indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-11-01T00:00:00Z', modified: '2026-11-01T00:00:00Z',
      pattern: "[network-traffic:dst_port = 443]", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00Z' },
  ],
});

describeEngines('threat intelligence and the address registry', (engine) => {
  let h: TestApp;
  let operator: Client;
  let sourceId: string;
  const upload = (c: Client, url: string, filename: string, content: string) => {
    const m = multipart(filename, content);
    return h.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
  };

  beforeAll(async () => {
    h = await createTestApp(engine);
    h.clock.now = new Date('2026-11-24T03:00:00Z');
    // The operator role requires MFA; this test signs in as the consortium administrator, who may also run intelligence.
    operator = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    const created = await operator.request('POST', '/api/v1/intel/sources', { name: 'テスト用ブロックリスト', defaultCategory: 'scanner', defaultConfidence: 60 });
    expect(created.statusCode).toBe(201);
    sourceId = created.json().id;
  });
  afterAll(() => h.close());

  it('imports a blocklist, reporting the malformed line and taking the rest', async () => {
    const res = await upload(operator, `/api/v1/intel/sources/${sourceId}/import`, 'drop.txt', BLOCKLIST);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.format).toBe('blocklist');
    expect(report.added).toBe(4);
    expect(report.rejected).toBe(1);
    expect(report.issues[0].line).toBe(4);
    // Importing again updates, adds nothing.
    const again = (await upload(operator, `/api/v1/intel/sources/${sourceId}/import`, 'drop.txt', BLOCKLIST)).json();
    expect([again.added, again.updated]).toEqual([0, 4]);
    const list = (await operator.request('GET', `/api/v1/intel/indicators?sourceId=${sourceId}`)).json();
    expect(list.total).toBe(4);
    expect(list.items.find((i: { value: string }) => i.value === '198.18.1.0/24')).toMatchObject({ type: 'cidr', category: 'scanner', confidence: 60 });
  });

  it('imports STIX 2.1, marks expired indicators and leaves unsupported patterns in the report', async () => {
    const src = (await operator.request('POST', '/api/v1/intel/sources', { name: 'STIX 提供元' })).json().id;
    const report = (await upload(operator, `/api/v1/intel/sources/${src}/import`, 'bundle.json', STIX)).json();
    expect(report).toMatchObject({ format: 'stix', added: 1, rejected: 1 });
    const items = (await operator.request('GET', `/api/v1/intel/indicators?sourceId=${src}`)).json().items;
    expect(items[0]).toMatchObject({ value: '198.19.7.7', expired: true });
    expect((await operator.request('GET', `/api/v1/intel/indicators?sourceId=${src}&activeOnly=1`)).json().total).toBe(0);
  });

  it('refuses a file with nothing usable and changes nothing', async () => {
    const res = await upload(operator, `/api/v1/intel/sources/${sourceId}/import?format=stix`, 'junk.json', '{"type": "not-a-bundle"');
    expect(res.statusCode).toBe(400);
    expect((await operator.request('GET', `/api/v1/intel/indicators?sourceId=${sourceId}`)).json().total).toBe(4);
  });

  it('keeps intelligence to the operator', async () => {
    const csirt = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    expect((await csirt.request('GET', '/api/v1/intel/indicators')).statusCode).toBe(403);
    expect((await upload(csirt, `/api/v1/intel/sources/${sourceId}/import`, 'x.txt', '198.18.9.9')).statusCode).toBe(403);
  });

  it('keeps each member’s address registry, and finds the most specific prefix for an address', async () => {
    const sakura = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    const inst = (await sakura.request('GET', '/api/v1/auth/session')).json().session.institution.id;
    const mine = (await sakura.request('GET', `/api/v1/institutions/${inst}/networks`)).json().items.map((n: { value: string }) => n.value);
    expect(mine).toEqual(expect.arrayContaining(['192.0.2.0/25', 'sakura-tech.example']));
    expect((await sakura.request('POST', `/api/v1/institutions/${inst}/networks`, { kind: 'prefix', value: '192.0.2.0/99' })).statusCode).toBe(400);
    expect((await sakura.request('POST', `/api/v1/institutions/${inst}/networks`, { kind: 'prefix', value: '192.0.2.128/25' })).statusCode).toBe(409);
    const added = await sakura.request('POST', `/api/v1/institutions/${inst}/networks`, { kind: 'prefix', value: '192.0.2.64/26', note: '研究室' });
    expect(added.statusCode).toBe(201);

    const minato = await signIn(h.app, 'admin@minato-u.example', DEMO_PASSWORD);
    expect((await minato.request('GET', `/api/v1/institutions/${inst}/networks`)).statusCode).toBe(403);
    expect((await minato.request('DELETE', `/api/v1/networks/${added.json().id}`)).statusCode).toBe(404);

    const lookup = async (address: string) => (await operator.request('GET', `/api/v1/intel/lookup?address=${encodeURIComponent(address)}`)).json();
    expect(await lookup('192.0.2.70')).toMatchObject({ institutionId: inst, prefix: '192.0.2.64/26' });
    expect(await lookup('192.0.2.10')).toMatchObject({ institutionId: inst, prefix: '192.0.2.0/25' });
    expect((await lookup('192.0.2.200')).prefix).toBe('192.0.2.128/25');
    expect((await lookup('2001:db8:100::1')).institutionId).toBe(inst);
    expect(await lookup('8.8.8.8')).toMatchObject({ institutionId: null, prefix: null });
    expect((await operator.request('GET', '/api/v1/intel/lookup?address=300.1.1.1')).statusCode).toBe(400);
  });
});
