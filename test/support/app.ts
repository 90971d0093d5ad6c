/**
 * HTTP-level test harness: the real app on a real database (either engine), driven with
 * `app.inject`, signed in as demo users.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { SecretBox } from '../../src/server/platform/secret-box.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';
import type { Deps } from '../../src/server/platform/deps.ts';
import { type Engine, type TestDb, createTestDb } from './db.ts';

export { DEMO_PASSWORD } from '../../src/server/demo/data.ts';

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  t: TestDb;
  /** Moves the clock used by services (lockouts, expiry) without sleeping. */
  clock: { now: Date; advanceMinutes(m: number): void };
  close(): Promise<void>;
}

export async function createTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestDb(engine);
  const config: Config = loadConfig({ RENKEI_DEMO: '1', RENKEI_BASE_URL: 'http://renkei.test', RENKEI_LOG_LEVEL: 'silent', ...env });
  const clock = {
    now: new Date(),
    advanceMinutes(m: number) {
      this.now = new Date(this.now.getTime() + m * 60_000);
    },
  };
  const deps: Deps = { db: t.db, config: { ...config, database: t.database }, log: pino({ level: 'silent' }), now: () => clock.now, box: new SecretBox(randomBytes(32)) };
  // The consortium only: tests make their own indicators and alerts.
  await seedDemo(deps, { flows: false });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app, deps, t, clock,
    async close() {
      await app.close();
      await t.destroy();
    },
  };
}

export interface Client {
  csrf: string;
  cookie: string;
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** A browser-like client: session cookie plus the CSRF header on unsafe requests. */
export function clientFor(app: FastifyInstance, cookie: string, csrf: string, ip = '127.0.0.1'): Client {
  return {
    csrf,
    cookie,
    request(method, url, body) {
      return app.inject({
        method,
        url,
        remoteAddress: ip,
        headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    },
  };
}

export async function signIn(app: FastifyInstance, email: string, password: string, ip = '127.0.0.1'): Promise<Client & { stage: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'renkei_session');
  const body = res.json() as { stage: string; csrfToken: string };
  return { ...clientFor(app, `renkei_session=${cookie!.value}`, body.csrfToken, ip), stage: body.stage };
}
