import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invite } from '../../src/server/modules/consortium/service.ts';
import { resolveSession } from '../../src/server/platform/auth/service.ts';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

/** Bodies that a careless or hostile client might send. */
const BAD_BODIES: { name: string; payload: string; type?: string }[] = [
  { name: 'malformed JSON', payload: '{"email": "a@b", ' },
  { name: 'JSON null', payload: 'null' },
  { name: 'JSON array', payload: '[1,2,3]' },
  { name: 'wrong types', payload: JSON.stringify({ email: 42, password: ['x'], roles: 'admin', code: { a: 1 }, nameJa: null, displayName: true, scopes: 7, items: 'x', limit: -1 }) },
  { name: 'deep nesting', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { name: 'huge body', payload: JSON.stringify({ displayName: 'あ'.repeat(1_200_000) }) },
  { name: 'prototype pollution', payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
  { name: 'form encoding', payload: 'email=a&password=b', type: 'application/x-www-form-urlencoded' },
  { name: 'XML', payload: '<a/>', type: 'application/xml' },
];

const GARBAGE_PARAMS = ['00000000-0000-0000-0000-000000000000', "'; drop table users; --", '%00', 'x'.repeat(300)];

describeEngines('no input yields a 500', (engine) => {
  let h: TestApp;
  let admin: Client;
  let routes: { method: string; url: string }[];
  beforeAll(async () => {
    h = await createTestApp(engine);
    admin = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([url, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), url })));
  });
  afterAll(() => h.close());

  it('finds the API routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes).toContainEqual({ method: 'POST', url: '/api/v1/auth/login' });
  });

  it('answers every route with a client error for every bad body and parameter, signed in or not', async () => {
    const failures: string[] = [];
    let n = 0; // each request from its own address, so that rate limits do not hide the answers

    for (const route of routes) {
      for (const param of GARBAGE_PARAMS) {
        const url = route.url.replace(/\{[^}]+\}/g, encodeURIComponent(param)) + '?limit=abc&page=-5&days=x&from=yesterday&status=maybe&role=king';
        for (const body of route.method === 'GET' || route.method === 'DELETE' ? [undefined] : BAD_BODIES) {
          // Signing out would end the admin session that the rest of the loop relies on.
          const signsOut = route.url.startsWith('/api/v1/auth/logout');
          for (const who of signsOut ? (['anonymous'] as const) : (['anonymous', 'admin'] as const)) {
            const headers: Record<string, string> = who === 'admin' ? { cookie: admin.cookie, 'x-csrf-token': admin.csrf } : {};
            if (body) headers['content-type'] = body.type ?? 'application/json';
            n++;
            const remoteAddress = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
            const res = await h.app.inject({ method: route.method as 'GET', url, headers, remoteAddress, ...(body ? { payload: body.payload } : {}) });
            if (res.statusCode >= 500) failures.push(`${route.method} ${url} [${who}] ${body?.name ?? ''}: ${res.statusCode} ${res.body.slice(0, 200)}`);
            else if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) {
              failures.push(`${route.method} ${url} [${who}] ${body?.name ?? ''}: ${res.statusCode} without problem+json`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // And the admin is still who they were: nothing was polluted or changed.
    expect((await admin.request('GET', '/api/v1/auth/session')).json().session.user.email).toBe('admin@soc.renkei.example');
  }, 120_000);

  it('names the failing fields of a request', async () => {
    admin = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    const res = await admin.request('POST', '/api/v1/institutions', { code: 'Bad Code!', nameJa: '', nameEn: 'x', incidentDeskEmail: 'not-mail' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.code', 'body.nameJa', 'body.incidentDeskEmail']));
  });

  it('answers unknown routes with 404 problem details', async () => {
    const res = await admin.request('GET', '/api/v1/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('leaves no half-written state when a multi-step write fails part-way', async () => {
    const before = await h.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ctx = await resolveSession(h.deps, admin.cookie.split('=')[1]!, '127.0.0.1');
    const institution = (await admin.request('GET', '/api/v1/institutions')).json().items.find((i: { code: string }) => i.code === 'sakura');
    // Break the last step (the invitation e-mail) so the failure comes after the invitation row was written.
    await sql`alter table outbox rename to outbox_away`.execute(h.deps.db);
    try {
      await expect(invite(h.deps, ctx!.actor, institution.id, { email: 'halfway@sakura-tech.example', displayName: '途中 停止', roles: ['staff'] })).rejects.toThrow();
    } finally {
      await sql`alter table outbox_away rename to outbox`.execute(h.deps.db);
    }
    const invitations = await h.deps.db.selectFrom('invitations').selectAll().where('email', '=', 'halfway@sakura-tech.example').execute();
    expect(invitations).toEqual([]);
    const after = await h.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
