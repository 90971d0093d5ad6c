import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

describeEngines('consortium administration and access control', (engine) => {
  let h: TestApp;
  let sakuraAdmin: Client;
  let consortiumAdmin: Client;
  let ids: Record<string, string>;
  beforeAll(async () => {
    h = await createTestApp(engine);
    sakuraAdmin = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    consortiumAdmin = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    const list = (await sakuraAdmin.request('GET', '/api/v1/institutions')).json().items as { id: string; code: string }[];
    ids = Object.fromEntries(list.map((i) => [i.code, i.id]));
  });
  afterAll(() => h.close());

  const memberId = async (c: Client, institution: string, q: string) =>
    (await c.request('GET', `/api/v1/institutions/${ids[institution]}/members?q=${encodeURIComponent(q)}`)).json().items[0].id as string;

  it('lists the five demo institutions with their contact points to every member', async () => {
    const staff = await signIn(h.app, 'staff@minato-u.example', DEMO_PASSWORD);
    const res = await staff.request('GET', '/api/v1/institutions');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { code: string }) => i.code).sort()).toEqual(['aoba', 'hibari', 'minato', 'renkei-soc', 'sakura']);
    expect(items.find((i: { code: string }) => i.code === 'sakura').incidentDeskEmail).toBe('csirt@sakura-tech.example');
  });

  it("denies a member institution's administrator another institution's members, in reading and in writing", async () => {
    expect((await sakuraAdmin.request('GET', `/api/v1/institutions/${ids.minato}/members`)).statusCode).toBe(403);
    const minatoStaff = await memberId(consortiumAdmin, 'minato', 'staff@');
    expect((await sakuraAdmin.request('POST', `/api/v1/users/${minatoStaff}/deactivate`)).statusCode).toBe(404);
    expect((await sakuraAdmin.request('PUT', `/api/v1/users/${minatoStaff}/roles`, { roles: ['admin'] })).statusCode).toBe(404);
    expect((await sakuraAdmin.request('POST', `/api/v1/institutions/${ids.minato}/invitations`, { email: 'x@minato-u.example', displayName: 'x', roles: ['staff'] })).statusCode).toBe(403);
    expect((await sakuraAdmin.request('PATCH', `/api/v1/institutions/${ids.minato}`, { incidentDeskPhone: '000' })).statusCode).toBe(403);
  });

  it('keeps a staff member out of every administrative endpoint', async () => {
    const staff = await signIn(h.app, 'staff@sakura-tech.example', DEMO_PASSWORD);
    const sysadmin = await memberId(sakuraAdmin, 'sakura', 'sysadmin@');
    const attempts = [
      staff.request('GET', `/api/v1/institutions/${ids.sakura}/members`),
      staff.request('POST', `/api/v1/institutions/${ids.sakura}/invitations`, { email: 'new@sakura-tech.example', displayName: '新人', roles: ['staff'] }),
      staff.request('POST', '/api/v1/institutions', { code: 'evil', nameJa: '悪', nameEn: 'Evil' }),
      staff.request('PATCH', `/api/v1/institutions/${ids.sakura}`, { nameJa: '改名' }),
      staff.request('POST', `/api/v1/users/${sysadmin}/deactivate`),
      staff.request('GET', '/api/v1/audit'),
      staff.request('GET', '/api/v1/account-review'),
      staff.request('GET', `/api/v1/institutions/${ids.sakura}/webhooks`),
    ];
    for (const res of await Promise.all(attempts)) expect([403, 404]).toContain(res.statusCode);
  });

  it('lets an institution administrator edit its contact points but not its name; the consortium administrator can', async () => {
    const contacts = await sakuraAdmin.request('PATCH', `/api/v1/institutions/${ids.sakura}`, { incidentDeskPhone: '076-000-9999' });
    expect(contacts.statusCode).toBe(200);
    expect(contacts.json().incidentDeskPhone).toBe('076-000-9999');
    expect((await sakuraAdmin.request('PATCH', `/api/v1/institutions/${ids.sakura}`, { nameJa: '改名大学' })).statusCode).toBe(403);
    const created = await consortiumAdmin.request('POST', '/api/v1/institutions', { code: 'kaede', nameJa: 'かえで大学（デモ）', nameEn: 'Kaede University (demo)' });
    expect(created.statusCode).toBe(201);
    const dup = await consortiumAdmin.request('POST', '/api/v1/institutions', { code: 'kaede', nameJa: '重複', nameEn: 'Dup' });
    expect(dup.statusCode).toBe(409);
  });

  it('invites a member by link; the link works once and creates the account with the given roles', async () => {
    const inv = await sakuraAdmin.request('POST', `/api/v1/institutions/${ids.sakura}/invitations`, { email: 'Shinjin@Sakura-Tech.example', displayName: '新人 太郎', roles: ['staff', 'sysadmin'] });
    expect(inv.statusCode).toBe(201);
    const token = inv.json().link.split('/invite/')[1];
    const mail = await h.deps.db.selectFrom('outbox').selectAll().where('event_type', '=', 'account.invitation').execute();
    expect(mail.some((m) => m.payload.includes(token) && m.payload.includes('shinjin@sakura-tech.example'))).toBe(true);

    const details = await h.app.inject({ method: 'GET', url: `/api/v1/invitations/by-token/${token}` });
    expect(details.json().institution.code).toBe('sakura');
    const weak = await h.app.inject({ method: 'POST', url: `/api/v1/invitations/by-token/${token}/accept`, payload: { displayName: '新人 太郎', password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('body.password');
    const ok = await h.app.inject({ method: 'POST', url: `/api/v1/invitations/by-token/${token}/accept`, payload: { displayName: '新人 太郎', password: 'sakura-no-hana-2026' } });
    expect(ok.statusCode).toBe(201);
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/invitations/by-token/${token}/accept`, payload: { displayName: 'x', password: 'sakura-no-hana-2026' } });
    expect(again.statusCode).toBe(410);
    const c = await signIn(h.app, 'shinjin@sakura-tech.example', 'sakura-no-hana-2026');
    expect((await c.request('GET', '/api/v1/auth/session')).json().session.roles).toEqual(['staff', 'sysadmin']);
  });

  it('leaves consortium roles to the consortium administrator and allows one coordinator per institution', async () => {
    const staff = await memberId(sakuraAdmin, 'sakura', 'staff@');
    expect((await sakuraAdmin.request('PUT', `/api/v1/users/${staff}/roles`, { roles: ['staff', 'coordinator'] })).statusCode).toBe(403);
    expect((await consortiumAdmin.request('PUT', `/api/v1/users/${staff}/roles`, { roles: ['staff', 'coordinator'] })).statusCode).toBe(409);
    expect((await consortiumAdmin.request('PUT', `/api/v1/users/${staff}/roles`, { roles: ['staff', 'operator'] })).statusCode).toBe(400);
    // The institution administrator may change other roles of the coordinator, but not remove coordinator.
    const coordinator = await memberId(sakuraAdmin, 'sakura', 'coordinator@');
    expect((await sakuraAdmin.request('PUT', `/api/v1/users/${coordinator}/roles`, { roles: ['coordinator', 'csirt', 'auditor'] })).statusCode).toBe(204);
    expect((await sakuraAdmin.request('PUT', `/api/v1/users/${coordinator}/roles`, { roles: ['csirt'] })).statusCode).toBe(403);
  });

  it('never lets an administrator change their own roles or status', async () => {
    const me = (await sakuraAdmin.request('GET', '/api/v1/auth/session')).json().session.user.id;
    expect((await sakuraAdmin.request('PUT', `/api/v1/users/${me}/roles`, { roles: ['admin', 'ciso'] })).statusCode).toBe(403);
    expect((await sakuraAdmin.request('POST', `/api/v1/users/${me}/deactivate`)).statusCode).toBe(403);
  });

  it('ends the sessions and tokens of a deactivated member at once', async () => {
    const leaver = await signIn(h.app, 'staff@hibari-sci.example', DEMO_PASSWORD);
    const token = (await leaver.request('POST', '/api/v1/me/tokens', { name: 'script', scopes: ['read'] })).json().token;
    const hibariAdmin = await signIn(h.app, 'admin@hibari-sci.example', DEMO_PASSWORD);
    const id = await memberId(hibariAdmin, 'hibari', 'staff@');
    expect((await hibariAdmin.request('POST', `/api/v1/users/${id}/deactivate`)).statusCode).toBe(204);
    expect((await leaver.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/institutions', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'staff@hibari-sci.example', password: DEMO_PASSWORD } })).statusCode).toBe(401);
    const list = await hibariAdmin.request('GET', `/api/v1/institutions/${ids.hibari}/members?status=deactivated`);
    expect(list.json().items.map((m: { id: string }) => m.id)).toEqual([id]);
  });

  it('lists accounts unused for N days for the periodic account review', async () => {
    h.clock.advanceMinutes(100 * 24 * 60);
    const admin = await signIn(h.app, 'admin@minato-u.example', DEMO_PASSWORD);
    const review = await admin.request('GET', '/api/v1/account-review?days=90');
    expect(review.statusCode).toBe(200);
    const emails = review.json().items.map((i: { email: string }) => i.email);
    expect(emails).toContain('auditor@minato-u.example');
    expect(emails).not.toContain('admin@minato-u.example');
    expect(emails.every((e: string) => e.endsWith('@minato-u.example'))).toBe(true);
    expect((await admin.request('GET', `/api/v1/account-review?institutionId=${ids.sakura}`)).statusCode).toBe(403);
  });

  it('paginates and filters the member list', async () => {
    consortiumAdmin = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD); // the clock moved on
    const page1 = await consortiumAdmin.request('GET', `/api/v1/institutions/${ids.aoba}/members?pageSize=3&page=1`);
    const page3 = await consortiumAdmin.request('GET', `/api/v1/institutions/${ids.aoba}/members?pageSize=3&page=3`);
    expect(page1.json().total).toBe(7);
    expect(page1.json().items).toHaveLength(3);
    expect(page3.json().items).toHaveLength(1);
    const csirt = await consortiumAdmin.request('GET', `/api/v1/institutions/${ids.aoba}/members?role=csirt`);
    expect(csirt.json().items.map((m: { email: string }) => m.email).sort()).toEqual(['coordinator@aoba-intl.example', 'csirt@aoba-intl.example']);
    const byName = await consortiumAdmin.request('GET', `/api/v1/institutions/${ids.aoba}/members?q=${encodeURIComponent('緑川')}`);
    expect(byName.json().items.map((m: { email: string }) => m.email)).toEqual(['csirt@aoba-intl.example']);
  });
});
