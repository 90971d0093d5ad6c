/**
 * Browser-test harness: the real server (SQLite in a temp directory, demo consortium) on a
 * free port, serving the built SPA, and Debian's Chromium driven by playwright-core.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import pino from 'pino';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { loadConfig } from '../../../src/server/config.ts';
import { type RunningServer, startServer } from '../../../src/server/main.ts';

import { e2eWebDir } from './web-dir.ts';
import { DEMO_PASSWORD as DEMO_PASSWORD_VALUE } from '../../../src/server/demo/data.ts';

export { DEMO_PASSWORD } from '../../../src/server/demo/data.ts';

export const SCREENSHOT_DIR = path.resolve('test-results');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface E2E {
  server: RunningServer;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (no cookies), Japanese locale, JST. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** `env`: more settings for this server (e.g. RENKEI_COLLECTOR_PORT: '0' for a live flow collector). */
export async function startE2E(env: Record<string, string> = {}): Promise<E2E> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'renkei-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    RENKEI_DATA_DIR: dataDir,
    RENKEI_DEMO: '1',
    RENKEI_BASE_URL: baseUrl,
    RENKEI_LOG_LEVEL: 'warn',
    ...env,
  });
  const server = await startServer(config, { log: pino({ level: 'warn' }), webDir: e2eWebDir(), worker: false });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    server,
    baseUrl,
    browser,
    async newContext() {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 860 } });
      context.setDefaultTimeout(15_000);
      return context;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // From the top: a full-page shot of a scrolled page draws the fixed header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Fills the sign-in form and submits it; the caller waits for where it should land. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** The TOTP code for a base32 secret; `stepOffset` 1 gives the next 30-second step (codes work once). */
export function totpCode(secret: string, stepOffset = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret.replace(/\s+/g, '')) });
  return totp.generate({ timestamp: Date.now() + stepOffset * 30_000 });
}

/**
 * Signs in, for the first time, a user whose role requires MFA (operator, CSIRT, CISO …): sets up
 * TOTP from the secret shown, puts the recovery codes away, and returns on the page it lands on.
 */
export async function signInWithNewMfa(e2e: E2E, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.newContext();
  const page = await context.newPage();
  await submitSignIn(page, email, DEMO_PASSWORD_VALUE);
  await page.waitForURL((u) => u.pathname === '/mfa/setup');
  const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
  await page.getByLabel('確認コード').fill(totpCode(secret));
  await page.getByTestId('mfa-enable').click();
  await page.getByTestId('recovery-done').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/mfa'));
  return { context, page };
}
