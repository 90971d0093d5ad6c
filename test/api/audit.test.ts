import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/platform/audit/service.ts';
import { describeEngines } from '../support/db.ts';
import { DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

describeEngines('audit log', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await createTestApp(engine);
  });
  afterAll(() => h.close());

  it('records who changed what, when and from where, and shows each administrator only their institution', async () => {
    const admin = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD, '192.0.2.10');
    const me = (await admin.request('GET', '/api/v1/auth/session')).json().session;
    await admin.request('PATCH', `/api/v1/institutions/${me.institution.id}`, { incidentDeskPhone: '076-111-2222' });
    const minato = await signIn(h.app, 'admin@minato-u.example', DEMO_PASSWORD);
    await minato.request('PATCH', `/api/v1/institutions/${(await minato.request('GET', '/api/v1/auth/session')).json().session.institution.id}`, { incidentDeskPhone: '078-111-2222' });

    const res = await admin.request('GET', '/api/v1/audit?action=institution.');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actorLabel: 'admin@sakura-tech.example', ip: '192.0.2.10', objectType: 'institution', objectId: me.institution.id });
    expect(items[0].changes.incidentDeskPhone.to).toBe('076-111-2222');
    // Asking for another institution's entries is refused.
    const other = await admin.request('GET', `/api/v1/audit?institutionId=${(await minato.request('GET', '/api/v1/auth/session')).json().session.institution.id}`);
    expect(other.statusCode).toBe(403);
    // The consortium administrator sees both.
    const soc = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    expect((await soc.request('GET', '/api/v1/audit?action=institution.update')).json().items).toHaveLength(2);
  });

  it('pages newest first and exports CSV that spreadsheets cannot execute', async () => {
    const soc = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    const first = (await soc.request('GET', '/api/v1/audit?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].seq).toBeGreaterThan(first.items[1].seq);
    const next = (await soc.request('GET', `/api/v1/audit?limit=2&beforeSeq=${first.nextBeforeSeq}`)).json();
    expect(next.items[0].seq).toBeLessThan(first.items[1].seq);

    await soc.request('PATCH', '/api/v1/me', { displayName: '=HYPERLINK("http://evil")' });
    const csv = await soc.request('GET', '/api/v1/audit/export.csv?action=user.profile');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,at_utc,at_jst,actor/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).not.toMatch(/,=HYPERLINK/);
    expect(lines[1]).toContain('admin@soc.renkei.example');
  });

  it('verifies the chain and finds the first altered entry', async () => {
    expect((await verifyChain(h.deps.db)).ok).toBe(true);
    const target = await h.deps.db.selectFrom('audit_log').select(['seq', 'actor_label']).orderBy('seq').offset(2).limit(1).executeTakeFirstOrThrow();
    await sql`update audit_log set actor_label = 'someone-else' where seq = ${target.seq}`.execute(h.deps.db);
    const broken = await verifyChain(h.deps.db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBreak?.seq).toBe(target.seq);
    expect(broken.checked).toBe(target.seq - 1);
    await sql`update audit_log set actor_label = ${target.actor_label} where seq = ${target.seq}`.execute(h.deps.db);
    expect((await verifyChain(h.deps.db)).ok).toBe(true);
  });

  it('notices a deleted entry', async () => {
    const last = await h.deps.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await h.deps.db.deleteFrom('audit_log').where('seq', '=', last.seq - 1).execute();
    const result = await verifyChain(h.deps.db);
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.reason).toBe('gap');
    expect(result.firstBreak?.seq).toBe(last.seq);
  });
});
