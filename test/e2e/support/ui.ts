/** Steps the browser tests share: signing in, picking from a Mantine Select, clean screenshots, a checklist template. */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, type E2E, screenshot, submitSignIn } from './harness.ts';

/** A fresh browser profile signed in as a demo user (no MFA step), on the home page. */
export async function signedIn(e2e: E2E, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.newContext();
  const page = await context.newPage();
  await submitSignIn(page, email, DEMO_PASSWORD);
  await page.waitForURL((u) => u.pathname === '/');
  return { context, page };
}

/** Picks an option of a Mantine Select by its visible label. */
export async function choose(page: Page, select: string | Locator, option: string | RegExp): Promise<void> {
  await (typeof select === 'string' ? page.getByTestId(select) : select).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** A full-page screenshot without the passing toast notifications over the content. */
export async function cleanShot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  await screenshot(page, name);
}

/**
 * A checklist template from a standard's text, through the API as the signed-in user (the catalogs
 * module has its own browser test for doing this by hand).
 */
export async function makeChecklistTemplate(page: Page, standardText: string, title: string): Promise<void> {
  const session = await (await page.request.get('/api/v1/auth/session')).json();
  const headers = { 'x-csrf-token': session.csrfToken };
  const preview = await page.request.post('/api/v1/catalogs/preview', { headers, multipart: { file: { name: 'kijun.txt', mimeType: 'text/plain', buffer: Buffer.from(standardText, 'utf8') } } });
  expect(preview.status()).toBe(200);
  const p = await preview.json();
  const saved = await page.request.post('/api/v1/catalogs', { headers, data: { title: p.title, form: p.form, source: p.source, clauses: p.clauses, unplaced: p.unplaced, kind: 'standard' } });
  expect(saved.status()).toBe(201);
  const checklist = await page.request.post('/api/v1/checklists', { headers, data: { regulationId: (await saved.json()).id, title } });
  expect(checklist.status()).toBe(201);
}
