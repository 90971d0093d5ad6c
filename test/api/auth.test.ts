import { TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';

function code(secret: string, at: Date, offsetSteps = 0): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() + offsetSteps * 30_000 });
}

describeEngines('sign-in, MFA and sessions', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await createTestApp(engine);
  });
  afterAll(() => h.close());

  const login = (email: string, password: string, ip = '127.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

  it('signs in a staff member with e-mail and password and answers who they are', async () => {
    const c = await signIn(h.app, 'Staff@Sakura-Tech.example', DEMO_PASSWORD);
    expect(c.stage).toBe('full');
    const me = await c.request('GET', '/api/v1/auth/session');
    expect(me.statusCode).toBe(200);
    expect(me.json().session.institution.code).toBe('sakura');
    expect(me.json().session.roles).toEqual(['staff']);
  });

  it('answers a wrong password and an unknown account identically', async () => {
    const wrong = await login('staff@minato-u.example', 'not-the-password', '10.0.0.1');
    const unknown = await login('nobody@minato-u.example', 'not-the-password', '10.0.0.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('locks an account after repeated failures, for existing and unknown accounts alike, until an administrator lifts it', async () => {
    for (const email of ['sysadmin@aoba-intl.example', 'ghost@aoba-intl.example']) {
      for (let i = 0; i < 5; i++) expect((await login(email, 'wrong-password', `10.1.0.${i}`)).statusCode).toBe(401);
      const locked = await login(email, email.startsWith('ghost') ? 'x' : DEMO_PASSWORD, '10.1.1.1');
      expect(locked.statusCode).toBe(429);
    }
    const admin = await signIn(h.app, 'admin@aoba-intl.example', DEMO_PASSWORD);
    const members = await admin.request('GET', '/api/v1/institutions/' + (await admin.request('GET', '/api/v1/auth/session')).json().session.institution.id + '/members?q=sysadmin');
    const sysadmin = members.json().items[0];
    expect(sysadmin.locked).toBe(true);
    expect((await admin.request('POST', `/api/v1/users/${sysadmin.id}/unlock`)).statusCode).toBe(204);
    expect((await login('sysadmin@aoba-intl.example', DEMO_PASSWORD, '10.1.1.2')).statusCode).toBe(200);
  });

  it('lifts a lockout by itself once the lock time has passed', async () => {
    for (let i = 0; i < 5; i++) await login('auditor@aoba-intl.example', 'wrong-password', '10.2.0.1');
    expect((await login('auditor@aoba-intl.example', DEMO_PASSWORD, '10.2.0.1')).statusCode).toBe(429);
    h.clock.advanceMinutes(16);
    expect((await login('auditor@aoba-intl.example', DEMO_PASSWORD, '10.2.0.2')).statusCode).toBe(200);
  });

  it('throttles an address that guesses across many accounts', async () => {
    for (let i = 0; i < 30; i++) await login(`guess${i}@hibari-sci.example`, 'wrong-password', '10.9.9.9');
    expect((await login('staff@hibari-sci.example', DEMO_PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await login('staff@hibari-sci.example', DEMO_PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('makes a CSIRT member enrol in TOTP before anything else, then asks for a code at every sign-in', async () => {
    const c = await signIn(h.app, 'csirt@sakura-tech.example', DEMO_PASSWORD);
    expect(c.stage).toBe('mfa_setup');
    expect((await c.request('GET', '/api/v1/institutions')).statusCode).toBe(401);

    const setup = await c.request('POST', '/api/v1/auth/mfa/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, qrDataUrl, otpauthUrl } = setup.json();
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(otpauthUrl).toContain('csirt%40sakura-tech.example');
    const stored = await h.deps.db.selectFrom('users').select('mfa_secret').where('email', '=', 'csirt@sakura-tech.example').executeTakeFirstOrThrow();
    expect(stored.mfa_secret).toMatch(/^v1\./);
    expect(stored.mfa_secret).not.toContain(secret);
    expect((await c.request('POST', '/api/v1/auth/mfa/enable', { code: '000000' })).statusCode).toBe(400);
    const enabled = await c.request('POST', '/api/v1/auth/mfa/enable', { code: code(secret, h.clock.now) });
    expect(enabled.statusCode).toBe(200);
    const recovery: string[] = enabled.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect((await c.request('GET', '/api/v1/institutions')).statusCode).toBe(200);

    // Next sign-in: password, then a code; the code used at enrolment cannot be replayed.
    h.clock.advanceMinutes(1);
    const again = await signIn(h.app, 'csirt@sakura-tech.example', DEMO_PASSWORD);
    expect(again.stage).toBe('mfa');
    expect((await again.request('GET', '/api/v1/institutions')).statusCode).toBe(401);
    expect((await again.request('POST', '/api/v1/auth/mfa/setup')).statusCode).toBe(401);
    expect((await again.request('POST', '/api/v1/auth/mfa/verify', { code: '123456' })).statusCode).toBe(400);
    const good = code(secret, h.clock.now);
    expect((await again.request('POST', '/api/v1/auth/mfa/verify', { code: good })).json().stage).toBe('full');
    expect((await again.request('GET', '/api/v1/institutions')).statusCode).toBe(200);

    const replay = await signIn(h.app, 'csirt@sakura-tech.example', DEMO_PASSWORD);
    expect((await replay.request('POST', '/api/v1/auth/mfa/verify', { code: good })).statusCode).toBe(400);
    // A recovery code works once.
    expect((await replay.request('POST', '/api/v1/auth/mfa/verify', { code: recovery[0] })).statusCode).toBe(200);
    const reuse = await signIn(h.app, 'csirt@sakura-tech.example', DEMO_PASSWORD);
    expect((await reuse.request('POST', '/api/v1/auth/mfa/verify', { code: recovery[0] })).statusCode).toBe(400);
    // Roles that require MFA cannot turn it off.
    expect((await again.request('POST', '/api/v1/auth/mfa/disable', { code: code(secret, h.clock.now, 1) })).statusCode).toBe(403);
  });

  it('refuses unsafe requests without the CSRF token of the session', async () => {
    const c = await signIn(h.app, 'staff@sakura-tech.example', DEMO_PASSWORD);
    const noHeader = await h.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: c.cookie }, payload: { displayName: 'x' } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('csrf');
    const wrong = await h.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: c.cookie, 'x-csrf-token': 'forged' }, payload: { displayName: 'x' } });
    expect(wrong.statusCode).toBe(403);
    expect((await c.request('PATCH', '/api/v1/me', { displayName: '八重 教職員' })).json().user.displayName).toBe('八重 教職員');
  });

  it('signs out one session, or every session of the account', async () => {
    const a = await signIn(h.app, 'staff@minato-u.example', DEMO_PASSWORD);
    const b = await signIn(h.app, 'staff@minato-u.example', DEMO_PASSWORD);
    const c = await signIn(h.app, 'staff@minato-u.example', DEMO_PASSWORD);
    expect((await a.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await a.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect((await b.request('GET', '/api/v1/auth/session')).statusCode).toBe(200);
    expect((await b.request('POST', '/api/v1/auth/logout-all')).json().ended).toBe(2);
    expect((await c.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('ends a session that stays idle too long', async () => {
    const c = await signIn(h.app, 'staff@aoba-intl.example', DEMO_PASSWORD);
    h.clock.advanceMinutes(30);
    expect((await c.request('GET', '/api/v1/auth/session')).statusCode).toBe(200);
    h.clock.advanceMinutes(61);
    expect((await c.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('issues scoped, revocable API tokens stored only as a hash', async () => {
    const c = await signIn(h.app, 'admin@hibari-sci.example', DEMO_PASSWORD);
    const created = await c.request('POST', '/api/v1/me/tokens', { name: '資産台帳連携', scopes: ['read'] });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json();
    const stored = await h.deps.db.selectFrom('api_tokens').select('token_hash').where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/institutions', headers: bearer })).statusCode).toBe(200);
    const write = await h.app.inject({ method: 'POST', url: '/api/v1/institutions', headers: bearer, payload: { code: 'x1', nameJa: 'x', nameEn: 'x' } });
    expect(write.statusCode).toBe(403);
    // Tokens cannot mint tokens, and a revoked token is dead at once.
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer })).statusCode).toBe(403);
    expect((await c.request('DELETE', `/api/v1/me/tokens/${item.id}`)).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/institutions', headers: bearer })).statusCode).toBe(401);
  });
});
